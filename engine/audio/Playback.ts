import type { BaseContext } from 'tone';
import type { AudioVoice } from '../core/audio/audioVoices.ts';
import type { DriftCorrector } from '../core/audio/DriftCorrector.ts';
import { voiceGainAt, voiceGainCurve } from '../core/audio/voiceTiming.ts';
import type { ContextTimeline } from './ContextTimeline.ts';
import type { VoiceBuffer } from './voiceBuffers.ts';

/** One scheduled start, as the engine planned it (tests, the audio page's record mode). */
export interface ScheduledOnset {
  readonly key: string;
  readonly clipId: string;
  /** Context time of the start (a whole sample), before per-speaker delays. */
  readonly ctxS: number;
  /** Show time at that moment. */
  readonly showS: number;
  /** Position in the source played first, s. */
  readonly sourceS: number;
  /** True for a start at the clip's own start; false for a start mid-clip (after a seek, play, rate change or loop). */
  readonly atClipStart: boolean;
  /** True when a transport change cut it before it started: it was never heard. */
  cancelled: boolean;
}

/** One voice played in one loop pass of one transport generation: its nodes and where its source is. */
export interface Playback {
  readonly voice: AudioVoice;
  /** Null for a recording that had ended before the start: kept so its key is not retried. */
  readonly source: AudioBufferSourceNode | null;
  readonly gain: GainNode | null;
  readonly routes: GainNode[];
  /** Loop iteration of the transport this playback belongs to. */
  readonly k: number;
  readonly cStart: number;
  cEnd: number;
  readonly sStart: number;
  readonly sEnd: number;
  /** Unwrapped source position at context time rates[0].c, s. */
  srcStart: number;
  /** The playback rate from context time c on: the last two settings (older ones folded into srcStart). */
  rates: { c: number; r: number }[];
  gainUntilS: number;
  stopScheduled: boolean;
  cut: boolean;
  readonly corrector: DriftCorrector;
  readonly onset: ScheduledOnset | null;
}

/** Unwrapped source position of a playback at context time c, from the rates it was given. */
export function positionAt(p: Playback, c: number): number {
  let pos = p.srcStart;
  for (let i = 0; i < p.rates.length; i++) {
    const a = p.rates[i]!;
    const until = Math.min(c, p.rates[i + 1]?.c ?? c);
    if (until > a.c) pos += (until - a.c) * a.r;
  }
  return pos;
}

/** How a playback's nodes start: where, how fast, into which speakers, with which first gain. */
export interface PlaybackStart {
  readonly vb: VoiceBuffer;
  readonly rate: number;
  /** Gain into each speaker bus (0: not connected). */
  readonly routeGains: readonly number[];
  readonly bus: (speaker: number) => AudioNode;
  readonly gain0: number;
  readonly atClipStart: boolean;
  readonly cStart: number;
  readonly srcPos: number;
  readonly fadeS: number;
  readonly sampleRate: number;
}

/** Builds source → gain → one gain per speaker → speaker buses, and starts the source at `cStart`. */
export function startNodes(ctx: BaseContext, s: PlaybackStart): { source: AudioBufferSourceNode; gain: GainNode; routes: GainNode[] } {
  const durS = s.vb.buffer.duration;
  const source = ctx.createBufferSource();
  source.buffer = s.vb.buffer;
  source.loop = s.vb.loop;
  if (s.vb.loop) {
    source.loopStart = 0;
    source.loopEnd = durS;
  }
  source.playbackRate.value = s.rate;
  const gain = ctx.createGain();
  gain.channelCount = 1;
  gain.channelCountMode = 'explicit';
  source.connect(gain);
  const routes: GainNode[] = [];
  s.routeGains.forEach((g, i) => {
    if (g <= 0) return;
    const r = ctx.createGain();
    r.gain.value = g;
    gain.connect(r);
    r.connect(s.bus(i));
    routes.push(r);
  });
  // Set half a sample early: cStart × sampleRate can land a hair past the frame the source starts on.
  gain.gain.setValueAtTime(s.atClipStart ? s.gain0 : 0, s.cStart - 0.5 / s.sampleRate);
  // A mid-clip start (after a seek or rate change) fades in over a few ms, as the cut voice fades out.
  if (!s.atClipStart) gain.gain.linearRampToValueAtTime(s.gain0, s.cStart + s.fadeS);
  source.start(s.cStart, s.srcPos);
  return { source, gain, routes };
}

/** Spacing of gain automation points, seconds of show time (fades and gain keyframes in between are linear). */
const GAIN_STEP_S = 0.005;

/** Gain automation of a playback up to context time `wEnd`, and its stop once that falls inside. */
export function extendPlayback(p: Playback, wEnd: number, timeline: ContextTimeline): void {
  if (!p.source || !p.gain) return;
  const wEndShow = Math.min(p.sEnd, timeline.showOfCtx(p.k, wEnd));
  if (wEndShow > p.gainUntilS) {
    const from = p.gainUntilS;
    const n = Math.max(2, Math.ceil((wEndShow - from) / GAIN_STEP_S) + 1);
    const curve = voiceGainCurve(p.voice, from, wEndShow, n);
    for (let i = 1; i < n; i++) {
      const v = curve[i]!;
      // Constant stretches need no points in between.
      if (i < n - 1 && v === curve[i - 1] && v === curve[i + 1]) continue;
      p.gain.gain.linearRampToValueAtTime(v, timeline.ctxOfShow(p.k, from + ((wEndShow - from) * i) / (n - 1)));
    }
    p.gainUntilS = wEndShow;
  }
  if (!p.stopScheduled && p.cEnd <= wEnd) {
    p.source.stop(p.cEnd);
    p.stopScheduled = true;
  }
}

/**
 * Cuts a playback from context time `at`: not yet started, it never sounds; running, it fades out
 * over `fadeS` from its gain at the show time `showAtOf` gives for it.
 */
export function cutPlayback(p: Playback, at: number, fadeS: number, showAtOf: (p: Playback) => number): void {
  if (p.cut || !p.source || !p.gain || p.cEnd <= at) return;
  p.cut = true;
  if (p.cStart >= at) {
    // Not started: disconnect at once (whatever the source does later, nothing hears it).
    p.gain.disconnect();
    if (!p.stopScheduled) p.source.stop(p.cStart);
    if (p.onset) p.onset.cancelled = true;
    p.stopScheduled = true;
    p.cEnd = at;
    return;
  }
  const end = at + fadeS;
  const showAt = showAtOf(p);
  p.gain.gain.cancelScheduledValues(at);
  p.gain.gain.setValueAtTime(voiceGainAt(p.voice, Math.min(Math.max(showAt, p.sStart), p.sEnd)), at);
  p.gain.gain.linearRampToValueAtTime(0, end);
  if (!p.stopScheduled) {
    p.source.stop(end);
    p.stopScheduled = true;
  }
  p.cEnd = Math.min(p.cEnd, end);
}
