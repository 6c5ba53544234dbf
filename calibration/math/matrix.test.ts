import { describe, expect, it } from 'vitest';
import { at, det3, fromRows, identity, ldlSolve, multiply, nullVector, qr, rq3, spdInverse, svd, toRows, transpose, zeros, type Matrix } from './matrix.ts';
import { SeededRandom } from './prng.ts';
import { mul3, nearestRotation, rotationFromVector, vectorFromRotation } from './rotation3.ts';

const random = (rng: SeededRandom, r: number, c: number): Matrix => {
  const m = zeros(r, c);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.gaussian();
  return m;
};
const maxAbsDiff = (a: Matrix, b: Matrix): number => a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i]!)), 0);
const diag = (s: ArrayLike<number>): Matrix => {
  const m = zeros(s.length, s.length);
  for (let i = 0; i < s.length; i++) m.data[i * s.length + i] = s[i]!;
  return m;
};

describe('svd', () => {
  it('reconstructs tall, square and rank-deficient matrices with orthonormal factors and sorted values', () => {
    const rng = new SeededRandom(7);
    const rankDeficient = multiply(random(rng, 9, 3), random(rng, 3, 6));
    for (const A of [random(rng, 20, 12), random(rng, 5, 5), rankDeficient]) {
      const { U, S, V } = svd(A);
      expect(maxAbsDiff(multiply(multiply(U, diag(S)), transpose(V)), A)).toBeLessThan(1e-12);
      expect(maxAbsDiff(multiply(transpose(V), V), identity(A.cols))).toBeLessThan(1e-12);
      for (let i = 1; i < S.length; i++) expect(S[i]!).toBeLessThanOrEqual(S[i - 1]!);
    }
    const { S } = svd(rankDeficient);
    expect(S[2]!).toBeGreaterThan(1e-3);
    for (let i = 3; i < 6; i++) expect(S[i]! / S[0]!).toBeLessThan(1e-13);
  });

  it('matches the known singular values of a diagonal matrix in a rotated frame', () => {
    const R = rotationFromVector([0.3, -0.7, 0.2]);
    const Rm = { rows: 3, cols: 3, data: R };
    const A = multiply(multiply(Rm, diag([5, 2, 0.001])), transpose(Rm));
    expect(Array.from(svd(A).S).map((x) => Number(x.toFixed(12)))).toEqual([5, 2, 0.001]);
  });

  it('pads a wide matrix so nullVector finds its null space', () => {
    // Two equations in three unknowns: x = y = z spans the null space of [[1, −1, 0], [0, 1, −1]].
    const x = nullVector(fromRows([[1, -1, 0], [0, 1, -1]]));
    expect(Math.abs(x[0]! - x[1]!)).toBeLessThan(1e-14);
    expect(Math.abs(x[1]! - x[2]!)).toBeLessThan(1e-14);
    expect(Math.hypot(...x)).toBeCloseTo(1, 14);
  });
});

describe('qr and rq3', () => {
  it('QR: Q orthogonal, R upper triangular, Q R = A', () => {
    const A = random(new SeededRandom(3), 7, 4);
    const { Q, R } = qr(A);
    expect(maxAbsDiff(multiply(Q, R), A)).toBeLessThan(1e-13);
    expect(maxAbsDiff(multiply(transpose(Q), Q), identity(7))).toBeLessThan(1e-13);
    for (let i = 1; i < 7; i++) for (let j = 0; j < Math.min(i, 4); j++) expect(at(R, i, j)).toBe(0);
  });

  it('RQ splits K·R back into the intrinsics (positive diagonal) and the rotation', () => {
    const K = fromRows([[1800, 0.5, 960], [0, 1790, 540], [0, 0, 1]]);
    const R = { rows: 3, cols: 3, data: rotationFromVector([0.4, 1.1, -0.3]) };
    const { K: k, Q } = rq3(multiply(K, R));
    expect(maxAbsDiff(k, K)).toBeLessThan(1e-9);
    expect(maxAbsDiff(Q, R)).toBeLessThan(1e-12);
    expect(det3(Q)).toBeCloseTo(1, 12);
    // A negated camera matrix keeps a positive diagonal and moves the sign into Q (det −1).
    const neg = rq3(multiply(fromRows([[-1, 0, 0], [0, -1, 0], [0, 0, -1]]), multiply(K, R)));
    expect(maxAbsDiff(neg.K, K)).toBeLessThan(1e-9);
    expect(det3(neg.Q)).toBeCloseTo(-1, 12);
  });
});

describe('ldlSolve', () => {
  it('solves a symmetric positive-definite system and inverts it', () => {
    const B = random(new SeededRandom(11), 12, 6);
    const A = multiply(transpose(B), B);
    const xTrue = [1, -2, 3, 0.5, -0.25, 4];
    const b = toRows(multiply(A, fromRows(xTrue.map((x) => [x])))).map((r) => r[0]!);
    const x = ldlSolve(A, b)!;
    xTrue.forEach((v, i) => expect(x[i]!).toBeCloseTo(v, 10));
    expect(maxAbsDiff(multiply(spdInverse(A)!, A), identity(6))).toBeLessThan(1e-10);
  });

  it('reports a singular system as null instead of NaN', () => {
    expect(ldlSolve(fromRows([[1, 1], [1, 1]]), [1, 2])).toBeNull();
    expect(ldlSolve(fromRows([[1, 0], [0, -1]]), [1, 2])).toBeNull();
  });
});

describe('rotations', () => {
  it('rotation vector ↔ matrix round trip, including near 0 and near π', () => {
    for (const w of [[0.3, -0.2, 0.9], [1e-9, 2e-9, -1e-9], [0, Math.PI - 1e-7, 0], [2, -1, 0.5]]) {
      const R = rotationFromVector(w);
      expect(maxAbsDiff({ rows: 3, cols: 3, data: mul3(R, transpose({ rows: 3, cols: 3, data: R }).data) }, identity(3))).toBeLessThan(1e-14);
      const back = vectorFromRotation(R);
      back.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 6));
    }
  });

  it('nearestRotation returns a proper rotation close to a perturbed one', () => {
    const R = rotationFromVector([0.5, 0.1, -0.4]);
    const noisy = { rows: 3, cols: 3, data: R.map((x, i) => x * 1.01 + (i === 4 ? 0.002 : 0)) };
    const Rn = nearestRotation(noisy);
    expect(det3({ rows: 3, cols: 3, data: Rn })).toBeCloseTo(1, 12);
    Rn.forEach((x, i) => expect(x).toBeCloseTo(R[i]!, 2));
  });
});

describe('SeededRandom', () => {
  it('is reproducible and roughly standard normal', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 20000 }, () => a.gaussian());
    expect(Array.from({ length: 5 }, () => b.gaussian())).toEqual(xs.slice(0, 5));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    const s = new SeededRandom(1).sample(10, 6);
    expect(new Set(s).size).toBe(6);
  });
});
