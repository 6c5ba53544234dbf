/**
 * The median of the last `size` frame intervals (ms), the page's refresh period as measured, kept
 * without allocating: a ring of intervals and one scratch array sorted in place. The frame loop asks
 * for it every frame; copying and sorting a fresh array there was half of an output page's garbage.
 */
export class FrameIntervals {
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;
  private medianMs: number;

  /** `size` intervals kept; `fallbackMs` until five have been seen (one 60 Hz refresh by default). */
  constructor(
    size = 30,
    private readonly fallbackMs = 1000 / 60,
  ) {
    this.ring = new Float64Array(size);
    this.scratch = new Float64Array(size);
    this.medianMs = fallbackMs;
  }

  /** Records one interval between frames (ms). */
  add(ms: number): void {
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.ring.length;
    this.count = Math.min(this.count + 1, this.ring.length);
    if (this.count < 5) return;
    const s = this.scratch.subarray(0, this.count);
    s.set(this.count === this.ring.length ? this.ring : this.ring.subarray(0, this.count));
    s.sort();
    this.medianMs = s[this.count >> 1]!;
  }

  /** The median interval (ms): the upper median of those kept, or the fallback before five. */
  get ms(): number {
    return this.medianMs;
  }
}
