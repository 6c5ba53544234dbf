/**
 * Small dense linear algebra for calibration (pose solving, homographies): row-major Float64Array
 * matrices, SVD by one-sided Jacobi, Householder QR, RQ of a 3 × 3, LDLᵀ solve. Pure TypeScript.
 * Sizes here are tiny (at most a few hundred rows by a dozen columns), so clarity beats speed.
 */

/** A dense matrix, row-major. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero matrix of rows × cols. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n × n identity. */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A matrix from nested rows (all of the same length). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

/** Element (i, j). */
export const at = (m: Matrix, i: number, j: number): number => m.data[i * m.cols + j]!;

/** The nested-array form of a matrix (for tests and messages). */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  const t = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return t;
}

/** A · B. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`multiply: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const c = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j]! += aik * b.data[k * b.cols + j]!;
    }
  }
  return c;
}

/** The singular value decomposition A = U · diag(S) · Vᵀ, singular values in decreasing order. */
export interface Svd {
  /** m × n with orthonormal columns (thin SVD; m ≥ n after padding). */
  readonly U: Matrix;
  /** n singular values, largest first. */
  readonly S: Float64Array;
  /** n × n orthogonal. */
  readonly V: Matrix;
}

/**
 * SVD by one-sided Jacobi (Hestenes): rotates column pairs of A until they are orthogonal; the
 * column norms are then the singular values. Accurate to working precision even for the small
 * singular values (which is what null-space solvers like the DLT need). A with fewer rows than
 * columns is padded with zero rows, so V is always the full n × n basis.
 */
export function svd(a: Matrix): Svd {
  const n = a.cols;
  const m = Math.max(a.rows, n);
  const W = new Float64Array(m * n);
  W.set(a.data);
  const V = identity(n).data;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const wp = W[i * n + p]!;
          const wq = W[i * n + q]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const wp = W[i * n + p]!;
          const wq = W[i * n + q]!;
          W[i * n + p] = c * wp - s * wq;
          W[i * n + q] = s * wp + c * wq;
        }
        for (let i = 0; i < n; i++) {
          const vp = V[i * n + p]!;
          const vq = V[i * n + q]!;
          V[i * n + p] = c * vp - s * vq;
          V[i * n + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += W[i * n + j]! ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const U = zeros(m, n);
  const Vs = zeros(n, n);
  const S = new Float64Array(n);
  order.forEach((j, k) => {
    const s = norms[j]!;
    S[k] = s;
    for (let i = 0; i < m; i++) U.data[i * n + k] = s > 0 ? W[i * n + j]! / s : 0;
    for (let i = 0; i < n; i++) Vs.data[i * n + k] = V[i * n + j]!;
  });
  return { U, S, V: Vs };
}

/** The unit vector x minimising |A x| (the right singular vector of the smallest singular value). */
export function nullVector(a: Matrix): Float64Array {
  const { V } = svd(a);
  const n = a.cols;
  return Float64Array.from({ length: n }, (_, i) => V.data[i * n + n - 1]!);
}

/** Householder QR of an m × n matrix (m ≥ n): Q m × m orthogonal, R m × n upper triangular. */
export function qr(a: Matrix): { Q: Matrix; R: Matrix } {
  const m = a.rows;
  const n = a.cols;
  const R = { rows: m, cols: n, data: Float64Array.from(a.data) };
  const Q = identity(m);
  for (let k = 0; k < Math.min(m - 1, n); k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += R.data[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = R.data[k * n + k]!;
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(m);
    v[k] = x0 - alpha;
    for (let i = k + 1; i < m; i++) v[i] = R.data[i * n + k]!;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    // R ← (I − 2vvᵀ/vᵀv) R, Q ← Q (I − 2vvᵀ/vᵀv)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i]! * R.data[i * n + j]!;
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) R.data[i * n + j]! -= f * v[i]!;
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = k; j < m; j++) s += Q.data[i * m + j]! * v[j]!;
      const f = (2 * s) / vv;
      for (let j = k; j < m; j++) Q.data[i * m + j]! -= f * v[j]!;
    }
  }
  for (let i = 1; i < m; i++) for (let j = 0; j < Math.min(i, n); j++) R.data[i * n + j] = 0;
  return { Q, R };
}

/**
 * RQ decomposition of a 3 × 3 matrix M = K · Q with K upper triangular with a positive diagonal and
 * Q orthogonal (det Q = sign of det M). How a DLT camera matrix splits into intrinsics and rotation.
 */
export function rq3(m: Matrix): { K: Matrix; Q: Matrix } {
  if (m.rows !== 3 || m.cols !== 3) throw new Error('rq3 needs a 3 × 3 matrix');
  // With P the row reversal, (P M)ᵀ = Q̃ R̃ gives M = (P R̃ᵀ P)(P Q̃ᵀ), the first factor upper triangular.
  const rev = (x: Matrix): Matrix => fromRows([2, 1, 0].map((i) => [2, 1, 0].map((j) => at(x, i, j))));
  const flipped = transpose(fromRows([2, 1, 0].map((i) => [0, 1, 2].map((j) => at(m, i, j)))));
  const { Q: q, R: r } = qr(flipped);
  const K = rev(transpose(r));
  const Q = fromRows([2, 1, 0].map((i) => [0, 1, 2].map((j) => at(transpose(q), i, j))));
  // Make K's diagonal positive: K·D and D·Q with D = diag(±1) (D² = I).
  for (let i = 0; i < 3; i++) {
    if (at(K, i, i) < 0) {
      for (let r2 = 0; r2 < 3; r2++) K.data[r2 * 3 + i] = -K.data[r2 * 3 + i]!;
      for (let c = 0; c < 3; c++) Q.data[i * 3 + c] = -Q.data[i * 3 + c]!;
    }
  }
  return { K, Q };
}

/** Determinant of a 3 × 3. */
export function det3(m: Matrix): number {
  const d = m.data;
  return d[0]! * (d[4]! * d[8]! - d[5]! * d[7]!) - d[1]! * (d[3]! * d[8]! - d[5]! * d[6]!) + d[2]! * (d[3]! * d[7]! - d[4]! * d[6]!);
}

/**
 * Solves the symmetric system A x = b by LDLᵀ (no square roots, so a semi-definite A with a tiny
 * pivot is reported rather than producing NaN). Returns null when a pivot is not positive (relative
 * to the diagonal's scale): the system is singular or indefinite.
 */
export function ldlSolve(a: Matrix, b: ArrayLike<number>): Float64Array | null {
  const n = a.rows;
  if (a.cols !== n || b.length !== n) throw new Error('ldlSolve: A must be n × n and b of length n');
  const L = new Float64Array(n * n);
  const D = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a.data[i * n + i]!));
  const tiny = scale * 1e-14;
  for (let j = 0; j < n; j++) {
    let d = a.data[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! ** 2 * D[k]!;
    if (!(d > tiny)) return null;
    D[j] = d;
    L[j * n + j] = 1;
    for (let i = j + 1; i < n; i++) {
      let s = a.data[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]! * D[k]!;
      L[i * n + j] = s / d;
    }
  }
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) y[i]! -= L[i * n + k]! * y[k]!;
  for (let i = 0; i < n; i++) y[i]! /= D[i]!;
  for (let i = n - 1; i >= 0; i--) for (let k = i + 1; k < n; k++) y[i]! -= L[k * n + i]! * y[k]!;
  return y;
}

/** The inverse of a symmetric positive-definite matrix (column by column through ldlSolve), or null. */
export function spdInverse(a: Matrix): Matrix | null {
  const n = a.rows;
  const inv = zeros(n, n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const x = ldlSolve(a, e);
    if (x === null) return null;
    for (let i = 0; i < n; i++) inv.data[i * n + j] = x[i]!;
  }
  return inv;
}
