/** Binary searches over ascending arrays of numbers (clip starts, boundaries, chapter starts). */

/** Index of the first element strictly greater than x in a sorted array (length if none). */
export function firstAfter(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last element ≤ x in a sorted array, or -1. */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  return firstAfter(sorted, x) - 1;
}
