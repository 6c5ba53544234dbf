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
  /** Conductor time = client time + offsetS. */
  readonly offsetS: number;
  /** Round-trip delay of the sample the estimate rests on. */
  readonly delayS: number;
  /** Bound on the error (δ/2). */
  readonly errorBoundS: number;
  readonly samples: number;
}

/**
 * Keeps the last `size` exchanges and estimates the offset from them. Each exchange bounds the true
 * offset to [θ − δ/2, θ + δ/2]; the intersection of those intervals is far tighter than any one of them
 * when delays vary (the outbound bound comes from the quickest trip out, the inbound from the quickest
 * trip back), so its middle is the estimate. When the intervals do not intersect (a clock step, drift
 * over the window) it falls back to NTP's rule: the sample with the least delay.
 */
export class ClockFilter {
  private readonly window: { offset: number; delay: number }[] = [];

  constructor(private readonly size = 128) {}

  /** Adds an exchange; negative delays (clock steps mid-exchange) are rejected. Returns the estimate. */
  add(sample: SyncSample): SyncEstimate | null {
    const od = offsetAndDelay(sample);
    if (!(od.delay >= 0) || !Number.isFinite(od.offset)) return this.estimate();
    this.window.push(od);
    if (this.window.length > this.size) this.window.shift();
    return this.estimate();
  }

  /** The current offset estimate, or null before the first exchange. */
  estimate(): SyncEstimate | null {
    if (this.window.length === 0) return null;
    let best = this.window[0]!;
    let lo = -Infinity;
    let hi = Infinity;
    for (const s of this.window) {
      if (s.delay < best.delay) best = s;
      lo = Math.max(lo, s.offset - s.delay / 2);
      hi = Math.min(hi, s.offset + s.delay / 2);
    }
    if (lo <= hi) return { offsetS: (lo + hi) / 2, delayS: best.delay, errorBoundS: (hi - lo) / 2, samples: this.window.length };
    return { offsetS: best.offset, delayS: best.delay, errorBoundS: best.delay / 2, samples: this.window.length };
  }
}
