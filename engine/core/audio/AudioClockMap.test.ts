import { describe, expect, it } from 'vitest';
import { hash2 } from '../timeline/noise.ts';
import { AudioClockMap } from './AudioClockMap.ts';

/** Seeded uniform noise in [−1, 1). */
const noise = (seed: number, k: number) => (hash2(seed, k) / 4294967296) * 2 - 1;

// The truth: the audio clock runs 100 ppm slow against the epoch, and its 0 was at epoch 1.8e9 + 42.123456 s.
const PPM = 100;
const EPOCH0 = 1_800_000_042.123456;
const epochOf = (ctxS: number) => EPOCH0 + ctxS * (1 + PPM * 1e-6);

describe('AudioClockMap', () => {
  it('recovers a 100 ppm slope and the offset from jittery pairs (±0.5 ms, seeded) to < 0.1 ms', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const map = new AudioClockMap();
      expect(map.ready).toBe(false);
      for (let k = 0; k < 600; k++) {
        const ctx = 100 + k * 0.25;
        map.add(ctx, epochOf(ctx) + noise(seed, k) * 0.5e-3);
      }
      expect(map.ready).toBe(true);
      expect(map.size).toBe(512);
      expect(Math.abs(map.ratePpm - PPM), `seed ${seed}: ${map.ratePpm} ppm`).toBeLessThan(2);
      // The newest pair, inside the window, and where the engine schedules (just ahead), both directions.
      for (const ctx of [200, 249.75, 250.25]) {
        expect(Math.abs(map.toEpoch(ctx) - epochOf(ctx)) * 1000, `seed ${seed} at ctx ${ctx}`).toBeLessThan(0.1);
        expect(Math.abs(map.toContext(epochOf(ctx)) - ctx) * 1000).toBeLessThan(0.1);
      }
    }
  });

  it('shrugs off readings disturbed by the scheduler: a fifth of the pairs 2 to 20 ms late', () => {
    const map = new AudioClockMap({ windowSize: 128 });
    for (let k = 0; k < 128; k++) {
      const ctx = k * 0.25;
      const late = hash2(9, k) % 5 === 0 ? 0.002 + ((hash2(10, k) % 1000) / 1000) * 0.018 : 0;
      map.add(ctx, epochOf(ctx) + noise(11, k) * 2e-4 + late);
    }
    expect(Math.abs(map.toEpoch(31.75) - epochOf(31.75)) * 1000).toBeLessThan(0.1);
    expect(Math.abs(map.ratePpm - PPM)).toBeLessThan(10);
  });

  it('prefers the pairs with the smallest stated uncertainty', () => {
    const map = new AudioClockMap();
    for (let k = 0; k < 128; k++) {
      const ctx = k * 0.25;
      const bad = k % 2 === 1;
      // Bad pairs: ±5 ms, saying so; good pairs: ±0.1 ms.
      map.add(ctx, epochOf(ctx) + noise(21, k) * (bad ? 5e-3 : 1e-4), bad ? 5e-3 : 1e-4);
    }
    expect(Math.abs(map.toEpoch(31.75) - epochOf(31.75)) * 1000).toBeLessThan(0.05);
  });

  it('follows a change of the clocks (a new rate) within one window, and is near exact on exact pairs', () => {
    const map = new AudioClockMap({ windowSize: 64 });
    for (let k = 0; k < 64; k++) map.add(k, 1000 + k);
    expect(map.ratePpm).toBeCloseTo(0, 6);
    expect(map.toEpoch(70)).toBeCloseTo(1070, 9);
    for (let k = 64; k < 128; k++) map.add(k, 1064 + (k - 64) * 1.0002);
    // The prior at equal rates (3 s worth of pairs) leaves 0.2 % of the rate on a 64 s window.
    expect(Math.abs(map.ratePpm - 200)).toBeLessThan(0.5);
    expect(Math.abs(map.toEpoch(130) - (1064 + 66 * 1.0002)) * 1000).toBeLessThan(0.05);
  });

  it('before it is ready: slope 1 through the median offset; never a wild slope from a short window', () => {
    const map = new AudioClockMap();
    expect(map.toEpoch(5)).toBe(5);
    map.add(10, 1010.001);
    map.add(10.1, 1010.1);
    map.add(10.2, 1010.3); // a bad one
    expect(map.ready).toBe(false);
    expect(map.ratePpm).toBe(0);
    expect(map.toEpoch(11)).toBeCloseTo(1011.001, 9);
    const short = new AudioClockMap();
    for (let k = 0; k < 16; k++) short.add(k * 0.01, 5000 + k * 0.01 + (k % 2) * 0.002);
    expect(Math.abs(short.ratePpm)).toBeLessThanOrEqual(1000);
    short.reset();
    expect(short.size).toBe(0);
    expect(short.ready).toBe(false);
  });

  it('does not believe a large rate from a few seconds of jittery pairs (a busy machine, a device just started)', () => {
    // Three seconds at four pairs a second, ±2 ms of jitter, equal rates: plain least squares reads
    // up to 230 ppm here and is 1.8 ms off seven seconds later; the prior halves both.
    for (const seed of [1, 2, 3, 4, 5]) {
      const map = new AudioClockMap();
      for (let k = 0; k < 12; k++) map.add(k * 0.25, 7000 + k * 0.25 + noise(seed, k) * 2e-3);
      expect(Math.abs(map.ratePpm)).toBeLessThan(120);
      expect(Math.abs(map.toEpoch(10) - 7010) * 1000).toBeLessThan(1.1);
    }
  });

  it('ignores pairs that are not finite', () => {
    const map = new AudioClockMap();
    map.add(Number.NaN, 1);
    map.add(1, Number.POSITIVE_INFINITY);
    map.add(1, 2, -1);
    expect(map.size).toBe(0);
  });
});
