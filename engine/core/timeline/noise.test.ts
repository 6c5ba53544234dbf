import { describe, expect, it } from 'vitest';
import { fractalNoise1, hashString, valueNoise1 } from './noise.ts';

describe('seeded noise', () => {
  it('is a pure function of seed and coordinate', () => {
    const seed = hashString('fire-hill');
    expect(hashString('fire-hill')).toBe(seed);
    expect(hashString('fire-hill-2')).not.toBe(seed);
    for (const x of [0, 0.5, 123.456, 1e5 + 0.25]) {
      expect(valueNoise1(seed, x)).toBe(valueNoise1(seed, x));
      expect(fractalNoise1(seed, x)).toBe(fractalNoise1(seed, x));
    }
  });

  it('stays in [0, 1), is continuous, and differs between seeds', () => {
    const a = hashString('a');
    const b = hashString('b');
    let diff = 0;
    for (let i = 0; i < 5000; i++) {
      const x = i * 0.013;
      const n = fractalNoise1(a, x);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      expect(Math.abs(fractalNoise1(a, x + 1e-6) - n)).toBeLessThan(1e-3);
      diff += Math.abs(n - fractalNoise1(b, x));
    }
    expect(diff / 5000).toBeGreaterThan(0.05);
  });

  it('has the known FNV-1a value for a fixed string (same bits on every machine)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
