/**
 * The audio engine rendered offline (Tone.Offline, 48 kHz) in real Chromium: every node is built
 * inside the offline callback and the engine runs on that context's clock. The rendered samples are
 * checked against the timeline.
 */
import { describe, expect, test } from 'vitest';
import * as T from '../core/clock/transport.ts';
import { speakerPlan } from '../core/audio/speakerPlan.ts';
import type { ProfileAudio } from '../core/profile/profileSchema.ts';
import { voiceGainAt } from '../core/audio/voiceTiming.ts';
import { audioVoices } from '../core/audio/audioVoices.ts';
import { audioShow, click, dc, timelineOnsets, tone, type TransportStep } from './audioTestShows.ts';
import { renderSynth } from './instruments.ts';
import { nonZeroSamples, renderShowOffline, type OfflineStep } from './offlineRender.ts';
import { runOnsetScenario, runSeekScenario } from './scenarios.ts';

const SR = 48_000;
const dB = (x: number) => 20 * Math.log10(x);

/** Steps from (receive time, transport function) pairs; each change is anchored 50 ms after it is received. */
function script(durationS: number, changes: [number, (s: T.TransportState, e: number) => T.TransportState][]): TransportStep[] {
  let t = T.createTransport(durationS, 0);
  return changes.map(([atS, f]) => {
    t = f(t, atS + 0.05);
    return { atS, transport: t };
  });
}

/** Dominant frequency of a stretch of samples, from its zero crossings (Hz). */
function frequency(x: Float32Array, from: number, to: number): number {
  let crossings = 0;
  for (let i = from + 1; i < to; i++) if (x[i - 1]! < 0 && x[i]! >= 0) crossings++;
  return crossings / ((to - from) / SR);
}


/** Sub-sample click positions: an impulse played at a fractional position lands on two samples (weighted centre). */
function clickCentres(channel: Float32Array): number[] {
  const hits = nonZeroSamples(channel);
  const clicks: number[] = [];
  for (let j = 0; j < hits.length; ) {
    let w = 0;
    let m = 0;
    const first = hits[j]!.i;
    for (; j < hits.length && hits[j]!.i - first < 3; j++) {
      w += hits[j]!.v;
      m += hits[j]!.v * hits[j]!.i;
    }
    clicks.push(m / w);
  }
  return clicks;
}

describe('AudioEngine offline', () => {
  test('50 clicks through seeks, pause, rate, stop and heartbeats: every onset sample-exact, none doubled or lost, gains within 0.1 dB', async () => {
    const r = await runOnsetScenario();
    expect(r.unmatched).toEqual([]);
    expect(r.detected).toBe(r.expected);
    expect(r.expected).toBeGreaterThanOrEqual(40);
    expect(r.maxErrorSamples).toBeLessThanOrEqual(1);
    expect(r.maxGainErrorDb).toBeLessThan(0.1);
    // The engine's own record agrees: as many starts at a clip's start, not cancelled by a change, as clicks heard.
    expect(r.render.onsets.filter((o) => o.atClipStart && !o.cancelled)).toHaveLength(r.expected);
    expect(r.render.onsets.some((o) => o.cancelled)).toBe(true);
  });

  test('fades (GSAP eases) and gain keyframes within 0.1 dB, from the start and after a seek into the fade-out', async () => {
    const clip = {
      id: 'level',
      startS: 1,
      durationS: 6,
      fadeInS: 1.5,
      fadeInEase: 'sine.inOut',
      fadeOutS: 2,
      fadeOutEase: 'power2.out',
      source: { type: 'file', src: 'dc.wav' },
      params: { gainDb: { keyframes: [{ t: 0, v: -12 }, { t: 3, v: 0, ease: 'power1.inOut' }, { t: 6, v: -6 }] } },
    };
    const show = audioShow([clip], { durationS: 20 });
    const voice = audioVoices(show, 'en')[0]!;
    const steps = script(20, [[0, T.play], [8, (s, e) => T.seek(s, 5.5, e)]]);
    // Anchor at 0.05: show time = context time − 0.05 until the seek, then 5.5 + (c − 8.05).
    const r = await renderShowOffline({ show, language: 'en', files: { 'dc.wav': dc(10, SR) }, channels: 2, durationS: 9.6, sampleRate: SR, steps });
    const out = r.channels[0]!;
    const showAt = (c: number) => (c < 8.05 ? c - 0.05 : 5.5 + (c - 8.05));
    let maxErr = 0;
    let checked = 0;
    for (let i = 0; i < out.length; i += 7) {
      const c = i / SR;
      if (c > 8.04 && c < 8.06) continue; // the 5 ms cut and restart fades around the seek
      const want = voiceGainAt(voice, showAt(c)) * Math.SQRT1_2;
      if (want < 0.01) continue;
      maxErr = Math.max(maxErr, Math.abs(dB(Math.abs(out[i]!)) - dB(want)));
      checked++;
    }
    expect(checked).toBeGreaterThan(40_000);
    expect(maxErr).toBeLessThan(0.1);
    // One point by hand: 0.75 s in, sine.inOut fade-in at 0.5, gain power1.inOut(0.25) = 0.125 of −12 → 0 dB.
    const hand = 0.5 * 10 ** ((-12 + 12 * 0.125) / 20) * Math.SQRT1_2;
    expect(Math.abs(dB(out[Math.round((1.05 + 0.75) * SR)]!) - dB(hand))).toBeLessThan(0.1);
    // Silent before the clip and after its end.
    expect(nonZeroSamples(out.subarray(0, Math.round(1.049 * SR)))).toEqual([]);
    expect(nonZeroSamples(out.subarray(Math.round(9.551 * SR)))).toEqual([]);
  });

  test('after a seek, a pause and resume, and seeks into a clip, the audio is at the right place in its source (cross-correlation)', async () => {
    const r = await runSeekScenario();
    expect(r.errorsMs).toHaveLength(5);
    expect(r.maxErrorMs).toBeLessThanOrEqual(1000 / SR);
  });

  test('no doubled or phantom onsets across rapid stop / seek / start sequences and repeated messages', async () => {
    const clips = Array.from({ length: 40 }, (_, i) => ({ id: `k${i}`, startS: 0.5 * i + 0.1 }));
    const show = audioShow(clips.map((c) => ({ id: c.id, startS: c.startS, durationS: 0.3, source: { type: 'file', src: 'click.wav' } })), { durationS: 30 });
    let t = T.createTransport(30, 0);
    const steps: TransportStep[] = [];
    const at = (atS: number, f: (s: T.TransportState, e: number) => T.TransportState, anchorAfterS = 0.05) => {
      t = f(t, atS + anchorAfterS);
      steps.push({ atS, transport: t });
    };
    const repeat = (atS: number) => steps.push({ atS, transport: { ...t } });
    at(0, T.play);
    for (let k = 0; k < 10; k++) repeat(0.2 + k * 0.01); // the same state, ten times in 100 ms
    at(1, (s, e) => T.seek(s, 5.1, e)); // onto a clip start
    at(1.02, (s, e) => T.seek(s, 5.1, e), 0.04); // the same seek again, 10 ms later
    at(1.5, T.stop);
    at(1.51, T.play, 0.06); // stop then play at once
    at(2.2, T.pause);
    at(2.21, T.play, 0.07); // a 30 ms pause, shorter than the lookahead
    at(3, (s, e) => T.seek(s, 2.05, e)); // back before clips already heard: they play again
    at(3.2, (s, e) => T.seek(s, 2.05, e));
    repeat(3.3);
    at(4, T.stop);
    repeat(4.1);
    at(4.5, T.play);
    const r = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR) }, channels: 2, durationS: 6, sampleRate: SR, steps });
    const expected = timelineOnsets(steps, clips, 5.99).map((o) => Math.round(o.epochS * SR));
    const heard = nonZeroSamples(r.channels[0]!).map((d) => d.i);
    expect(heard).toEqual(expected);
    expect(new Set(r.onsets.map((o) => `${o.key}@${o.ctxS}`)).size).toBe(r.onsets.length);
  });

  test('speaker delays per channel (8 speakers, 8 channels): every speaker\'s sound reaches the eye with the light', async () => {
    const radii = [21, 21, 15, 12, 8, 18, 21, 5];
    const audio: ProfileAudio = {
      speakers: radii.map((rad, i) => {
        const a = (i * 45 * Math.PI) / 180;
        return { id: `s${i}`, positionM: [rad * Math.cos(a), 3, rad * Math.sin(a)] as [number, number, number], channel: 7 - i };
      }),
    };
    const eye: [number, number, number] = [0, 1.6, 0];
    const show = audioShow([{ id: 'bang', startS: 1, durationS: 0.5, source: { type: 'file', src: 'click.wav' } }], { durationS: 10 });
    const r = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR) }, profileAudio: audio, eyeM: eye, channels: 8, durationS: 1.6, sampleRate: SR, steps: script(10, [[0, T.play]]) });
    expect(r.inHall).toBe(true);
    const plan = speakerPlan(audio, eye);
    expect(plan.advanceS).toBeCloseTo(Math.hypot(21, 1.4) / 343, 9);
    // The light shows show time 1 s at epoch 1.05 (anchor 0.05).
    plan.speakers.forEach((sp, i) => {
      const hits = nonZeroSamples(r.channels[sp.channel]!);
      expect(hits, `speaker ${sp.id}`).toHaveLength(1);
      const emitted = hits[0]!.i / SR;
      const arrives = emitted + sp.distanceM / 343;
      expect(Math.abs(arrives - 1.05) * SR, `speaker ${sp.id}`).toBeLessThanOrEqual(1);
      expect(hits[0]!.i).toBe(Math.round((1.05 - r.advanceS) * SR) + Math.round(r.busDelaysS[i]! * SR));
      expect(hits[0]!.v).toBeCloseTo(1 / Math.sqrt(8), 5);
    });
    // The farthest speakers play first, the nearest last (about 46 ms later at 5 m against 21 m).
    const first = (ch: number) => nonZeroSamples(r.channels[ch]!)[0]!.i;
    expect(first(7 - 7) - first(7 - 0)).toBe(Math.round(r.busDelaysS[7]! * SR));
    expect(r.busDelaysS[7]! * 1000).toBeGreaterThan(45);
  });

  test('folds an 8-speaker hall down to stereo: no delays, power kept, direction kept', async () => {
    const audio: ProfileAudio = {
      speakers: Array.from({ length: 8 }, (_, i) => {
        const a = (i * 45 * Math.PI) / 180;
        return { id: `s${i}`, positionM: [21 * Math.cos(a), 3, 21 * Math.sin(a)] as [number, number, number], channel: i };
      }),
    };
    const show = audioShow(
      [
        { id: 'centre', startS: 1, durationS: 0.3, source: { type: 'file', src: 'click.wav' } },
        { id: 'right', startS: 2, durationS: 0.3, route: { azimuthDeg: 90 }, source: { type: 'file', src: 'click.wav' } },
        { id: 'left', startS: 3, durationS: 0.3, route: { speakers: ['s6'] }, source: { type: 'file', src: 'click.wav' } },
      ],
      { durationS: 10 },
    );
    const r = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR) }, profileAudio: audio, channels: 2, durationS: 3.5, sampleRate: SR, steps: script(10, [[0, T.play]]) });
    expect(r.inHall).toBe(false);
    expect(r.advanceS).toBe(0);
    const [l, rr] = [nonZeroSamples(r.channels[0]!), nonZeroSamples(r.channels[1]!)];
    const at = (hits: { i: number; v: number }[], s: number) => hits.find((h) => h.i === Math.round((s + 0.05) * SR))?.v ?? 0;
    for (const s of [1, 2, 3]) expect(at(l, s) ** 2 + at(rr, s) ** 2, `power at ${s} s`).toBeCloseTo(1, 5);
    expect(at(l, 1)).toBeCloseTo(at(rr, 1), 5); // every speaker equally: centred
    expect(at(rr, 2)).toBeCloseTo(1, 5); // +90° (toward +z) is the listener's right with front +x
    expect(at(l, 3)).toBeCloseTo(1, 5); // s6 at 270° is hard left
    // Exactly one click per clip on each side that has one, at the light's time (no delays folded in).
    expect(l.length + rr.length).toBe(4);
  });

  test('narration plays the showing\'s language, else the clip\'s fallback, else the show\'s default; a missing file is silent and the show runs', async () => {
    const show = audioShow(
      [
        { id: 'n1', startS: 0.5, durationS: 1, source: { type: 'narration', variants: { en: { src: 'en.wav', text: 'Hello' }, fr: { src: 'fr.wav', text: 'Bonjour' } }, fallback: 'fr' } },
        { id: 'n2', startS: 2, durationS: 1, source: { type: 'narration', variants: { en: { src: 'en.wav' }, fr: { src: 'fr.wav' } } } },
        { id: 'gone', startS: 3.5, durationS: 1, source: { type: 'file', src: 'missing.wav' } },
        { id: 'after', startS: 4.8, durationS: 0.5, source: { type: 'file', src: 'vi.wav' } },
      ],
      { durationS: 20, languages: ['vi', 'en', 'fr'], defaultLanguage: 'en' },
    );
    const files = { 'en.wav': tone(440, 2, SR), 'fr.wav': tone(660, 2, SR), 'vi.wav': tone(550, 2, SR) };
    const heard = async (language: string) => {
      const r = await renderShowOffline({ show, language, files, channels: 2, durationS: 5.5, sampleRate: SR, steps: script(20, [[0, T.play]]) });
      const x = r.channels[0]!;
      const f = (s: number, lenS: number) => Math.round(frequency(x, Math.round((s + 0.1) * SR), Math.round((s + 0.1 + lenS) * SR)) / 10) * 10;
      return { n1: f(0.55, 0.8), n2: f(2.05, 0.8), gone: nonZeroSamples(x.subarray(Math.round(3.5 * SR), Math.round(4.8 * SR))).length, after: f(4.85, 0.3) };
    };
    expect(await heard('en')).toEqual({ n1: 440, n2: 440, gone: 0, after: 550 });
    expect(await heard('fr')).toEqual({ n1: 660, n2: 660, gone: 0, after: 550 });
    // vi: n1 has no vi recording → its fallback fr; n2 has no fallback → the show's default en.
    expect(await heard('vi')).toEqual({ n1: 660, n2: 440, gone: 0, after: 550 });
  });

  test('a language change between showings: the next showing speaks the new language', async () => {
    const show = audioShow([{ id: 'n', startS: 0.5, durationS: 1, source: { type: 'narration', variants: { en: { src: 'en.wav' }, fr: { src: 'fr.wav' } } } }], { durationS: 20, languages: ['en', 'fr'] });
    let t = T.createTransport(20, 0);
    const steps: OfflineStep[] = [];
    t = T.play(t, 0.05);
    steps.push({ atS: 0, transport: t });
    t = T.stop(t, 2.05);
    steps.push({ atS: 2, transport: t });
    steps.push({ atS: 2.2, language: 'fr' });
    t = T.play(t, 2.55);
    steps.push({ atS: 2.5, transport: t });
    const r = await renderShowOffline({ show, language: 'en', files: { 'en.wav': tone(440, 2, SR), 'fr.wav': tone(660, 2, SR) }, channels: 2, durationS: 4.5, sampleRate: SR, steps });
    const x = r.channels[0]!;
    expect(Math.round(frequency(x, Math.round(0.7 * SR), Math.round(1.3 * SR)) / 10) * 10).toBe(440);
    expect(Math.round(frequency(x, Math.round(3.2 * SR), Math.round(3.8 * SR)) / 10) * 10).toBe(660);
  });

  test('a synth voice is a function of time since its start: after a seek it plays exactly the samples it would have played', async () => {
    const spec = { instrument: 'rumble' as const, seed: 9, params: {} };
    const show = audioShow([{ id: 'roar', startS: 0, durationS: 8, source: { type: 'synth', instrument: 'rumble', seed: 9 } }], { durationS: 20 });
    const steps = script(20, [[0, T.play], [1, (s, e) => T.seek(s, 5, e)]]);
    const r = await renderShowOffline({ show, language: 'en', files: {}, channels: 2, durationS: 2, sampleRate: SR, steps });
    const synth = renderSynth(spec, 8, SR).samples;
    const out = r.channels[0]!;
    let maxErr = 0;
    let peak = 0;
    // Before the seek: show time c − 0.05; after it (and its 5 ms fade-in): 5 + (c − 1.05).
    for (const [fromS, toS, showOf] of [[0.1, 1.0, (c: number) => c - 0.05], [1.06, 2, (c: number) => 5 + (c - 1.05)]] as const) {
      for (let i = Math.round(fromS * SR); i < Math.round(toS * SR); i++) {
        const want = synth[Math.round(showOf(i / SR) * SR)]! * Math.SQRT1_2;
        maxErr = Math.max(maxErr, Math.abs(out[i]! - want));
        peak = Math.max(peak, Math.abs(want));
      }
    }
    expect(peak).toBeGreaterThan(0.05);
    expect(maxErr).toBeLessThan(1e-6);
  });

  test('a step in the clock map is removed by a bounded rate nudge (≤ 0.1 %), never by a jump', async () => {
    // A click every 100 ms for 20 s, one clip from show time 0; at 2 s the map learns the audio clock is 3 ms ahead.
    const train = new Float32Array(20 * SR);
    for (let k = 0; k < 200; k++) train[k * 4800] = 1;
    const show = audioShow([{ id: 'train', startS: 0, durationS: 20, source: { type: 'file', src: 'train.wav' } }], { durationS: 30 });
    const shifted = { toEpoch: (c: number) => c - 0.003, toContext: (e: number) => e + 0.003, ratePpm: 0 };
    const steps: OfflineStep[] = [...script(30, [[0, T.play]]), { atS: 2, clock: shifted }];
    const r = await renderShowOffline({ show, language: 'en', files: { 'train.wav': train }, channels: 2, durationS: 12, sampleRate: SR, steps });
    const clicks = clickCentres(r.channels[0]!);
    expect(clicks.length).toBeGreaterThanOrEqual(115);
    const errorMs = clicks.map((c, k) => {
      const clock = c / SR < 2.01 ? (e: number) => e : shifted.toContext;
      return (c / SR - clock(0.05 + 0.1 * k)) * 1000;
    });
    // Exact before the step; then the 3 ms error shrinks and stays within the 1 ms threshold.
    expect(Math.max(...errorMs.slice(0, 19).map(Math.abs))).toBeLessThan(0.01);
    const settled = clicks.map((c, k) => (c / SR > 8 ? Math.abs(errorMs[k]!) : 0));
    expect(Math.max(...settled)).toBeLessThanOrEqual(1);
    // No jump: every interval within 0.1 % (and a sample's rounding) of 100 ms.
    const intervals = clicks.slice(1).map((c, k) => c - clicks[k]!);
    expect(Math.max(...intervals.map((d) => Math.abs(d - 4800)))).toBeLessThanOrEqual(4800 * 0.001 + 0.5);
    expect(Math.max(...intervals.map((d) => Math.abs(d - 4800)))).toBeGreaterThan(1); // it did act
  });

  test('a voice far off its time (a 60 ms step in the clock map) is started again at its right position, not chased', async () => {
    const train = new Float32Array(20 * SR);
    for (let k = 0; k < 200; k++) train[k * 4800] = 1;
    const show = audioShow([{ id: 'train', startS: 0, durationS: 20, source: { type: 'file', src: 'train.wav' } }], { durationS: 30 });
    const shifted = { toEpoch: (c: number) => c - 0.06, toContext: (e: number) => e + 0.06, ratePpm: 0 };
    const steps: OfflineStep[] = [...script(30, [[0, T.play]]), { atS: 2, clock: shifted }];
    const r = await renderShowOffline({ show, language: 'en', files: { 'train.wav': train }, channels: 2, durationS: 5, sampleRate: SR, steps });
    const clicks = clickCentres(r.channels[0]!);
    // Before the step: on time. After it (and the cut): every click where the new map puts it, to a sample.
    const late = clicks.filter((c) => c / SR > 2.3);
    expect(late.length).toBeGreaterThan(20);
    for (const c of late) {
      const k = Math.round((c / SR - 0.06 - 0.05) / 0.1);
      expect(Math.abs(c - Math.round((0.05 + 0.1 * k + 0.06) * SR))).toBeLessThanOrEqual(1);
    }
    const early = clicks.filter((c) => c / SR < 2);
    expect(early.length).toBe(20);
    early.forEach((c, k) => expect(Math.abs(c - (0.05 + 0.1 * k) * SR)).toBeLessThan(0.01));
  });

  test('a transport loop: clicks inside it heard once per iteration, a clip across its start resumes mid-clip, one across its end is cut', async () => {
    const show = audioShow(
      [
        { id: 'before', startS: 0.5, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
        { id: 'a', startS: 1.2, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
        { id: 'b', startS: 1.7, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
        { id: 'never', startS: 2.5, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
        { id: 'across-start', startS: 0.8, durationS: 0.5, source: { type: 'file', src: 'dc.wav' } },
        { id: 'across-end', startS: 1.9, durationS: 0.5, source: { type: 'file', src: 'dc.wav' } },
      ],
      { durationS: 10 },
    );
    const steps = script(10, [[0, (s, e) => T.play(T.setLoop(s, { startS: 1, endS: 2 }, e), e)]]);
    const r = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR), 'dc.wav': dc(1, SR, 0.25) }, channels: 2, durationS: 4.6, sampleRate: SR, steps });
    const out = r.channels[1]!;
    // Travel τ plays show τ until 2, then 1 + (τ − 1) mod 1; epoch = 0.05 + τ.
    const clickAt = (τ: number) => Math.round((0.05 + τ) * SR);
    const expected = [0.5, 1.2, 1.7, 2.2, 2.7, 3.2, 3.7, 4.2].map(clickAt);
    const clicks = nonZeroSamples(out).filter((h) => Math.abs(h.v) > 0.5).map((h) => h.i);
    expect(clicks).toEqual(expected);
    // The DC clips: 0.25 × 1/√2 while they sound, 0 elsewhere (away from the 5 ms fades at the loop start).
    const level = (τ: number) => out[Math.round((0.05 + τ) * SR)]!;
    const on = 0.25 * Math.SQRT1_2;
    for (const τ of [0.9, 1.1, 2.1, 2.25, 3.15, 4.25]) expect(level(τ), `across-start at travel ${τ}`).toBeCloseTo(on, 5); // show 0.9, 1.1, 1.1, 1.25, 1.15, 1.25
    for (const τ of [1.95, 2.95, 3.95]) expect(level(τ), `across-end at travel ${τ}`).toBeCloseTo(on, 5); // show 1.95 each time
    for (const τ of [1.5, 2.5, 3.5, 2.35, 3.4]) expect(level(τ), `silence at travel ${τ}`).toBe(0);
  });

  test('nothing is scheduled on an untrusted clock map; once it is fitted, voices under way start mid-clip and later ones exactly', async () => {
    const show = audioShow(
      [
        { id: 'early', startS: 0.5, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
        { id: 'bed', startS: 0.2, durationS: 3, source: { type: 'file', src: 'dc.wav' } },
        { id: 'late', startS: 1.5, durationS: 0.2, source: { type: 'file', src: 'click.wav' } },
      ],
      { durationS: 10 },
    );
    // Before 1 s the map is not ready (and wildly wrong, as one with no pairs can be).
    const unfitted = { toEpoch: (c: number) => c + 1e6, toContext: (e: number) => e - 1e6, ratePpm: 0, ready: false };
    const steps: OfflineStep[] = [{ atS: 0, clock: unfitted }, ...script(10, [[0, T.play]]), { atS: 1, clock: { toEpoch: (c: number) => c, toContext: (e: number) => e, ratePpm: 0, ready: true } }];
    const r = await renderShowOffline({ show, language: 'en', files: { 'click.wav': click(0.05, SR), 'dc.wav': dc(4, SR, 0.25) }, channels: 2, durationS: 2.5, sampleRate: SR, steps });
    const out = r.channels[0]!;
    expect(nonZeroSamples(out.subarray(0, SR))).toEqual([]);
    expect(out[Math.round(1.2 * SR)]).toBeCloseTo(0.25 * Math.SQRT1_2, 6);
    expect(r.onsets.find((o) => o.clipId === 'bed')?.atClipStart).toBe(false);
    expect(r.onsets.find((o) => o.clipId === 'bed')!.ctxS).toBeLessThan(1.05);
    const clicks = nonZeroSamples(out).filter((h) => h.v > 0.5).map((h) => h.i);
    expect(clicks).toEqual([Math.round(1.55 * SR)]);
  });
});
