/**
 * A static centred interval tree over half-open intervals [start, end). A stabbing query at t returns
 * every interval containing t in O(log n + k). Built once per compiled show; flat typed arrays, so a
 * query allocates nothing but its result.
 */
export class IntervalIndex {
  private readonly centers: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Per node: slice of byStart / byEnd (same length). */
  private readonly sliceStart: Int32Array;
  private readonly sliceLength: Int32Array;
  /** Interval ids of each node sorted by start ascending. */
  private readonly byStart: Int32Array;
  /** Interval ids of each node sorted by end descending. */
  private readonly byEnd: Int32Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private nodeCount = 0;
  private fill = 0;

  /** Builds the index; interval i is [starts[i], ends[i]). Empty intervals are never returned. */
  constructor(starts: ArrayLike<number>, ends: ArrayLike<number>) {
    const n = starts.length;
    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
    const maxNodes = Math.max(1, n);
    this.centers = new Float64Array(maxNodes);
    this.left = new Int32Array(maxNodes).fill(-1);
    this.right = new Int32Array(maxNodes).fill(-1);
    this.sliceStart = new Int32Array(maxNodes);
    this.sliceLength = new Int32Array(maxNodes);
    this.byStart = new Int32Array(n);
    this.byEnd = new Int32Array(n);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) if (this.ends[i]! > this.starts[i]!) ids.push(i);
    this.build(ids);
  }

  private build(ids: number[]): number {
    if (ids.length === 0) return -1;
    // The median start is a centre that always keeps its own interval at this node, so every level
    // makes progress, and at most half the intervals go to either side.
    const sortedStarts = ids.map((i) => this.starts[i]!).sort((a, b) => a - b);
    const center = sortedStarts[sortedStarts.length >> 1]!;
    const here: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (const i of ids) {
      if (this.ends[i]! <= center) lo.push(i);
      else if (this.starts[i]! > center) hi.push(i);
      else here.push(i);
    }
    const node = this.nodeCount++;
    this.centers[node] = center;
    this.sliceStart[node] = this.fill;
    this.sliceLength[node] = here.length;
    const s = this.starts;
    const e = this.ends;
    const asc = [...here].sort((a, b) => s[a]! - s[b]! || a - b);
    const desc = [...here].sort((a, b) => e[b]! - e[a]! || a - b);
    for (let k = 0; k < here.length; k++) {
      this.byStart[this.fill + k] = asc[k]!;
      this.byEnd[this.fill + k] = desc[k]!;
    }
    this.fill += here.length;
    this.left[node] = this.build(lo);
    this.right[node] = this.build(hi);
    return node;
  }

  /** Appends to `out` the ids of all intervals with start ≤ t < end (in no particular order). */
  query(t: number, out: number[]): number[] {
    let node = this.nodeCount > 0 ? 0 : -1;
    while (node >= 0) {
      const from = this.sliceStart[node]!;
      const to = from + this.sliceLength[node]!;
      if (t < this.centers[node]!) {
        for (let k = from; k < to; k++) {
          const id = this.byStart[k]!;
          if (this.starts[id]! > t) break;
          out.push(id);
        }
        node = this.left[node]!;
      } else {
        for (let k = from; k < to; k++) {
          const id = this.byEnd[k]!;
          if (this.ends[id]! <= t) break;
          if (this.starts[id]! <= t) out.push(id);
        }
        node = this.right[node]!;
      }
    }
    return out;
  }
}
