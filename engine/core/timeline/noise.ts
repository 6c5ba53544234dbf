/**
 * Seeded, deterministic noise for flicker and smoke: a function of an integer seed (from a clip id)
 * and a coordinate (show time × frequency). Integer hashing with Math.imul, so every machine computes
 * the same bits; no Math.random anywhere.
 */

/** 32-bit FNV-1a hash of a string (a clip id), as an unsigned integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The lowbias32 integer finaliser: a well-mixed unsigned 32-bit value from any 32-bit integer. */
export function lowbias32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** Mixes two 32-bit integers into a well-distributed 32-bit value (lowbias32 finaliser). */
export function hash2(a: number, b: number): number {
  return lowbias32(a ^ Math.imul(b, 0x9e3779b9));
}

const lattice = (seed: number, i: number): number => hash2(seed, i | 0) / 4294967296;

/** Smooth 1-D value noise in [0, 1): quintic interpolation between hashed lattice values. */
export function valueNoise1(seed: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const w = f * f * f * (f * (f * 6 - 15) + 10);
  const a = lattice(seed, i);
  const b = lattice(seed, i + 1);
  return a + (b - a) * w;
}

/** Three octaves of value noise in [0, 1), for natural-looking fire flicker. */
export function fractalNoise1(seed: number, x: number): number {
  const n = valueNoise1(seed, x) * 0.5714285714285714 + valueNoise1(seed ^ 0x5bd1e995, x * 2.03) * 0.2857142857142857 + valueNoise1(seed ^ 0x1b873593, x * 4.11) * 0.14285714285714285;
  return n;
}
