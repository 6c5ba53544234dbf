import type { BaseContext } from 'tone';
import type { TransportState } from '../core/clock/transport.ts';
import { AudioVoiceIndex } from '../core/audio/AudioVoiceIndex.ts';
import type { AudioVoice } from '../core/audio/audioVoices.ts';
import { DriftCorrector, type DriftCorrectorOptions } from '../core/audio/DriftCorrector.ts';
import { sourcePositionAt, voiceGainAt, voiceGainCurve } from '../core/audio/voiceTiming.ts';
import type { SpeakerGraph } from './SpeakerGraph.ts';
import type { VoiceBuffer } from './voiceBuffers.ts';

/** Shared epoch ↔ AudioContext time (the core's AudioClockMap; the identity inside Tone.Offline). */
export interface ClockMapping {
  toContext(epochS: number): number;
  toEpoch(ctxS: number): number;
  /** Epoch seconds per context second, minus 1, in ppm. */
  readonly ratePpm: number;
  /** False while the map has too few pairs to trust: nothing is scheduled then (absent = always ready). */
  readonly ready?: boolean;
}

/** Context time is the epoch (offline rendering, where there is no other clock). */
export const IDENTITY_CLOCK: ClockMapping = { toContext: (e) => e, toEpoch: (c) => c, ratePpm: 0 };

/** How the engine is wired and how far ahead it schedules. */
export interface AudioEngineOptions {
  /** The Tone context: the page's real-time one, or the one Tone.Offline passes to its callback. */
  readonly context: BaseContext;
  readonly clock: ClockMapping;
  /** Speaker buses, their delays and the advance of the whole audio (see SpeakerGraph). */
  readonly speakers: SpeakerGraph;
  /** Scheduling window ahead of the context clock, s (default 0.2). */
  readonly lookaheadS?: number;
  /** Timer period of the scheduling pass, s (default 0.05). */
  readonly intervalS?: number;
  /** Nothing is scheduled sooner than this after the context's current time, s (default 0.01). */
  readonly minLeadS?: number;
  /** Fade applied when a running voice is cut or restarted mid-way (stop, seek, rate), s (default 0.005). */
  readonly cutFadeS?: number;
  /** Voices shorter than this are left to run without drift correction, s (default 1). */
  readonly driftMinS?: number;
  /**
   * A running voice this far off its show time (ms, default 40: sound 45 ms early is noticed) is not
   * chased by rate nudges (at ±0.1 % a 40 ms error takes 40 s): everything is cut with the short cut
   * fade and started again at its right position, as a seek does. Audio starved of CPU (its clock
   * stalls) or a device that dropped out gets there; a healthy one never does.
   */
  readonly resyncMs?: number;
  readonly drift?: DriftCorrectorOptions;
}

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

interface Playback {
  readonly voice: AudioVoice;
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
function positionAt(p: Playback, c: number): number {
  let pos = p.srcStart;
  for (let i = 0; i < p.rates.length; i++) {
    const a = p.rates[i]!;
    const until = Math.min(c, p.rates[i + 1]?.c ?? c);
    if (until > a.c) pos += (until - a.c) * a.r;
  }
  return pos;
}

const sameTransport = (a: TransportState | null, b: TransportState): boolean =>
  a !== null &&
  a.status === b.status &&
  a.anchorEpochS === b.anchorEpochS &&
  a.anchorTravelS === b.anchorTravelS &&
  a.rate === b.rate &&
  a.segment === b.segment &&
  a.durationS === b.durationS &&
  (a.loop === b.loop || (a.loop !== null && b.loop !== null && a.loop.startS === b.loop.startS && a.loop.endS === b.loop.endS));

/** Spacing of gain automation points, seconds of show time (fades and gain keyframes in between are linear). */
const GAIN_STEP_S = 0.005;
/** Scheduled onsets kept for inspection. */
const ONSETS_KEPT = 2000;

/**
 * The Tone.js audio engine: one per conductor machine. It schedules every voice against the shared
 * show clock over a lookahead window (Web Audio's "tale of two clocks"): a start that falls in the
 * window is placed at the exact context sample of its show time; a voice already under way when the
 * transport changes (play, seek, rate, loop) starts mid-clip at its source position. Every transport
 * change cuts what was scheduled after it (a 5 ms fade, players stopped or never started), and every
 * playback is keyed by (transport generation, loop iteration, voice), so nothing starts twice. Running
 * voices are held on the clock by a bounded playback-rate nudge (DriftCorrector), never by a jump.
 * Everything is a function of the transport, the clock map and the context time.
 */
export class AudioEngine {
  private readonly ctx: BaseContext;
  private readonly sr: number;
  private readonly lookaheadS: number;
  private readonly intervalS: number;
  private readonly minLeadS: number;
  private readonly cutFadeS: number;
  private readonly driftMinS: number;
  private readonly resyncMs: number;
  /** Times the engine re-started every voice because one had drifted past `resyncMs`. */
  resyncs = 0;
  private clock: ClockMapping;
  private index = new AudioVoiceIndex([]);
  private buffers: ReadonlyMap<string, VoiceBuffer> = new Map();
  private readonly routeCache = new Map<string, readonly number[]>();
  private transport: TransportState | null = null;
  private generation = 0;
  /** Travel planned so far under this generation (null: from planFromCtx). Travel, not context time, so a re-fitted clock map never skips or repeats show time. */
  private horizonTravel: number | null = null;
  /** No start is placed before this context time (the last cut). */
  private planFromCtx = 0;
  private readonly playbacks = new Map<string, Playback>();
  private timer: number | null = null;
  private driftWindow: { c: number; ms: number }[] = [];
  /** Every start the engine scheduled, oldest first (the last ONSETS_KEPT). */
  readonly onsets: ScheduledOnset[] = [];

  constructor(private readonly o: AudioEngineOptions) {
    this.ctx = o.context;
    this.sr = o.context.sampleRate;
    this.clock = o.clock;
    this.lookaheadS = o.lookaheadS ?? 0.2;
    this.intervalS = o.intervalS ?? 0.05;
    this.minLeadS = o.minLeadS ?? 0.01;
    this.cutFadeS = o.cutFadeS ?? 0.005;
    this.driftMinS = o.driftMinS ?? 1;
    this.resyncMs = o.resyncMs ?? 40;
  }

  /** Starts the scheduling timer (Tone's context clock: a worker in real time, the render loop offline). */
  start(): void {
    if (this.timer === null) this.timer = this.ctx.setInterval(() => this.tick(), this.intervalS);
    this.tick();
  }

  /** Stops the timer and silences everything scheduled. */
  dispose(): void {
    if (this.timer !== null) this.ctx.clearInterval(this.timer);
    this.timer = null;
    this.cutAll(this.ctx.currentTime + this.minLeadS);
  }

  /** The voices of the showing (a language or show change) and their buffers; what sounds is cut and re-planned. */
  setVoices(voices: readonly AudioVoice[], buffers: ReadonlyMap<string, VoiceBuffer>): void {
    this.cutAll(this.cutTime());
    this.index = new AudioVoiceIndex(voices);
    this.buffers = buffers;
    this.routeCache.clear();
    this.tick();
  }

  /** A transport from the conductor. The same state again changes nothing; a new one cuts and re-plans. */
  setTransport(t: TransportState): void {
    if (sameTransport(this.transport, t)) return;
    const cut = this.transport === null ? this.ctx.currentTime + this.minLeadS : this.cutTime(t);
    // Cut under the old transport (a fading voice's gain is where the old one put it), then plan the new one.
    this.cutAll(cut);
    this.transport = t;
    this.tick();
  }

  /** Replaces the clock map (the live page re-fits one map in place and need not call this). */
  setClock(clock: ClockMapping): void {
    this.clock = clock;
  }

  /** Largest |position error| of a running voice over the last second, ms (0 when none runs). */
  get driftMs(): number {
    return this.driftWindow.reduce((m, d) => Math.max(m, Math.abs(d.ms)), 0);
  }

  /** Voices scheduled or sounding now (keys). */
  get active(): string[] {
    return [...this.playbacks.values()].filter((p) => !p.cut).map((p) => p.voice.key);
  }

  /** Show time heard now (at the eye point), or null before a transport arrives. */
  showTimeNow(): number | null {
    if (!this.transport) return null;
    const t = this.travelAt(this.epochOfCtx(this.ctx.currentTime));
    return this.pieceOf(t).showOf(t);
  }

  // ── clocks ──────────────────────────────────────────────────────────────────────────────────────

  /** Epoch at which sound leaving the farthest speaker at context time c reaches the eye (as the light does). */
  private epochOfCtx(c: number): number {
    return this.clock.toEpoch(c) + this.o.speakers.advanceS;
  }

  private ctxOfEpoch(e: number): number {
    return this.clock.toContext(e - this.o.speakers.advanceS);
  }

  private snap(c: number): number {
    return Math.round(c * this.sr) / this.sr;
  }

  /** Unclamped travel at epoch e while playing (clamped below at the anchor). */
  private travelAt(e: number): number {
    const t = this.transport!;
    if (t.status !== 'playing') return t.anchorTravelS;
    return t.anchorTravelS + t.rate * Math.max(0, e - t.anchorEpochS);
  }

  private epochOfTravel(travel: number): number {
    const t = this.transport!;
    return t.anchorEpochS + (travel - t.anchorTravelS) / t.rate;
  }

  /** The loop iteration containing travel τ, its travel range, and show time within it. */
  private pieceOf(travel: number): { k: number; endTravel: number; showOf: (τ: number) => number } {
    const t = this.transport!;
    const loop = t.loop;
    if (loop === null) return { k: 0, endTravel: t.durationS, showOf: (τ) => Math.min(Math.max(τ, 0), t.durationS) };
    const len = loop.endS - loop.startS;
    const k = travel < loop.endS ? 0 : Math.floor((travel - loop.startS) / len);
    return { k, endTravel: loop.endS + k * len, showOf: (τ) => τ - k * len };
  }

  /** Context time of show time `showS` in loop iteration k of the current transport. */
  private ctxOfShow(k: number, showS: number): number {
    return this.ctxOfEpoch(this.epochOfTravel(showS + k * this.loopLength()));
  }

  /** Show time in loop iteration k at context time c. */
  private showOfCtx(k: number, c: number): number {
    return this.travelAt(this.epochOfCtx(c)) - k * this.loopLength();
  }

  private loopLength(): number {
    const loop = this.transport?.loop;
    return loop ? loop.endS - loop.startS : 0;
  }

  /** Context time at which a change of transport takes effect: its anchor, if still ahead, else as soon as possible. */
  private cutTime(t: TransportState | null = this.transport): number {
    const soon = this.ctx.currentTime + this.minLeadS;
    if (t === null || this.clock.ready === false) return soon;
    return Math.max(soon, this.snap(this.ctxOfEpoch(t.anchorEpochS)));
  }

  // ── scheduling ──────────────────────────────────────────────────────────────────────────────────

  /** One scheduling pass: clean up, correct drift, extend gain automation and start what falls in the window. */
  tick(): void {
    const now = this.ctx.currentTime;
    for (const [key, p] of this.playbacks) {
      // Finished players are only forgotten, never disconnected: a stopped source and the nodes only it
      // feeds are collected by the browser, and inside Tone.Offline the timer runs through the whole
      // timeline before the audio is rendered, so a disconnect here would silence the render.
      if (p.cEnd < now - 0.1) this.playbacks.delete(key);
    }
    this.driftWindow = this.driftWindow.filter((d) => d.c > now - 1);
    const t = this.transport;
    if (t === null || t.status !== 'playing' || this.clock.ready === false) return;
    // Drift first: a resync cuts everything and moves the planning start.
    this.correctDrift(now);
    // Before the anchor of the transport the travel holds still, so the window starts there at the earliest.
    const earliest = this.snap(Math.max(now + this.minLeadS, this.planFromCtx));
    const wEnd = now + this.lookaheadS;
    if (wEnd > earliest) {
      const from = this.horizonTravel ?? this.travelAt(this.epochOfCtx(earliest));
      const τ1 = this.travelAt(this.epochOfCtx(wEnd));
      // One pass per loop iteration the window touches (show time is continuous within each).
      let τ0 = from;
      for (let guard = 0; τ0 < τ1 && guard < 64; guard++) {
        const piece = this.pieceOf(τ0);
        const τb = Math.min(τ1, piece.endTravel);
        if (τb <= τ0) break;
        this.schedulePiece(piece.k, τ0, τb, piece.showOf, earliest);
        τ0 = piece.endTravel;
      }
      this.horizonTravel = Math.max(from, τ1);
    }
    for (const p of this.playbacks.values()) if (!p.cut) this.extend(p, wEnd);
  }

  /**
   * Starts the voices of travel [τa, τb) in loop iteration k. A start that falls before `earliest`
   * (the clock map moved forward, or the timer ran late) is made at `earliest`, mid-clip, at its
   * source position: late, never lost.
   */
  private schedulePiece(k: number, τa: number, τb: number, showOf: (τ: number) => number, earliest: number): void {
    const t = this.transport!;
    const sa = showOf(τa);
    const sb = showOf(τb);
    const len = t.loop ? t.loop.endS - t.loop.startS : 0;
    const showEnd = t.loop ? t.loop.endS : t.durationS;
    for (const v of this.index.between(sa, sb)) {
      const key = `${this.generation}:${k}:${v.key}`;
      if (this.playbacks.has(key)) continue;
      const vb = this.buffers.get(v.key);
      if (!vb) continue;
      let atClipStart = v.startS >= sa;
      let cStart = this.snap(this.ctxOfEpoch(this.epochOfTravel(atClipStart ? v.startS + k * len : τa)));
      if (cStart < earliest - 0.5 / this.sr) atClipStart = false;
      cStart = Math.max(cStart, earliest);
      const sStart = atClipStart ? v.startS : Math.max(v.startS, showOf(this.travelAt(this.epochOfCtx(cStart))));
      const sEnd = Math.min(v.endS, showEnd);
      if (sEnd <= sStart) continue;
      this.startPlayback(key, v, vb, k, cStart, sStart, sEnd, atClipStart);
    }
  }

  private startPlayback(key: string, v: AudioVoice, vb: VoiceBuffer, k: number, cStart: number, sStart: number, sEnd: number, atClipStart: boolean): void {
    const t = this.transport!;
    const durS = vb.buffer.duration;
    const srcUnwrapped = v.sourceOffsetS + (sStart - v.startS);
    const srcPos = sourcePositionAt({ ...v, loop: vb.loop }, sStart, durS);
    const rate = t.rate * (1 + this.clock.ratePpm * 1e-6);
    const base = { voice: v, k, cStart, sStart, sEnd, srcStart: srcUnwrapped, rates: [{ c: cStart, r: rate }], gainUntilS: sStart, stopScheduled: false, cut: false, corrector: new DriftCorrector(this.o.drift), onset: null };
    const cEnd = this.snap(this.ctxOfShow(k, sEnd));
    // A recording that has ended before this point plays nothing: keep the key so it is not retried.
    if (!vb.loop && srcPos >= durS) {
      this.playbacks.set(key, { ...base, cEnd, source: null, gain: null, routes: [] });
      return;
    }
    const source = this.ctx.createBufferSource();
    source.buffer = vb.buffer;
    source.loop = vb.loop;
    if (vb.loop) {
      source.loopStart = 0;
      source.loopEnd = durS;
    }
    source.playbackRate.value = rate;
    const gain = this.ctx.createGain();
    gain.channelCount = 1;
    gain.channelCountMode = 'explicit';
    source.connect(gain);
    const routes: GainNode[] = [];
    this.routeOf(v).forEach((g, i) => {
      if (g <= 0) return;
      const r = this.ctx.createGain();
      r.gain.value = g;
      gain.connect(r);
      r.connect(this.o.speakers.bus(i));
      routes.push(r);
    });
    const g0 = voiceGainAt(v, sStart);
    // Set half a sample early: cStart × sampleRate can land a hair past the frame the source starts on.
    gain.gain.setValueAtTime(atClipStart ? g0 : 0, cStart - 0.5 / this.sr);
    // A mid-clip start (after a seek or rate change) fades in over a few ms, as the cut voice fades out.
    if (!atClipStart) gain.gain.linearRampToValueAtTime(g0, cStart + this.cutFadeS);
    source.start(cStart, srcPos);
    const onset: ScheduledOnset = { key: v.key, clipId: v.clipId, ctxS: cStart, showS: sStart, sourceS: srcPos, atClipStart, cancelled: false };
    const p: Playback = { ...base, cEnd, source, gain, routes, gainUntilS: atClipStart ? sStart : Math.min(sEnd, sStart + this.cutFadeS * t.rate), onset };
    this.playbacks.set(key, p);
    this.onsets.push(onset);
    if (this.onsets.length > ONSETS_KEPT) this.onsets.splice(0, this.onsets.length - ONSETS_KEPT);
  }

  private routeOf(v: AudioVoice): readonly number[] {
    let r = this.routeCache.get(v.key);
    if (!r) {
      r = this.o.speakers.gainsFor(v.route);
      this.routeCache.set(v.key, r);
    }
    return r;
  }

  /** Gain automation up to the window's end, and the stop once it falls inside. */
  private extend(p: Playback, wEnd: number): void {
    if (!p.source || !p.gain) return;
    const wEndShow = Math.min(p.sEnd, this.showOfCtx(p.k, wEnd));
    if (wEndShow > p.gainUntilS) {
      const from = p.gainUntilS;
      const n = Math.max(2, Math.ceil((wEndShow - from) / GAIN_STEP_S) + 1);
      const curve = voiceGainCurve(p.voice, from, wEndShow, n);
      for (let i = 1; i < n; i++) {
        const v = curve[i]!;
        // Constant stretches need no points in between.
        if (i < n - 1 && v === curve[i - 1] && v === curve[i + 1]) continue;
        p.gain.gain.linearRampToValueAtTime(v, this.ctxOfShow(p.k, from + ((wEndShow - from) * i) / (n - 1)));
      }
      p.gainUntilS = wEndShow;
    }
    if (!p.stopScheduled && p.cEnd <= wEnd) {
      p.source.stop(p.cEnd);
      p.stopScheduled = true;
    }
  }

  /** Measures each long running voice's position against the clock and nudges its rate (±0.1 % at most). */
  private correctDrift(now: number): void {
    const t = this.transport!;
    const base = t.rate * (1 + this.clock.ratePpm * 1e-6);
    for (const p of this.playbacks.values()) {
      if (!p.source || p.cut || now < p.cStart || now >= p.cEnd || p.sEnd - p.sStart < this.driftMinS) continue;
      const c = now;
      const pos = positionAt(p, c);
      const expected = p.voice.sourceOffsetS + (this.showOfCtx(p.k, c) - p.voice.startS);
      const errMs = (pos - expected) * 1000;
      this.driftWindow.push({ c, ms: errMs });
      if (Math.abs(errMs) > this.resyncMs) {
        this.resyncs++;
        this.cutAll(this.snap(now + this.minLeadS));
        return;
      }
      const rate = base * p.corrector.update(errMs);
      const last = p.rates[p.rates.length - 1]!;
      if (Math.abs(rate - last.r) > 1e-7) {
        const at = this.snap(now + this.minLeadS);
        p.source.playbackRate.setValueAtTime(rate, at);
        // Keep the setting in force now and the new one; fold the rest into the start position.
        p.srcStart = positionAt(p, last.c);
        p.rates = [last, { c: at, r: rate }];
      }
    }
  }

  /** Cuts every playback from context time `at`: not yet started ones never sound, running ones fade out. */
  private cutAll(at: number): void {
    this.generation++;
    this.planFromCtx = at;
    this.horizonTravel = null;
    for (const p of this.playbacks.values()) {
      if (p.cut || !p.source || !p.gain || p.cEnd <= at) continue;
      p.cut = true;
      if (p.cStart >= at) {
        // Not started: disconnect at once (whatever the source does later, nothing hears it).
        p.gain.disconnect();
        if (!p.stopScheduled) p.source.stop(p.cStart);
        if (p.onset) p.onset.cancelled = true;
        p.stopScheduled = true;
        p.cEnd = at;
        continue;
      }
      const end = at + this.cutFadeS;
      const showAt = this.transport ? this.showOfCtx(p.k, at) : p.sStart;
      p.gain.gain.cancelScheduledValues(at);
      p.gain.gain.setValueAtTime(voiceGainAt(p.voice, Math.min(Math.max(showAt, p.sStart), p.sEnd)), at);
      p.gain.gain.linearRampToValueAtTime(0, end);
      if (!p.stopScheduled) {
        p.source.stop(end);
        p.stopScheduled = true;
      }
      p.cEnd = Math.min(p.cEnd, end);
    }
  }

}
