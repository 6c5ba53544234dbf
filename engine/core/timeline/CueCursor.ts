import type { LoopRange, TransportState } from '../clock/transport.ts';
import { travelAt, wrapTravel } from '../clock/transport.ts';
import type { CompiledShow, TimelineEvent } from './compileShow.ts';

/** Most loop passes one update may fire (a frame that spans more is a stalled machine catching up). */
export const MAX_PASSES_PER_UPDATE = 64;

/**
 * Fires cues and chapter marks over half-open windows [previous, now) of playhead travel, so each one
 * fires exactly once whatever the frame timing: late frames catch up, pauses and repeated times fire
 * nothing, and after a seek the rest of the old segment is flushed before the new one starts.
 */
export class CueCursor {
  private segment: number;
  private travel: number;

  /** Starts at the transport's current position: what already passed does not fire. */
  constructor(
    private readonly compiled: CompiledShow,
    state: TransportState,
    epochS: number,
  ) {
    this.segment = state.segment;
    this.travel = travelAt(state, epochS);
  }

  /** Appends to `out` every event passed since the previous update, in the order they were passed. */
  update(state: TransportState, epochS: number, out: TimelineEvent[] = []): TimelineEvent[] {
    const travel = travelAt(state, epochS);
    if (state.segment !== this.segment) {
      for (const c of state.closed) {
        if (c.segment < this.segment) continue;
        const from = c.segment === this.segment ? this.travel : c.startTravelS;
        this.fire(from, c.endTravelS, c.loop, out);
      }
      this.segment = state.segment;
      this.travel = state.segmentStartTravelS;
    }
    if (travel > this.travel) {
      this.fire(this.travel, travel, state.loop, out);
      this.travel = travel;
    }
    return out;
  }

  private fire(a: number, b: number, loop: LoopRange | null, out: TimelineEvent[]): void {
    if (!(b > a)) return;
    const dur = this.compiled.durationS;
    if (loop === null) {
      this.window(a, Math.min(b, dur), out);
      return;
    }
    if (a < loop.endS) {
      this.window(a, Math.min(b, loop.endS), out);
      a = loop.endS;
    }
    let passes = 0;
    while (b > a && passes < MAX_PASSES_PER_UPDATE) {
      const from = wrapTravel(a, loop, dur);
      const passEnd = a + (loop.endS - from);
      const upto = Math.min(b, passEnd);
      this.window(from, upto >= passEnd ? loop.endS : from + (upto - a), out);
      a = upto;
      passes++;
    }
  }

  private window(from: number, to: number, out: TimelineEvent[]): void {
    const events = this.compiled.events;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.atS < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < events.length && events[i]!.atS < to; i++) out.push(events[i]!);
  }
}
