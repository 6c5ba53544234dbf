/**
 * The audio engine's measured scenarios, shared by the browser tests (which assert on them) and the
 * benchmark page (which reports them): a 50-clip show of clicks played through seeks, a pause, a rate
 * change, a stop and heartbeat repeats, its onsets checked against the timeline; and audio started
 * mid-clip after a seek, located in its source by cross-correlation.
 */
import * as T from '../core/clock/transport.ts';
import { hash2 } from '../core/timeline/noise.ts';
import { audioShow, click, noise, timelineOnsets, type TransportStep } from './audioTestShows.ts';
import { bestMatch, nonZeroSamples, renderShowOffline, type OfflineRenderResult } from './offlineRender.ts';

/** Result of the onset scenario. */
export interface OnsetReport {
  readonly expected: number;
  readonly detected: number;
  /** Largest |rendered onset − timeline onset|, samples (Infinity when a count differs). */
  readonly maxErrorSamples: number;
  /** Largest |rendered level − clip gain|, dB. */
  readonly maxGainErrorDb: number;
  /** Onsets the timeline has and the render lacks, or the other way round (clip ids with sample). */
  readonly unmatched: readonly string[];
  readonly render: OfflineRenderResult;
}

const SR = 48_000;

/** The 50 clicks: ids, start times (seeded jitter on a grid, spread over played and unplayed ranges) and gains. */
export function fiftyClips(): { id: string; startS: number; gainDb: number }[] {
  const ranges: [number, number][] = [[0.2, 10], [20, 10], [23.1, 5], [40, 12], [30, 6], [50, 7]];
  const clips: { id: string; startS: number; gainDb: number }[] = [];
  for (const [from, count] of ranges) {
    for (let i = 0; i < count; i++) {
      const n = clips.length;
      const jitter = (hash2(77, n) / 4294967296) * 0.05;
      // Exactly on 40 s too: a seek lands on a clip's start.
      const startS = from === 40 && i === 0 ? 40 : Math.round((from + i * 0.29 + jitter) * 1e4) / 1e4;
      clips.push({ id: `c${String(n).padStart(2, '0')}`, startS, gainDb: -0.5 - (n % 13) * 1.5 });
    }
  }
  return clips;
}

/** The transport script: play, heartbeats, seek, pause, play, seek onto a clip, rate 1.5, stop, play. Anchors 50 ms after receipt. */
export function onsetScript(): TransportStep[] {
  const steps: TransportStep[] = [];
  let t = T.createTransport(60, 0);
  const at = (atS: number, f: (s: T.TransportState, epochS: number) => T.TransportState) => {
    t = f(t, atS + 0.05);
    steps.push({ atS, transport: t });
  };
  const heartbeat = (atS: number) => steps.push({ atS, transport: { ...t, closed: [...t.closed] } });
  at(0, T.play);
  heartbeat(1);
  heartbeat(2);
  at(3, (s, e) => T.seek(s, 20, e));
  heartbeat(4);
  at(6, T.pause);
  heartbeat(6.2);
  at(6.5, T.play);
  at(7.95, (s, e) => T.seek(s, 40, e));
  heartbeat(9);
  at(10, (s, e) => T.setRate(s, 1.5, e));
  at(12, T.stop);
  at(12.5, T.play);
  heartbeat(13);
  heartbeat(13.0001);
  return steps;
}

/** Renders the 50-clip show through the script and matches every click against the timeline. */
export async function runOnsetScenario(): Promise<OnsetReport> {
  const clips = fiftyClips();
  const show = audioShow(clips.map((c) => ({ id: c.id, startS: c.startS, durationS: 0.25, source: { type: 'file', src: 'click.wav' }, params: { gainDb: c.gainDb } })));
  const steps = onsetScript();
  const durationS = 16;
  const render = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR) }, channels: 2, durationS, sampleRate: SR, steps });
  const expected = timelineOnsets(steps, clips, durationS - 0.01).map((o) => ({ ...o, sample: Math.round((o.epochS - render.advanceS + render.busDelaysS[0]!) * SR) }));
  const detected = nonZeroSamples(render.channels[0]!);
  const unmatched: string[] = [];
  let maxErr = 0;
  let maxGainErr = 0;
  const used = new Set<number>();
  for (const e of expected) {
    let best = -1;
    for (let j = 0; j < detected.length; j++) if (!used.has(j) && (best < 0 || Math.abs(detected[j]!.i - e.sample) < Math.abs(detected[best]!.i - e.sample))) best = j;
    const d = best >= 0 ? detected[best]! : null;
    if (!d || Math.abs(d.i - e.sample) > 48) {
      unmatched.push(`missing ${e.clipId}@${e.sample}`);
      continue;
    }
    used.add(best);
    maxErr = Math.max(maxErr, Math.abs(d.i - e.sample));
    const clip = clips.find((c) => c.id === e.clipId)!;
    // Centre route on the stereo pair: each side gets 1/√2 of the clip's gain.
    const errDb = Math.abs(20 * Math.log10(Math.abs(d.v) / Math.SQRT1_2) - clip.gainDb);
    if (errDb > 0.1) unmatched.push(`${e.clipId}@${e.sample} at ${(20 * Math.log10(Math.abs(d.v) / Math.SQRT1_2)).toFixed(2)} dB, not ${clip.gainDb} dB`);
    maxGainErr = Math.max(maxGainErr, errDb);
  }
  detected.forEach((d, j) => {
    if (!used.has(j)) unmatched.push(`extra @${d.i}`);
  });
  return { expected: expected.length, detected: detected.length, maxErrorSamples: unmatched.length > 0 ? Infinity : maxErr, maxGainErrorDb: maxGainErr, unmatched, render };
}

/** Result of the seek scenario. */
export interface SeekReport {
  /** Per check: where the audio was found in its source minus where the timeline puts it, ms. */
  readonly errorsMs: readonly number[];
  readonly maxErrorMs: number;
}

/**
 * A 6 s noise recording placed at show 2 s with sourceOffsetS 0.5; played from 0, then sought into the
 * middle of the clip, paused and resumed, and sought again: after each, 200 ms of output are located
 * in the recording by cross-correlation (±100 ms around the expected position).
 */
export async function runSeekScenario(): Promise<SeekReport> {
  const src = noise(4242, 6, SR);
  const show = audioShow([{ id: 'n', startS: 2, durationS: 5.4, sourceOffsetS: 0.5, source: { type: 'file', src: 'noise.wav' } }], { durationS: 20 });
  let t = T.createTransport(20, 0);
  const steps: TransportStep[] = [];
  const at = (atS: number, f: (s: T.TransportState, epochS: number) => T.TransportState) => {
    t = f(t, atS + 0.05);
    steps.push({ atS, transport: t });
  };
  at(0, T.play);
  at(1, (s, e) => T.seek(s, 3.7, e));
  at(2, T.pause);
  at(2.5, T.play);
  at(3.5, (s, e) => T.seek(s, 2.0123, e));
  at(4.5, (s, e) => T.seek(s, 6.9, e));
  const render = await renderShowOffline({ show, language: 'en', files: { 'noise.wav': src }, channels: 2, durationS: 5.2, sampleRate: SR, steps });
  const out = render.channels[0]!;
  // Source position expected at context time c: offset + (show time − clip start).
  const posAt = (c: number) => 0.5 + (T.showTimeAt(latest(steps, c), c + render.advanceS) - 2);
  const errorsMs: number[] = [];
  for (const c of [1.1, 1.6, 2.6, 3.6, 4.6]) {
    const from = Math.round(c * SR);
    const segment = out.subarray(from, from + Math.round(0.2 * SR));
    const expected = Math.round(posAt(c) * SR);
    const found = bestMatch(segment, src, expected - 0.1 * SR, expected + 0.1 * SR);
    errorsMs.push(((found - expected) / SR) * 1000);
  }
  return { errorsMs, maxErrorMs: Math.max(...errorsMs.map(Math.abs)) };
}

/** The transport governing context time c (the latest whose anchor has passed). */
function latest(steps: readonly TransportStep[], c: number): T.TransportState {
  let t = steps[0]!.transport;
  for (const s of steps) if (s.transport.anchorEpochS <= c) t = s.transport;
  return t;
}
