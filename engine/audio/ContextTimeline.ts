import { epochOfTravel, showTimeInIteration, travelAt, travelInIteration, type TransportState } from '../core/clock/transport.ts';
import type { ClockMapping } from './ClockMapping.ts';

/**
 * Where show time falls on the AudioContext clock: the clock map (context ↔ shared epoch), the
 * speakers' advance (sound leaves early so it reaches the eye with the light), whole samples, and the
 * transport's travel and loop passes (the maths of engine/core/clock/transport.ts).
 */
export class ContextTimeline {
  /** The transport being played; the travel and show-time methods need one. */
  transport: TransportState | null = null;

  constructor(
    /** Replaced by `AudioEngine.setClock`; the live page re-fits one map in place. */
    public clock: ClockMapping,
    private readonly speakers: { readonly advanceS: number },
    private readonly sampleRate: number,
  ) {}

  /** Epoch at which sound leaving the farthest speaker at context time c reaches the eye (as the light does). */
  epochOfCtx(c: number): number {
    return this.clock.toEpoch(c) + this.speakers.advanceS;
  }

  /** Context time at which sound must leave for the eye to hear it at epoch e. */
  ctxOfEpoch(e: number): number {
    return this.clock.toContext(e - this.speakers.advanceS);
  }

  /** Context time rounded to a whole sample. */
  snap(c: number): number {
    return Math.round(c * this.sampleRate) / this.sampleRate;
  }

  /** The transport's travel heard at context time c. */
  travelAtCtx(c: number): number {
    return travelAt(this.transport!, this.epochOfCtx(c));
  }

  /** Context time at which the transport reaches travel τ. */
  ctxOfTravel(travel: number): number {
    return this.ctxOfEpoch(epochOfTravel(this.transport!, travel));
  }

  /** Context time of show time `showS` in loop pass k of the current transport. */
  ctxOfShow(k: number, showS: number): number {
    return this.ctxOfTravel(travelInIteration(this.transport!, k, showS));
  }

  /** Show time in loop pass k at context time c. */
  showOfCtx(k: number, c: number): number {
    return showTimeInIteration(this.transport!, k, this.travelAtCtx(c));
  }
}
