import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntervalIndex } from './IntervalIndex.ts';

describe('IntervalIndex', () => {
  it('returns exactly the intervals with start ≤ t < end (property, against brute force)', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 120 }), fc.array(fc.integer({ min: -5, max: 270 }), { minLength: 1, maxLength: 30 }), (ivs, queries) => {
        const starts = ivs.map(([s]) => s / 2);
        const ends = ivs.map(([s, d]) => (s + d) / 2);
        const index = new IntervalIndex(starts, ends);
        for (const q of queries) {
          const t = q / 2;
          const expected = ivs.map((_, i) => i).filter((i) => starts[i]! <= t && t < ends[i]!);
          expect(index.query(t, []).sort((a, b) => a - b)).toEqual(expected);
        }
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });

  it('handles identical intervals, empty intervals and no intervals', () => {
    const index = new IntervalIndex([0, 0, 0, 5], [1, 1, 0, 5]);
    expect(index.query(0, []).sort()).toEqual([0, 1]);
    expect(index.query(1, [])).toEqual([]);
    expect(index.query(5, [])).toEqual([]);
    expect(new IntervalIndex([], []).query(3, [])).toEqual([]);
  });

  it('builds and queries 100,000 intervals without deep recursion', () => {
    const n = 100_000;
    const starts = Array.from({ length: n }, (_, i) => i * 0.01);
    const ends = starts.map((s) => s + 1);
    const index = new IntervalIndex(starts, ends);
    expect(index.query(500.005, []).length).toBe(100);
  });
});
