/** Outlier rounds at most per fit (it usually settles in two or three). */
const MAX_ROUNDS = 8;
/** A pair farther from the line than this many median absolute deviations is set aside (4 ≈ 2.7σ of Gaussian jitter). */
const OUTLIER_MADS = 4;
/** Deviations under this never count as outliers (s): below the clocks' own resolution. */
const MIN_SPREAD_S = 20e-6;
/**
 * How much the fit trusts "both clocks run at the same rate" before the data says otherwise: as much
 * as pairs spread evenly over this many seconds. A few seconds of jittery pairs (a busy machine, an
 * audio device just started) cannot then claim a rate error of a thousand ppm, which would put sound
 * milliseconds off within seconds; over the full window (minutes) the data decides alone.
 */
const PRIOR_SPAN_S = 3;

/** Median of the values (sorts them in place). */
function median(v: Float64Array): number {
  v.sort();
  const m = v.length >> 1;
  return v.length === 0 ? 0 : v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** One observation of the two clocks at the same instant. */
interface ClockPair {
  readonly ctxS: number;
  readonly epochS: number;
  readonly uncertaintyS: number;
}

/** Options of the clock map. */
export interface AudioClockMapOptions {
  /** Pairs kept, oldest dropped first (default 512: about 2 minutes at 4 pairs a second; clock rates change far slower). */
  readonly windowSize?: number;
  /** Share of the window, by lowest stated uncertainty, the fit may use (default 0.5; pairs tied at the cut are all kept, so pairs without an uncertainty are all used). */
  readonly keepFraction?: number;
  /** Pairs needed before the map is `ready` (default 8). */
  readonly minPairs?: number;
  /** Largest rate difference believed, ppm (default 1000); a steeper fit (bad pairs) is clamped. */
  readonly maxPpm?: number;
}

/**
 * The AudioContext clock mapped to the shared epoch: a straight line epochS = offset + slope × ctxS
 * fitted to recent (contextTimeS, epochS) pairs, e.g. from AudioContext.getOutputTimestamp() (its
 * contextTime, and its performanceTime turned into epoch seconds; output latency is the caller's to
 * add). The two clocks drift apart by tens of ppm, so the line is re-fitted with every pair over a
 * sliding window: least squares on the lowest-jitter pairs (jitter = the pair's stated uncertainty +
 * its distance from the line), the selection repeated against the new line until it settles, which
 * shrugs off late or scheduler-disturbed readings. Pure: pairs are inputs, nothing reads a clock.
 */
export class AudioClockMap {
  private readonly windowSize: number;
  private readonly keepFraction: number;
  private readonly minPairs: number;
  private readonly maxSlopeDev: number;
  private readonly pairs: ClockPair[] = [];
  private dirty = false;
  // The fitted line, around a reference point for precision: epoch = epoch0 + slopeFit × (ctx − ctx0).
  private ctx0 = 0;
  private epoch0 = 0;
  private slopeFit = 1;

  constructor(options: AudioClockMapOptions = {}) {
    this.windowSize = Math.max(2, Math.floor(options.windowSize ?? 512));
    this.keepFraction = Math.min(1, Math.max(0.05, options.keepFraction ?? 0.5));
    this.minPairs = Math.max(2, Math.floor(options.minPairs ?? 8));
    this.maxSlopeDev = (options.maxPpm ?? 1000) * 1e-6;
  }

  /** Adds a pair: the context time and the epoch time of one instant, with the epoch reading's ± uncertainty (s, default 0). */
  add(contextTimeS: number, epochS: number, uncertaintyS = 0): void {
    if (!Number.isFinite(contextTimeS) || !Number.isFinite(epochS) || !(uncertaintyS >= 0)) return;
    this.pairs.push({ ctxS: contextTimeS, epochS, uncertaintyS });
    if (this.pairs.length > this.windowSize) this.pairs.splice(0, this.pairs.length - this.windowSize);
    this.dirty = true;
  }

  /** Forgets every pair (a new AudioContext). */
  reset(): void {
    this.pairs.length = 0;
    this.dirty = true;
  }

  /** Enough pairs for a fit. Before that the map is a best guess (slope 1 through the pairs' median offset). */
  get ready(): boolean {
    return this.pairs.length >= this.minPairs;
  }

  /** Number of pairs in the window. */
  get size(): number {
    return this.pairs.length;
  }

  /** Epoch seconds per context second, minus 1, in ppm: positive when the audio clock runs slow. */
  get ratePpm(): number {
    this.fit();
    return (this.slopeFit - 1) * 1e6;
  }

  /** Epoch time (s) of a context time (s). */
  toEpoch(ctxS: number): number {
    this.fit();
    return this.epoch0 + this.slopeFit * (ctxS - this.ctx0);
  }

  /** Context time (s) of an epoch time (s). */
  toContext(epochS: number): number {
    this.fit();
    return this.ctx0 + (epochS - this.epoch0) / this.slopeFit;
  }

  private fit(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const pairs = this.pairs;
    const n = pairs.length;
    if (n === 0) {
      this.ctx0 = 0;
      this.epoch0 = 0;
      this.slopeFit = 1;
      return;
    }
    // Reference: the newest pair, so the numbers fitted are small (seconds, not 1.8e9).
    const ref = pairs[n - 1]!;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = pairs[i]!.ctxS - ref.ctxS;
      ys[i] = pairs[i]!.epochS - ref.epochS;
    }
    if (n < this.minPairs) {
      const offsets = Array.from(ys, (y, i) => y - xs[i]!).sort((a, b) => a - b);
      this.set(ref, 1, offsets[n >> 1]!);
      return;
    }
    // The lowest-jitter pairs: those whose stated uncertainty is within the keepFraction quantile
    // (all of them when no pair states one), then least squares with the pairs far off the line set
    // aside, again and again until the set settles: late readings (a busy main thread) carry no weight.
    const us = Float64Array.from(pairs, (p) => p.uncertaintyS);
    const cutoff = us.slice().sort()[Math.max(0, Math.ceil(n * this.keepFraction) - 1)]!;
    let candidates: number[] = [];
    for (let i = 0; i < n; i++) if (us[i]! <= cutoff) candidates.push(i);
    let line = this.leastSquares(xs, ys, candidates);
    const dev = new Float64Array(n);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { a, b } = line;
      for (const i of candidates) dev[i] = Math.abs(ys[i]! - (b + a * xs[i]!));
      const limit = OUTLIER_MADS * median(Float64Array.from(candidates, (i) => dev[i]!)) + MIN_SPREAD_S;
      const inliers = candidates.filter((i) => dev[i]! <= limit);
      if (inliers.length < 2 || inliers.length === candidates.length) break;
      candidates = inliers;
      line = this.leastSquares(xs, ys, inliers);
    }
    this.set(ref, line.a, line.b);
  }

  private set(ref: ClockPair, slope: number, interceptS: number): void {
    this.ctx0 = ref.ctxS;
    this.epoch0 = ref.epochS + interceptS;
    this.slopeFit = slope;
  }

  /** y = b + a·x over the given indices; the slope clamped to the believable range (intercept refitted then). */
  private leastSquares(xs: Float64Array, ys: Float64Array, idx: readonly number[]): { a: number; b: number } {
    const m = idx.length;
    let sx = 0;
    let sy = 0;
    for (const i of idx) {
      sx += xs[i]!;
      sy += ys[i]!;
    }
    const mx = sx / m;
    const my = sy / m;
    let sxx = 0;
    let sxy = 0;
    for (const i of idx) {
      const dx = xs[i]! - mx;
      sxx += dx * dx;
      sxy += dx * (ys[i]! - my);
    }
    // Least squares with a prior at slope 1 (ridge): minimises Σ(y − b − a·x)² + λ(a − 1)².
    const lambda = (m * PRIOR_SPAN_S * PRIOR_SPAN_S) / 12;
    let a = (sxy + lambda) / (sxx + lambda);
    if (a > 1 + this.maxSlopeDev) a = 1 + this.maxSlopeDev;
    else if (a < 1 - this.maxSlopeDev) a = 1 - this.maxSlopeDev;
    return { a, b: my - a * mx };
  }
}
