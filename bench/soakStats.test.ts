import { describe, expect, it } from 'vitest';
import { growthMiBPerHour, summariseGrowth, type MemorySample } from './soakStats.ts';

const MiB = 2 ** 20;

/** Samples every 30 s for `minutes`, from `startMiB` growing `perHourMiB`, with a saw-tooth of `sawMiB` (garbage collections). */
function series(minutes: number, startMiB: number, perHourMiB: number, sawMiB = 0): MemorySample[] {
  const out: MemorySample[] = [];
  for (let tS = 0; tS <= minutes * 60; tS += 30) out.push({ tS, bytes: (startMiB + (perHourMiB * tS) / 3600 + (sawMiB * ((tS / 30) % 4)) / 4) * MiB });
  return out;
}

describe('growthMiBPerHour', () => {
  it('recovers a steady growth as a slope per hour', () => {
    expect(growthMiBPerHour(series(60, 150, 27), 0)).toBeCloseTo(27, 6);
    expect(growthMiBPerHour(series(60, 150, 0), 0)).toBeCloseTo(0, 9);
    expect(growthMiBPerHour(series(60, 150, -5), 0)).toBeCloseTo(-5, 6);
  });

  it('leaves the warm-up out', () => {
    // 40 MiB in the first ten minutes (caches filling), flat after.
    const s = series(70, 150, 0).map((x) => ({ tS: x.tS, bytes: x.bytes + Math.min(x.tS, 600) * (40 / 600) * MiB }));
    expect(growthMiBPerHour(s, 0)!).toBeGreaterThan(10);
    expect(growthMiBPerHour(s, 600)).toBeCloseTo(0, 6);
  });

  it('is not decided by a collection at either end', () => {
    // A 4 MiB saw-tooth on a 1 MiB/h growth: last minus first would say anything from -3 to +5 MiB/h.
    const g = growthMiBPerHour(series(60, 150, 1, 4), 0)!;
    expect(Math.abs(g - 1)).toBeLessThan(0.5);
  });

  it('says null when there is too little to fit', () => {
    expect(growthMiBPerHour([], 0)).toBeNull();
    expect(growthMiBPerHour(series(0.5, 150, 10), 0)).toBeNull();
    expect(growthMiBPerHour(series(60, 150, 10), 3600)).toBeNull();
  });
});

describe('summariseGrowth', () => {
  it('gives first, last, peak and the slope in MiB', () => {
    const g = summariseGrowth('output P01', series(30, 100, 6), 600);
    expect(g.label).toBe('output P01');
    expect(g.firstMiB).toBeCloseTo(100, 9);
    expect(g.lastMiB).toBeCloseTo(103, 9);
    expect(g.peakMiB).toBeCloseTo(103, 9);
    expect(g.growthMiBPerHour).toBeCloseTo(6, 6);
  });
});
