/**
 * Levenberg–Marquardt on reprojection error: the rotation as a small rotation vector applied on the
 * left (R ← exp(δω)·R), the lens centre in metres, optionally the focal length and the principal point.
 * Weighted residuals, so the caller can run iteratively reweighted (robust) fits and inlier-only fits.
 */
import { worldToCamera } from '../../engine/core/geometry/ProjectorModel.ts';
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

/** Camera-frame scratch of projectionJacobian. */
const scratchCam = new Float64Array(3);

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
 * The derivatives of the projected pixel of P with respect to the parameters (layout as stepCamera:
 * δω on the left, C, [f], [cx, cy]), written to out as two rows of `paramCount(free)`: row 0 for x,
 * row 1 for y. False (out untouched) when P is not in front of the lens.
 */
export function projectionJacobian(c: CameraParams, P: Vec3, free: FreeParams, out: Float64Array): boolean {
  const R = c.R;
  const q = worldToCamera(R, c.C, P, scratchCam);
  const X = q[0]!;
  const Y = q[1]!;
  const Z = q[2]!;
  if (!(Z > 1e-9)) return false;
  const xn = X / Z;
  const yn = Y / Z;
  // d(xn, yn)/d(X, Y, Z)
  const iz = 1 / Z;
  const a0 = iz, a2 = -xn * iz; // dxn/dX, dxn/dZ (dxn/dY = 0)
  const b1 = iz, b2 = -yn * iz; // dyn/dY, dyn/dZ (dyn/dX = 0)
  // Distortion: xd = xn s, yd = yn s, s = 1 + k1 r² + k2 r⁴.
  const r2 = xn * xn + yn * yn;
  const sd = 1 + c.k1 * r2 + c.k2 * r2 * r2;
  const dsdr2 = c.k1 + 2 * c.k2 * r2;
  const dxd_dxn = sd + 2 * xn * xn * dsdr2;
  const dxd_dyn = 2 * xn * yn * dsdr2;
  const dyd_dxn = dxd_dyn;
  const dyd_dyn = sd + 2 * yn * yn * dsdr2;
  // du/dX = f (dxd/dxn dxn/dX + dxd/dyn dyn/dX), etc.
  const f = c.f;
  const uX = f * dxd_dxn * a0;
  const uY = f * dxd_dyn * b1;
  const uZ = f * (dxd_dxn * a2 + dxd_dyn * b2);
  const vX = f * dyd_dxn * a0;
  const vY = f * dyd_dyn * b1;
  const vZ = f * (dyd_dxn * a2 + dyd_dyn * b2);
  const m = paramCount(free);
  // X ← exp(δω) X ≈ X + δω × X: dX/dδω columns (0, −Z, Y), (Z, 0, −X), (−Y, X, 0).
  out[0] = -uY * Z + uZ * Y;
  out[1] = uX * Z - uZ * X;
  out[2] = -uX * Y + uY * X;
  out[m] = -vY * Z + vZ * Y;
  out[m + 1] = vX * Z - vZ * X;
  out[m + 2] = -vX * Y + vY * X;
  // dX/dC = −R.
  for (let k = 0; k < 3; k++) {
    out[3 + k] = -(uX * R[k]! + uY * R[3 + k]! + uZ * R[6 + k]!);
    out[m + 3 + k] = -(vX * R[k]! + vY * R[3 + k]! + vZ * R[6 + k]!);
  }
  let j = 6;
  if (free.focal) {
    out[j] = xn * sd;
    out[m + j] = yn * sd;
    j++;
  }
  if (free.shift) {
    out[j] = 1;
    out[m + j] = 0;
    out[j + 1] = 0;
    out[m + j + 1] = 1;
  }
  return true;
}

/** Buffers of one refinement: residuals now and at a trial step, the weighted Jacobian, JᵀJ and Jᵀr. */
interface Workspace {
  readonly m: number;
  readonly r: Float64Array;
  readonly rp: Float64Array;
  readonly J: Float64Array;
  readonly JtJ: Matrix;
  readonly g: Float64Array;
  /** One point's two Jacobian rows. */
  readonly rows: Float64Array;
}

function workspace(n: number, m: number): Workspace {
  return { m, r: new Float64Array(2 * n), rp: new Float64Array(2 * n), J: new Float64Array(2 * n * m), JtJ: zeros(m, m), g: new Float64Array(m), rows: new Float64Array(2 * m) };
}

/** Linearises at camera c: the weighted Jacobian J, then JᵀJ and g = Jᵀr with the residuals in ws.r. */
function linearise(ws: Workspace, c: CameraParams, world: readonly Vec3[], weights: readonly number[], free: FreeParams): void {
  const { m, r, J, JtJ, g, rows } = ws;
  const n = world.length;
  J.fill(0);
  for (let i = 0; i < n; i++) {
    const sw = Math.sqrt(weights[i]!);
    if (sw === 0 || !projectionJacobian(c, world[i]!, free, rows)) continue;
    for (let k = 0; k < 2 * m; k++) J[2 * i * m + k] = sw * rows[k]!;
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
}

/** The Levenberg–Marquardt step (JᵀJ + λ diag(JᵀJ)) δ = −g (Marquardt's scaling), or null when singular. */
function dampedStep(ws: Workspace, lambda: number): Float64Array | null {
  const { m, JtJ, g } = ws;
  const A = zeros(m, m);
  A.data.set(JtJ.data);
  for (let k = 0; k < m; k++) A.data[k * m + k]! += lambda * Math.max(JtJ.data[k * m + k]!, 1e-12);
  return ldlSolve(A, g.map((x) => -x));
}

/** Parameter scales (ω, C in metres of the scene's extent, f, cx/cy), for the "negligible step" test only. */
function stepScales(start: CameraParams, world: readonly Vec3[], free: FreeParams, m: number): number[] {
  let scaleM = 0;
  for (const p of world) scaleM = Math.max(scaleM, Math.hypot(p[0] - start.C[0], p[1] - start.C[1], p[2] - start.C[2]));
  return Array.from({ length: m }, (_, k) => (k < 3 ? 1e-6 : k < 6 ? 1e-6 * Math.max(1, scaleM) : free.focal && k === 6 ? 1e-6 * start.f : 1e-4));
}

/**
 * Refines a camera by Levenberg–Marquardt (Marquardt's diagonal scaling) with analytic
 * derivatives (projectionJacobian). Stops when the cost no longer falls (relative 1e-15), the step is negligible, or after
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
  const m = paramCount(free);
  const h = stepScales(start, world, free, m);
  const ws = workspace(world.length, m);
  let cam = start;
  residuals(cam, world, pixels, weights, ws.r);
  let cost = sumSq(ws.r);
  let lambda = 1e-3;
  let it = 0;
  for (; it < maxIterations; it++) {
    linearise(ws, cam, world, weights, free);
    let accepted = false;
    while (!accepted && lambda < 1e16) {
      const step = dampedStep(ws, lambda);
      if (step === null) {
        lambda *= 10;
        continue;
      }
      const trial = stepCamera(cam, step, free);
      residuals(trial, world, pixels, weights, ws.rp);
      const c2 = sumSq(ws.rp);
      if (c2 < cost) {
        const gain = cost - c2;
        cam = trial;
        ws.r.set(ws.rp);
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

  /** The refined camera with JᵀJ at it (the covariance's inverse). */
  function finish(): Refined {
    linearise(ws, cam, world, weights, free);
    const normal = zeros(m, m);
    normal.data.set(ws.JtJ.data);
    return { cam, cost, normal, iterations: it + 1 };
  }
}
