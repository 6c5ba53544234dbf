import type { BaseContext } from 'tone';
import { AudioVoiceIndex } from '../core/audio/AudioVoiceIndex.ts';
import type { AudioVoice } from '../core/audio/audioVoices.ts';
import { DriftCorrector, type DriftCorrectorOptions } from '../core/audio/DriftCorrector.ts';
import { sourcePositionAt, voiceGainAt } from '../core/audio/voiceTiming.ts';
import { loopIterationAt, samePlayback, showTimeInIteration, travelInIteration, type TransportState } from '../core/clock/transport.ts';
import type { ClockMapping } from './ClockMapping.ts';
import { ContextTimeline } from './ContextTimeline.ts';
import { cutPlayback, extendPlayback, positionAt, startNodes, type Playback, type ScheduledOnset } from './Playback.ts';
import type { SpeakerGraph } from './SpeakerGraph.ts';
import type { VoiceBuffer } from './voiceBuffers.ts';

export { IDENTITY_CLOCK, type ClockMapping } from './ClockMapping.ts';
export type { ScheduledOnset } from './Playback.ts';

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
  /** The clock map, the speakers' advance and the transport: where show time falls on the context clock. */
  private readonly time: ContextTimeline;
  private index = new AudioVoiceIndex([]);
  private buffers: ReadonlyMap<string, VoiceBuffer> = new Map();
  private readonly routeCache = new Map<string, readonly number[]>();
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
    this.time = new ContextTimeline(o.clock, o.speakers, this.sr);
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
    if (samePlayback(this.time.transport, t)) return;
    const cut = this.time.transport === null ? this.ctx.currentTime + this.minLeadS : this.cutTime(t);
    // Cut under the old transport (a fading voice's gain is where the old one put it), then plan the new one.
    this.cutAll(cut);
    this.time.transport = t;
    this.tick();
  }

  /** Replaces the clock map (the live page re-fits one map in place and need not call this). */
  setClock(clock: ClockMapping): void {
    this.time.clock = clock;
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
    const t = this.time.transport;
    if (!t) return null;
    const τ = this.time.travelAtCtx(this.ctx.currentTime);
    return showTimeInIteration(t, loopIterationAt(t, τ).k, τ);
  }

  /** Context time at which a change of transport takes effect: its anchor, if still ahead, else as soon as possible. */
  private cutTime(t: TransportState | null = this.time.transport): number {
    const soon = this.ctx.currentTime + this.minLeadS;
    if (t === null || this.time.clock.ready === false) return soon;
    return Math.max(soon, this.time.snap(this.time.ctxOfEpoch(t.anchorEpochS)));
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
    const t = this.time.transport;
    if (t === null || t.status !== 'playing' || this.time.clock.ready === false) return;
    // Drift first: a resync cuts everything and moves the planning start.
    this.correctDrift(now);
    // Before the anchor of the transport the travel holds still, so the window starts there at the earliest.
    const earliest = this.time.snap(Math.max(now + this.minLeadS, this.planFromCtx));
    const wEnd = now + this.lookaheadS;
    if (wEnd > earliest) {
      const from = this.horizonTravel ?? this.time.travelAtCtx(earliest);
      const τ1 = this.time.travelAtCtx(wEnd);
      // One pass per loop iteration the window touches (show time is continuous within each).
      let τ0 = from;
      for (let guard = 0; τ0 < τ1 && guard < 64; guard++) {
        const pass = loopIterationAt(t, τ0);
        const τb = Math.min(τ1, pass.endTravelS);
        if (τb <= τ0) break;
        this.schedulePass(t, pass.k, τ0, τb, earliest);
        τ0 = pass.endTravelS;
      }
      this.horizonTravel = Math.max(from, τ1);
    }
    for (const p of this.playbacks.values()) if (!p.cut) extendPlayback(p, wEnd, this.time);
  }

  /**
   * Starts the voices of travel [τa, τb) in loop iteration k. A start that falls before `earliest`
   * (the clock map moved forward, or the timer ran late) is made at `earliest`, mid-clip, at its
   * source position: late, never lost.
   */
  private schedulePass(t: TransportState, k: number, τa: number, τb: number, earliest: number): void {
    const sa = showTimeInIteration(t, k, τa);
    const sb = showTimeInIteration(t, k, τb);
    const showEnd = t.loop ? t.loop.endS : t.durationS;
    for (const v of this.index.between(sa, sb)) {
      const key = `${this.generation}:${k}:${v.key}`;
      if (this.playbacks.has(key)) continue;
      const vb = this.buffers.get(v.key);
      if (!vb) continue;
      let atClipStart = v.startS >= sa;
      let cStart = this.time.snap(this.time.ctxOfTravel(atClipStart ? travelInIteration(t, k, v.startS) : τa));
      if (cStart < earliest - 0.5 / this.sr) atClipStart = false;
      cStart = Math.max(cStart, earliest);
      const sStart = atClipStart ? v.startS : Math.max(v.startS, this.time.showOfCtx(k, cStart));
      const sEnd = Math.min(v.endS, showEnd);
      if (sEnd <= sStart) continue;
      this.startPlayback(key, v, vb, k, cStart, sStart, sEnd, atClipStart);
    }
  }

  private startPlayback(key: string, v: AudioVoice, vb: VoiceBuffer, k: number, cStart: number, sStart: number, sEnd: number, atClipStart: boolean): void {
    const t = this.time.transport!;
    const durS = vb.buffer.duration;
    const srcUnwrapped = v.sourceOffsetS + (sStart - v.startS);
    const srcPos = sourcePositionAt({ ...v, loop: vb.loop }, sStart, durS);
    const rate = t.rate * (1 + this.time.clock.ratePpm * 1e-6);
    const base = { voice: v, k, cStart, sStart, sEnd, srcStart: srcUnwrapped, rates: [{ c: cStart, r: rate }], gainUntilS: sStart, stopScheduled: false, cut: false, corrector: new DriftCorrector(this.o.drift), onset: null };
    const cEnd = this.time.snap(this.time.ctxOfShow(k, sEnd));
    // A recording that has ended before this point plays nothing: keep the key so it is not retried.
    if (!vb.loop && srcPos >= durS) {
      this.playbacks.set(key, { ...base, cEnd, source: null, gain: null, routes: [] });
      return;
    }
    const bus = (i: number) => this.o.speakers.bus(i);
    const nodes = startNodes(this.ctx, { vb, rate, routeGains: this.routeOf(v), bus, gain0: voiceGainAt(v, sStart), atClipStart, cStart, srcPos, fadeS: this.cutFadeS, sampleRate: this.sr });
    const onset: ScheduledOnset = { key: v.key, clipId: v.clipId, ctxS: cStart, showS: sStart, sourceS: srcPos, atClipStart, cancelled: false };
    const p: Playback = { ...base, cEnd, ...nodes, gainUntilS: atClipStart ? sStart : Math.min(sEnd, sStart + this.cutFadeS * t.rate), onset };
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

  /** Measures each long running voice's position against the clock and nudges its rate (±0.1 % at most). */
  private correctDrift(now: number): void {
    const t = this.time.transport!;
    const base = t.rate * (1 + this.time.clock.ratePpm * 1e-6);
    for (const p of this.playbacks.values()) {
      if (!p.source || p.cut || now < p.cStart || now >= p.cEnd || p.sEnd - p.sStart < this.driftMinS) continue;
      const c = now;
      const pos = positionAt(p, c);
      const expected = p.voice.sourceOffsetS + (this.time.showOfCtx(p.k, c) - p.voice.startS);
      const errMs = (pos - expected) * 1000;
      this.driftWindow.push({ c, ms: errMs });
      if (Math.abs(errMs) > this.resyncMs) {
        this.resyncs++;
        this.cutAll(this.time.snap(now + this.minLeadS));
        return;
      }
      const rate = base * p.corrector.update(errMs);
      const last = p.rates[p.rates.length - 1]!;
      if (Math.abs(rate - last.r) > 1e-7) {
        const at = this.time.snap(now + this.minLeadS);
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
    const showAtOf = (p: Playback): number => (this.time.transport ? this.time.showOfCtx(p.k, at) : p.sStart);
    for (const p of this.playbacks.values()) cutPlayback(p, at, this.cutFadeS, showAtOf);
  }
}
