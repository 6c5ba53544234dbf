import { worldToCamera } from '../../engine/core/geometry/ProjectorModel.ts';
import { cameraAxes } from '../../engine/core/geometry/rotation.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { Rot3 } from '../math/rotation3.ts';

/**
 * A projector as the solver sees it: world→camera rotation R (rows right, down, forward, as
 * ProjectorModel), lens centre C (metres), focal f and principal point (cx, cy) in pixels, and the
 * fixed radial distortion k1, k2 on normalised coordinates.
 */
export interface CameraParams {
  readonly R: Rot3;
  readonly C: Vec3;
  readonly f: number;
  readonly cx: number;
  readonly cy: number;
  readonly k1: number;
  readonly k2: number;
}

/** Camera-frame scratch of projectPoint. */
const scratchCam = new Float64Array(3);

/**
 * The unwarped pixel of world point P, exactly as ProjectorModel.worldToUnwarpedPixel (without its
 * field-of-view cut-off, so the solver's cost stays smooth); null when P is not in front of the lens.
 */
export function projectPoint(c: CameraParams, P: Vec3): [number, number] | null {
  const q = worldToCamera(c.R, c.C, P, scratchCam);
  const Z = q[2]!;
  if (!(Z > 1e-9)) return null;
  let xn = q[0]! / Z;
  let yn = q[1]! / Z;
  if (c.k1 !== 0 || c.k2 !== 0) {
    const r2 = xn * xn + yn * yn;
    const s = 1 + c.k1 * r2 + c.k2 * r2 * r2;
    xn *= s;
    yn *= s;
  }
  return [c.f * xn + c.cx, c.f * yn + c.cy];
}

/** Yaw, pitch and roll (degrees) in the cameraAxes convention. */
export interface Angles {
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly rollDeg: number;
}

const DEG = 180 / Math.PI;

/** `a` plus the multiple of 360 that brings it nearest to `near` (or into (−180, 180] without one). */
function unwrapDeg(a: number, near: number | undefined): number {
  const ref = near ?? 0;
  return a - 360 * Math.round((a - ref) / 360);
}

/**
 * The yaw, pitch and roll of a world→camera rotation, inverting engine/core/geometry/rotation.ts
 * cameraAxes: forward = [cos p cos y, sin p, cos p sin y], roll turns right toward the image's up.
 * Angles are unwrapped toward `near` (e.g. the profile's previous pose) so a solved yaw of 330° does
 * not come back as −30°.
 */
export function anglesFromRotation(R: ArrayLike<number>, near?: Partial<Angles>): Angles {
  const f: Vec3 = [R[6]!, R[7]!, R[8]!];
  const right: Vec3 = [R[0]!, R[1]!, R[2]!];
  const pitch = Math.asin(Math.max(-1, Math.min(1, f[1])));
  // At ±90° pitch yaw and roll are one rotation: keep the previous yaw and put the rest in roll.
  const yaw = Math.hypot(f[0], f[2]) < 1e-12 ? ((near?.yawDeg ?? 0) / DEG) : Math.atan2(f[2], f[0]);
  const right0: Vec3 = [-Math.sin(yaw), 0, Math.cos(yaw)];
  const up0: Vec3 = [right0[1] * f[2] - right0[2] * f[1], right0[2] * f[0] - right0[0] * f[2], right0[0] * f[1] - right0[1] * f[0]];
  const roll = Math.atan2(right[0] * up0[0] + right[1] * up0[1] + right[2] * up0[2], right[0] * right0[0] + right[1] * right0[1] + right[2] * right0[2]);
  return {
    yawDeg: unwrapDeg(yaw * DEG, near?.yawDeg),
    pitchDeg: pitch * DEG,
    rollDeg: unwrapDeg(roll * DEG, near?.rollDeg),
  };
}

/** The world→camera rotation of yaw, pitch and roll (degrees), rows right, down, forward. */
export function rotationFromAngles(a: Angles): Rot3 {
  const { right, down, forward } = cameraAxes(a.yawDeg, a.pitchDeg, a.rollDeg);
  return Float64Array.from([...right, ...down, ...forward]);
}

/** The principal point a projector config implies (ProjectorModel's lens-shift rule). */
export function principalPoint(cfg: ProjectorConfig): { cx: number; cy: number } {
  const W = cfg.resolution.width;
  const H = cfg.resolution.height;
  const share = cfg.lens.shiftConvention === 'halfImage' ? 0.5 : 1;
  const sign = cfg.mount === 'ceiling' ? -1 : 1;
  return { cx: W / 2 - sign * (cfg.lens.shiftX ?? 0) * share * W, cy: H / 2 + sign * (cfg.lens.shiftY ?? 0) * share * H };
}

/** The solver's camera for a projector config (its pose, focal, principal point and distortion). */
export function cameraFromConfig(cfg: ProjectorConfig): CameraParams {
  const { cx, cy } = principalPoint(cfg);
  return {
    R: rotationFromAngles(cfg.pose),
    C: cfg.pose.positionM,
    f: cfg.lens.focalPx ?? (cfg.lens.throwRatio as number) * cfg.resolution.width,
    cx,
    cy,
    k1: cfg.lens.k1 ?? 0,
    k2: cfg.lens.k2 ?? 0,
  };
}
