import { gridCell, gridCoord } from '../../engine/core/geometry/sampleGrid.ts';
import type { WarpGridConfig } from '../../engine/core/profile/profileSchema.ts';
import { catmullRomWeights, WarpGrid } from '../../engine/core/warp/WarpGrid.ts';

/** One observation for the fit: at output pixel (x, y) the image must move by (dx, dy). */
export interface OffsetSample {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
}

/** A fitted fine-warp grid and how well it reproduces the samples. */
export interface WarpFit {
  readonly warp: WarpGridConfig;
  /** |offset(p) − wanted| over the samples, px. */
  readonly rmsPx: number;
  readonly maxPx: number;
}

/**
 * The weights of each control point in WarpGrid's Catmull-Rom offset at output pixel (x, y), including
 * its linear extension past the edges (offset = Σ weight · control offset). Written into idx/w; returns the count.
 */
export function warpStencil(cols: number, rows: number, width: number, height: number, x: number, y: number, idx: Int32Array, w: Float64Array): number {
  const gx = gridCoord(x, width, cols);
  const gy = gridCoord(y, height, rows);
  const c = gridCell(gx, cols);
  const r = gridCell(gy, rows);
  const wx = catmullRomWeights(gx - c);
  const wy = catmullRomWeights(gy - r);
  let n = 0;
  const add = (cc: number, rr: number, weight: number) => {
    if (weight === 0) return;
    const k = rr * cols + cc;
    for (let q = 0; q < n; q++) {
      if (idx[q] === k) {
        w[q] = w[q]! + weight;
        return;
      }
    }
    idx[n] = k;
    w[n++] = weight;
  };
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const weight = wx[i]! * wy[j]!;
      if (weight === 0) continue;
      const cI = c - 1 + i;
      const rI = r - 1 + j;
      const cc = Math.min(Math.max(cI, 0), cols - 1);
      const rr = Math.min(Math.max(rI, 0), rows - 1);
      const c2 = cI < 0 ? Math.min(1, cols - 1) : cI > cols - 1 ? Math.max(cols - 2, 0) : cc;
      const r2 = rI < 0 ? Math.min(1, rows - 1) : rI > rows - 1 ? Math.max(rows - 2, 0) : rr;
      const cOut = cI !== cc;
      const rOut = rI !== rr;
      // As WarpGrid.at: a point past an edge is extrapolated linearly from the two nearest inside it.
      if (!cOut && !rOut) add(cc, rr, weight);
      else if (cOut && !rOut) {
        add(cc, rr, 2 * weight);
        add(c2, rr, -weight);
      } else if (!cOut && rOut) {
        add(cc, rr, 2 * weight);
        add(cc, r2, -weight);
      } else {
        add(cc, rr, 4 * weight);
        add(c2, rr, -2 * weight);
        add(cc, r2, -2 * weight);
        add(c2, r2, weight);
      }
    }
  }
  return n;
}

/**
 * Least-squares fine-warp grid (cols × rows control points) whose Catmull-Rom offsets best reproduce the
 * samples, with a light second-difference penalty so control points no sample reaches follow their
 * neighbours smoothly. Solved by Cholesky on the normal equations (both axes share the matrix).
 */
export function fitWarpGrid(samples: readonly OffsetSample[], width: number, height: number, cols: number, rows: number): WarpFit {
  const n = cols * rows;
  const A = new Float64Array(n * n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const idx = new Int32Array(64);
  const w = new Float64Array(64);
  for (const s of samples) {
    const m = warpStencil(cols, rows, width, height, s.x, s.y, idx, w);
    for (let a = 0; a < m; a++) {
      const ia = idx[a]!;
      const wa = w[a]!;
      bx[ia] = bx[ia]! + wa * s.dx;
      by[ia] = by[ia]! + wa * s.dy;
      for (let b = 0; b < m; b++) {
        const k = ia * n + idx[b]!;
        A[k] = A[k]! + wa * w[b]!;
      }
    }
  }
  // Smoothness: λ Σ (second differences)², λ small next to the data term.
  const lambda = 1e-10 * Math.max(1, samples.length / n);
  const addDiff = (k0: number, k1: number, k2: number) => {
    const ks = [k0, k1, k2];
    const cs = [1, -2, 1];
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const k = ks[a]! * n + ks[b]!;
        A[k] = A[k]! + lambda * cs[a]! * cs[b]!;
      }
    }
  };
  for (let r = 0; r < rows; r++) for (let c = 1; c < cols - 1; c++) addDiff(r * cols + c - 1, r * cols + c, r * cols + c + 1);
  for (let c = 0; c < cols; c++) for (let r = 1; r < rows - 1; r++) addDiff((r - 1) * cols + c, r * cols + c, (r + 1) * cols + c);
  for (let k = 0; k < n; k++) A[k * n + k] = A[k * n + k]! + 1e-12;
  const L = cholesky(A, n);
  const ox = L ? choleskySolve(L, n, bx) : new Float64Array(n);
  const oy = L ? choleskySolve(L, n, by) : new Float64Array(n);
  const warp: WarpGridConfig = { cols, rows, offsetsPx: Array.from({ length: n }, (_, k) => [ox[k]!, oy[k]!] as [number, number]) };
  const grid = new WarpGrid(width, height, warp);
  const o = [0, 0];
  let sum = 0;
  let max = 0;
  for (const s of samples) {
    grid.offsetInto(s.x, s.y, o);
    const e = Math.hypot(o[0]! - s.dx, o[1]! - s.dy);
    sum += e * e;
    if (e > max) max = e;
  }
  return { warp, rmsPx: Math.sqrt(sum / Math.max(1, samples.length)), maxPx: max };
}

function cholesky(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(A);
  for (let j = 0; j < n; j++) {
    let d = L[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = L[i * n + j]!;
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) s -= L[ri + k]! * L[rj + k]!;
      L[ri + j] = s / ljj;
    }
  }
  return L;
}

function choleskySolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}
