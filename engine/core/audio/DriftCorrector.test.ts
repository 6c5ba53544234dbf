import { describe, expect, it } from 'vitest';
import { DriftCorrector } from './DriftCorrector.ts';
import { simulateDrift } from './simulateDrift.ts';

describe('DriftCorrector', () => {
  it('leaves the rate alone under the threshold, then pulls back proportionally within ±0.1 %', () => {
    const d = new DriftCorrector();
    expect(d.update(0)).toBe(1);
    expect(d.update(0.99)).toBe(1);
    expect(d.update(-1)).toBe(1);
    expect(d.active).toBe(false);
    expect(d.update(1.5)).toBeCloseTo(1 - 0.0015 / 2, 12); // 1.5 ms early: remove it in ~2 s
    expect(d.active).toBe(true);
    expect(d.update(40)).toBe(0.999); // bounded: 0.1 %
    expect(d.update(-40)).toBe(1.001);
    expect(d.update(Number.NaN)).toBe(1);
  });

  it('keeps correcting until the error is under a quarter of the threshold (no chatter at the threshold)', () => {
    const d = new DriftCorrector({ thresholdMs: 2 });
    expect(d.update(2.5)).toBeLessThan(1);
    expect(d.update(1.5)).toBeLessThan(1);
    expect(d.update(0.6)).toBeLessThan(1);
    expect(d.update(0.5)).toBe(1);
    expect(d.update(1.9)).toBe(1);
    d.update(3);
    d.reset();
    expect(d.active).toBe(false);
    expect(d.update(1.9)).toBe(1);
  });
});

describe('simulateDrift (30 simulated minutes)', () => {
  it('holds 100 ppm of drift either way to ≤ 5 ms, never changing rate by more than 0.1 % nor jumping', () => {
    for (const ppm of [100, -100]) {
      for (const seed of [1, 2]) {
        const r = simulateDrift({ ppm, durationS: 1800, seed });
        expect(r.updates).toBe(7201);
        expect(r.maxErrorMs, `${ppm} ppm, seed ${seed}`).toBeLessThanOrEqual(5);
        expect(r.maxRateDeviation).toBeLessThanOrEqual(0.001);
        expect(r.maxRateDeviation).toBeGreaterThan(0); // it did correct: uncorrected, 100 ppm is 180 ms after 30 min
        // No jump: within one update (0.25 s) the position moves by the rate bound plus the drift at most.
        expect(r.maxStepMs).toBeLessThanOrEqual((0.001 + Math.abs(ppm) * 1e-6) * 250 * 1.0011 + 1e-9);
        expect(Math.abs(r.finalErrorMs)).toBeLessThanOrEqual(1.5);
      }
    }
  });

  it('without the corrector the same drift would be 180 ms: the simulation does drift', () => {
    const r = simulateDrift({ ppm: 100, durationS: 1800, corrector: { thresholdMs: 1e9 } });
    expect(r.maxErrorMs).toBeCloseTo(180, 1);
    expect(r.maxRateDeviation).toBe(0);
  });

  it('is deterministic: the same scenario gives the same figures', () => {
    expect(simulateDrift({ ppm: 80, durationS: 120, seed: 7, pairJitterMs: 2 })).toEqual(simulateDrift({ ppm: 80, durationS: 120, seed: 7, pairJitterMs: 2 }));
  });
});
