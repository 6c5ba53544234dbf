/**
 * The show clock as pure data. Show time is always derived from the shared epoch (an input, in
 * seconds), never accumulated from frame deltas: showTimeAt(state, epochS) gives the same answer
 * whenever and wherever it is asked.
 *
 * "Travel" is the playhead's unwrapped position within one continuous segment of playback; with a loop
 * it keeps growing while the show time wraps. A segment ends at every discontinuity (seek, stop, loop
 * change), which is what lets cues fire exactly once over half-open windows.
 */

/** A loop range of show time [startS, endS). */
export interface LoopRange {
  readonly startS: number;
  readonly endS: number;
}

/** A segment that ended at a discontinuity: what travel it covered, under which loop. */
export interface ClosedSegment {
  readonly segment: number;
  readonly startTravelS: number;
  readonly endTravelS: number;
  readonly loop: LoopRange | null;
}

/** Transport status. */
export type TransportStatus = 'stopped' | 'playing' | 'paused';

/** The whole transport state; every operation returns a new one. */
export interface TransportState {
  readonly status: TransportStatus;
  readonly durationS: number;
  /** Playback rate, > 0 (1 = real time). */
  readonly rate: number;
  readonly loop: LoopRange | null;
  /** Shared-epoch time (seconds) of the last anchor. */
  readonly anchorEpochS: number;
  /** Travel at the anchor. */
  readonly anchorTravelS: number;
  /** Counts discontinuities. */
  readonly segment: number;
  readonly segmentStartTravelS: number;
  /** The most recently closed segments, oldest first (at most CLOSED_KEPT). */
  readonly closed: readonly ClosedSegment[];
}

/** How many closed segments a state remembers for cue catch-up. */
export const CLOSED_KEPT = 16;
/** Highest playback rate accepted. */
export const MAX_RATE = 16;

/** A new stopped transport at show time 0. */
export function createTransport(durationS: number, epochS: number): TransportState {
  if (!(durationS > 0) || !Number.isFinite(durationS)) throw new RangeError(`durationS must be a positive finite number, got ${durationS}`);
  return { status: 'stopped', durationS, rate: 1, loop: null, anchorEpochS: epochS, anchorTravelS: 0, segment: 0, segmentStartTravelS: 0, closed: [] };
}

/** Maps travel to show time under a loop (or clamps to the show when there is none). */
export function wrapTravel(travelS: number, loop: LoopRange | null, durationS: number): number {
  if (loop === null || travelS < loop.endS) return Math.min(Math.max(travelS, 0), durationS);
  const len = loop.endS - loop.startS;
  const w = loop.startS + ((travelS - loop.startS) % len);
  return w >= loop.endS ? loop.startS : w;
}

/** The playhead's travel at shared-epoch time epochS. */
export function travelAt(s: TransportState, epochS: number): number {
  if (s.status !== 'playing') return s.anchorTravelS;
  const travel = s.anchorTravelS + s.rate * Math.max(0, epochS - s.anchorEpochS);
  return s.loop === null ? Math.min(travel, s.durationS) : travel;
}

/** Show time (seconds) at shared-epoch time epochS. */
export function showTimeAt(s: TransportState, epochS: number): number {
  return wrapTravel(travelAt(s, epochS), s.loop, s.durationS);
}

/** True once a show without a loop has played to its end. */
export function isEnded(s: TransportState, epochS: number): boolean {
  return s.loop === null && travelAt(s, epochS) >= s.durationS;
}

function reanchor(s: TransportState, epochS: number): TransportState {
  return { ...s, anchorEpochS: epochS, anchorTravelS: travelAt(s, epochS) };
}

function newSegment(s: TransportState, epochS: number, startTravelS: number, patch: Partial<TransportState>): TransportState {
  const closed: ClosedSegment = { segment: s.segment, startTravelS: s.segmentStartTravelS, endTravelS: travelAt(s, epochS), loop: s.loop };
  return {
    ...s,
    ...patch,
    anchorEpochS: epochS,
    anchorTravelS: startTravelS,
    segment: s.segment + 1,
    segmentStartTravelS: startTravelS,
    closed: [...s.closed, closed].slice(-CLOSED_KEPT),
  };
}

/** Starts or resumes playback. At the end of a show without a loop, starts again from 0. */
export function play(s: TransportState, epochS: number): TransportState {
  if (s.status === 'playing' && !isEnded(s, epochS)) return s;
  if (isEnded(s, epochS)) return newSegment(s, epochS, 0, { status: 'playing' });
  return { ...s, status: 'playing', anchorEpochS: epochS };
}

/** Holds the playhead where it is. */
export function pause(s: TransportState, epochS: number): TransportState {
  if (s.status !== 'playing') return s;
  return { ...reanchor(s, epochS), status: 'paused' };
}

/** Stops and returns to show time 0. */
export function stop(s: TransportState, epochS: number): TransportState {
  return newSegment(s, epochS, 0, { status: 'stopped' });
}

/** Jumps to show time `toS` (clamped to the show), keeping the status. */
export function seek(s: TransportState, toS: number, epochS: number): TransportState {
  if (!Number.isFinite(toS)) throw new RangeError(`seek target must be finite, got ${toS}`);
  return newSegment(s, epochS, Math.min(Math.max(toS, 0), s.durationS), {});
}

/** Changes the playback rate without moving the playhead. */
export function setRate(s: TransportState, rate: number, epochS: number): TransportState {
  if (!(rate > 0 && rate <= MAX_RATE)) throw new RangeError(`rate must be in (0, ${MAX_RATE}], got ${rate}`);
  return { ...reanchor(s, epochS), rate };
}

/** Sets or clears the loop range; the playhead stays at the same show time. */
export function setLoop(s: TransportState, loop: LoopRange | null, epochS: number): TransportState {
  if (loop !== null && !(loop.startS >= 0 && loop.endS <= s.durationS && loop.endS > loop.startS)) {
    throw new RangeError(`loop must satisfy 0 ≤ startS < endS ≤ ${s.durationS}`);
  }
  return newSegment(s, epochS, showTimeAt(s, epochS), { loop });
}

// ── Travel ↔ epoch and loop iterations, for schedulers that place events ahead of the playhead ─────

/** True when two states play the same way (status, anchor, rate, segment, duration, loop): a repeated transport message changes nothing. */
export function samePlayback(a: TransportState | null, b: TransportState): boolean {
  return (
    a !== null &&
    a.status === b.status &&
    a.anchorEpochS === b.anchorEpochS &&
    a.anchorTravelS === b.anchorTravelS &&
    a.rate === b.rate &&
    a.segment === b.segment &&
    a.durationS === b.durationS &&
    (a.loop === b.loop || (a.loop !== null && b.loop !== null && a.loop.startS === b.loop.startS && a.loop.endS === b.loop.endS))
  );
}

/** Shared-epoch time at which a playing transport reaches travel `travelS` (travelAt's inverse). */
export function epochOfTravel(s: TransportState, travelS: number): number {
  return s.anchorEpochS + (travelS - s.anchorTravelS) / s.rate;
}

/** Length of one pass of the loop, s (0 without a loop). */
export function loopLengthS(s: TransportState): number {
  return s.loop === null ? 0 : s.loop.endS - s.loop.startS;
}

/** One pass through the show: `k` counts the loop's wraps (0 before the first, and always without a loop). */
export interface LoopIteration {
  readonly k: number;
  /** Travel at which this pass ends (the loop's end in pass k; without a loop, the show's end). */
  readonly endTravelS: number;
}

/** The pass of the loop that travel `travelS` falls in. */
export function loopIterationAt(s: TransportState, travelS: number): LoopIteration {
  const loop = s.loop;
  if (loop === null) return { k: 0, endTravelS: s.durationS };
  const len = loop.endS - loop.startS;
  const k = travelS < loop.endS ? 0 : Math.floor((travelS - loop.startS) / len);
  return { k, endTravelS: loop.endS + k * len };
}

/**
 * Show time of travel `travelS` counted in pass `k`, not wrapped (so a time just past the pass's end
 * stays comparable with the voices of that pass); without a loop, clamped to the show.
 */
export function showTimeInIteration(s: TransportState, k: number, travelS: number): number {
  if (s.loop === null) return Math.min(Math.max(travelS, 0), s.durationS);
  return travelS - k * loopLengthS(s);
}

/** Travel at which pass `k` reaches show time `showS` (showTimeInIteration's inverse). */
export function travelInIteration(s: TransportState, k: number, showS: number): number {
  return showS + k * loopLengthS(s);
}
