/**
 * Levenberg–Marquardt on reprojection error: the rotation as a small rotation vector applied on the
 * left (R ← exp(δω)·R), the lens centre in metres, optionally the focal length and the principal point.
 * Weighted residuals, so the caller can run iteratively reweighted (robust) fits and inlier-only fits.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { zeros, type Matrix, ldlSolve } from '../math/matrix.ts';
import { mul3, rotationFromVector } from '../math/rotation3.ts';
import { projectPoint, type CameraParams } from './cameraParams.ts';

/** Which intrinsics move (the pose always does). */
export interface FreeParams {
  readonly focal: boolean;
  readonly shift: boolean;
}

/** The result of a refinement. */
export interface Refined {
  readonly cam: CameraParams;
  /** Σ wᵢ |eᵢ|² at the end. */
  readonly cost: number;
  /** JᵀJ (weighted) at the end, over the free parameters: its inverse is the covariance for 1 px noise. */
  readonly normal: Matrix;
  readonly iterations: number;
}

/** A residual standing in for a point behind the lens: large, so a step putting one there is refused. */
const BEHIND_PX = 1e6;

/** The number of parameters moved with `free`. */
export const paramCount = (free: FreeParams): number => 6 + (free.focal ? 1 : 0) + (free.shift ? 2 : 0);

/** The camera moved by a parameter step δ (layout: ω, C, [f], [cx, cy]). */
export function stepCamera(c: CameraParams, d: ArrayLike<number>, free: FreeParams): CameraParams {
  let k = 6;
  const f = free.focal ? c.f + d[k++]! : c.f;
  const cx = free.shift ? c.cx + d[k++]! : c.cx;
  const cy = free.shift ? c.cy + d[k++]! : c.cy;
  return {
    R: mul3(rotationFromVector([d[0]!, d[1]!, d[2]!]), c.R),
    C: [c.C[0] + d[3]!, c.C[1] + d[4]!, c.C[2] + d[5]!],
    f,
    cx,
    cy,
    k1: c.k1,
    k2: c.k2,
  };
}

/** Weighted residuals √wᵢ (projected − clicked), two per point; points with weight 0 give zeros. */
function residuals(c: CameraParams, world: readonly Vec3[], pixels: readonly (readonly [number, number])[], w: readonly number[], out: Float64Array): void {
  for (let i = 0; i < world.length; i++) {
    const sw = Math.sqrt(w[i]!);
    if (sw === 0) {
      out[2 * i] = 0;
      out[2 * i + 1] = 0;
      continue;
    }
    const q = projectPoint(c, world[i]!);
    out[2 * i] = q === null ? sw * BEHIND_PX : sw * (q[0] - pixels[i]![0]);
    out[2 * i + 1] = q === null ? sw * BEHIND_PX : sw * (q[1] - pixels[i]![1]);
  }
}

const sumSq = (r: Float64Array): number => r.reduce((s, x) => s + x * x, 0);

/**
 * Refines a camera by Levenberg–Marquardt (Marquardt's diagonal scaling) with central-difference
 * derivatives. Stops when the cost no longer falls (relative 1e-15), the step is negligible, or after
 * `maxIterations`.
 */
export function refineCamera(
  start: CameraParams,
  world: readonly Vec3[],
  pixels: readonly (readonly [number, number])[],
  weights: readonly number[],
  free: FreeParams,
  maxIterations = 100,
): Refined {
  const n = world.length;
  const m = paramCount(free);
  let scaleM = 0;
  for (const p of world) scaleM = Math.max(scaleM, Math.hypot(p[0] - start.C[0], p[1] - start.C[1], p[2] - start.C[2]));
  const h = Array.from({ length: m }, (_, k) => (k < 3 ? 1e-6 : k < 6 ? 1e-6 * Math.max(1, scaleM) : free.focal && k === 6 ? 1e-6 * start.f : 1e-4));
  const r = new Float64Array(2 * n);
  const rp = new Float64Array(2 * n);
  const rm = new Float64Array(2 * n);
  const J = new Float64Array(2 * n * m);
  const JtJ = zeros(m, m);
  const g = new Float64Array(m);
  let cam = start;
  residuals(cam, world, pixels, weights, r);
  let cost = sumSq(r);
  let lambda = 1e-3;
  let it = 0;
  const jacobian = (c: CameraParams) => {
    const d = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      d.fill(0);
      d[k] = h[k]!;
      residuals(stepCamera(c, d, free), world, pixels, weights, rp);
      d[k] = -h[k]!;
      residuals(stepCamera(c, d, free), world, pixels, weights, rm);
      for (let i = 0; i < 2 * n; i++) J[i * m + k] = (rp[i]! - rm[i]!) / (2 * h[k]!);
    }
    JtJ.data.fill(0);
    g.fill(0);
    for (let i = 0; i < 2 * n; i++) {
      for (let a = 0; a < m; a++) {
        const ja = J[i * m + a]!;
        if (ja === 0) continue;
        g[a]! += ja * r[i]!;
        for (let b = 0; b < m; b++) JtJ.data[a * m + b]! += ja * J[i * m + b]!;
      }
    }
  };
  for (; it < maxIterations; it++) {
    jacobian(cam);
    let accepted = false;
    while (!accepted && lambda < 1e16) {
      const A = zeros(m, m);
      A.data.set(JtJ.data);
      for (let k = 0; k < m; k++) A.data[k * m + k]! += lambda * Math.max(JtJ.data[k * m + k]!, 1e-12);
      const step = ldlSolve(A, g.map((x) => -x));
      if (step === null) {
        lambda *= 10;
        continue;
      }
      const trial = stepCamera(cam, step, free);
      residuals(trial, world, pixels, weights, rp);
      const c2 = sumSq(rp);
      if (c2 < cost) {
        const gain = cost - c2;
        cam = trial;
        r.set(rp);
        const prev = cost;
        cost = c2;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        const small = step.every((x, k) => Math.abs(x) < 1e-12 * Math.max(1, h[k]! * 1e6));
        if (gain <= 1e-15 * prev || small) return finish();
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) break;
  }
  return finish();

  function finish(): Refined {
    jacobian(cam);
    const normal = zeros(m, m);
    normal.data.set(JtJ.data);
    return { cam, cost, normal, iterations: it + 1 };
  }
}
