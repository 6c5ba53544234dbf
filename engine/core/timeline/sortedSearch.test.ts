import { describe, expect, it } from 'vitest';
import { firstAfter, lastAtOrBefore } from './sortedSearch.ts';

describe('sortedSearch', () => {
  const sorted = [0, 1, 1, 3];
  it('firstAfter finds the first element greater than x', () => {
    expect([-1, 0, 1, 2, 3, 4].map((x) => firstAfter(sorted, x))).toEqual([0, 1, 3, 3, 4, 4]);
    expect(firstAfter([], 5)).toBe(0);
  });
  it('lastAtOrBefore finds the last element at or below x', () => {
    expect([-1, 0, 1, 2, 3, 4].map((x) => lastAtOrBefore(sorted, x))).toEqual([-1, 0, 2, 2, 3, 3]);
    expect(lastAtOrBefore([], 5)).toBe(-1);
  });
});
