import { easeFn, type EaseFn } from './eases.ts';

/**
 * One parameter of a clip, compiled for evaluation: keyframe times and values in flat arrays, the ease
 * of each segment, and a cached segment index so sequential playback needs no search (three.js's
 * Interpolant keeps the same cache). Random access is a binary search, O(log k).
 */
export class KeyframeTrack {
  /** Number of components per value (1, 2, 3 or 4). */
  readonly size: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** eases[i] shapes the segment from keyframe i - 1 to keyframe i. */
  private readonly eases: EaseFn[];
  private readonly min: number;
  private readonly max: number;
  private cached = 0;

  /** Builds a track from keyframes in time order; a constant is a track of one keyframe. */
  constructor(keyframes: readonly { t: number; v: number | readonly number[]; ease?: string | undefined }[], size: number, min: number, max: number) {
    this.size = size;
    this.min = min;
    this.max = max;
    this.times = new Float64Array(keyframes.length);
    this.values = new Float64Array(keyframes.length * size);
    this.eases = [];
    keyframes.forEach((k, i) => {
      this.times[i] = k.t;
      if (typeof k.v === 'number') this.values[i * size] = k.v;
      else for (let c = 0; c < size; c++) this.values[i * size + c] = k.v[c] ?? 0;
      this.eases.push(easeFn(k.ease ?? 'linear'));
    });
  }

  /** Index of the last keyframe with time ≤ t (-1 before the first). Cached for forward playback. */
  private segment(t: number): number {
    const times = this.times;
    const n = times.length;
    let i = this.cached;
    if (i < n && times[i]! <= t && (i + 1 >= n || t < times[i + 1]!)) return i;
    if (i + 1 < n && times[i + 1]! <= t && (i + 2 >= n || t < times[i + 2]!)) return (this.cached = i + 1);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    i = lo - 1;
    if (i >= 0) this.cached = i;
    return i;
  }

  /** Writes the value at clip-local time t into out[offset…offset+size). Clamped to the parameter range. */
  evaluateInto(t: number, out: number[] | Float64Array, offset = 0): void {
    const size = this.size;
    const n = this.times.length;
    const i = this.segment(t);
    if (i < 0 || i >= n - 1) {
      const k = i < 0 ? 0 : n - 1;
      for (let c = 0; c < size; c++) out[offset + c] = this.clamp(this.values[k * size + c]!);
      return;
    }
    const t0 = this.times[i]!;
    const t1 = this.times[i + 1]!;
    const p = t1 > t0 ? (t - t0) / (t1 - t0) : 1;
    const e = this.eases[i + 1]!(p);
    const a = i * size;
    const b = a + size;
    for (let c = 0; c < size; c++) {
      const va = this.values[a + c]!;
      out[offset + c] = this.clamp(va + (this.values[b + c]! - va) * e);
    }
  }

  /** The value at clip-local time t: a number for scalars, a new array otherwise. */
  evaluate(t: number): number | number[] {
    const out = new Array<number>(this.size);
    this.evaluateInto(t, out);
    return this.size === 1 ? (out[0] as number) : out;
  }

  private clamp(v: number): number {
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }
}
