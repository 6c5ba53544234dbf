/**
 * NTP-style clock offset estimation (RFC 5905's on-wire exchange and clock filter). A client sends t1
 * (its clock), the conductor answers with t2 (receive) and t3 (send) on its clock, the client notes t4:
 * offset θ = ((t2 − t1) + (t3 − t4)) / 2, delay δ = (t4 − t1) − (t3 − t2). Under asymmetric delay the
 * error is at most δ/2, so the filter trusts the sample with the least delay among the most recent.
 */

/** One exchange, all times in seconds. */
export interface SyncSample {
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  readonly t4: number;
}

/** Offset (conductor − client) and round-trip delay of one exchange, seconds. */
export function offsetAndDelay(s: SyncSample): { offset: number; delay: number } {
  return { offset: (s.t2 - s.t1 + (s.t3 - s.t4)) / 2, delay: s.t4 - s.t1 - (s.t3 - s.t2) };
}

/** The current estimate of a clock filter. */
export interface SyncEstimate {
  /** Conductor time = client time + offsetS, at client time `atS` (see {@link conductorTime}). */
  readonly offsetS: number;
  /** Client time (seconds) of the newest exchange the estimate rests on. */
  readonly atS: number;
  /** Round-trip delay of the quickest exchange in the window. */
  readonly delayS: number;
  /** Bound on the error of offsetS: half the width of the offsets every exchange allows. */
  readonly errorBoundS: number;
  readonly samples: number;
}

/** Conductor time for a client time. */
export function conductorTime(e: SyncEstimate, clientS: number): number {
  return clientS + e.offsetS;
}

interface Bound {
  /** Client time of the constraint. */
  readonly t: number;
  /** The offset is at most `hi` (outbound trip) or at least `lo` (return trip) at time t. */
  readonly hi: number;
  readonly lo: number;
  readonly tHi: number;
  readonly tLo: number;
  readonly delay: number;
}

/**
 * Keeps the last `size` exchanges and estimates the offset from them. Each exchange bounds the true
 * offset exactly: the request cannot arrive before it was sent (offset ≤ t2 − t1) and the answer
 * cannot arrive before it was sent (offset ≥ t3 − t4). The intersection of those bounds is far tighter
 * than any one exchange when delays vary (the upper bound comes from the quickest trip out, the lower
 * from the quickest trip back), so its middle is the estimate, and the longer the window the closer
 * both quickest trips come to the path's true minimum. When the bounds no longer intersect (the client
 * clock stepped, or the two clocks' rates differ enough to show across the window) the oldest
 * exchanges are dropped until the rest agree, so the window shortens itself to what still holds.
 */
export class ClockFilter {
  private window: Bound[] = [];

  constructor(private readonly size = 512) {}

  /** Adds an exchange; negative delays (clock steps mid-exchange) are rejected. Returns the estimate. */
  add(sample: SyncSample): SyncEstimate | null {
    const { offset, delay } = offsetAndDelay(sample);
    if (!(delay >= 0) || !Number.isFinite(offset)) return this.estimate();
    this.window.push({ t: (sample.t1 + sample.t4) / 2, hi: sample.t2 - sample.t1, tHi: sample.t1, lo: sample.t3 - sample.t4, tLo: sample.t4, delay });
    if (this.window.length > this.size) this.window.shift();
    return this.estimate();
  }

  /** The current offset estimate, or null before the first exchange. */
  estimate(): SyncEstimate | null {
    const n = this.window.length;
    if (n === 0) return null;
    let fit = band(this.window);
    if (fit.width < 0) {
      // Some old exchanges contradict the new ones: keep the longest recent run that agrees.
      let ok = n - 1; // a single exchange always fits
      let bad = 0;
      while (ok - bad > 1) {
        const mid = (ok + bad) >> 1;
        if (band(this.window.slice(mid)).width >= 0) ok = mid;
        else bad = mid;
      }
      this.window = this.window.slice(ok);
      fit = band(this.window);
    }
    let delay = Infinity;
    for (const b of this.window) delay = Math.min(delay, b.delay);
    return { offsetS: fit.mid, atS: fit.at, delayS: delay, errorBoundS: fit.width / 2, samples: this.window.length };
  }
}

/** The band of offsets every bound in the window allows, and its middle. */
function band(w: readonly Bound[]): { mid: number; width: number; at: number } {
  let hi = Infinity;
  let lo = -Infinity;
  for (const b of w) {
    hi = Math.min(hi, b.hi);
    lo = Math.max(lo, b.lo);
  }
  return { mid: (hi + lo) / 2, width: hi - lo, at: w[w.length - 1]!.tLo };
}
