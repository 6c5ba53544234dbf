import type { ProjectorConfig } from '../profile/profileSchema.ts';
import { WarpGrid } from '../warp/WarpGrid.ts';
import { cameraAxes } from './rotation.ts';
import type { Vec3 } from './vec3.ts';

/**
 * A projector as an inverse pinhole camera with radial distortion (DESIGN.md §4, MATHS.md):
 * K = [[f, 0, cx], [0, f, cy], [0, 0, 1]] in pixels (pixel centres at +0.5), R the world→camera
 * rotation (rows: right, down, forward), C the lens centre. Distortion acts on normalised coordinates:
 * x_d = x_n (1 + k1 r² + k2 r⁴).
 */
export class ProjectorModel {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly f: number;
  readonly cx: number;
  readonly cy: number;
  readonly k1: number;
  readonly k2: number;
  /** Row-major world→camera rotation. */
  readonly R: Float64Array;
  readonly C: Vec3;
  readonly warp: WarpGrid;
  /** Largest distorted radius for which distortion is one-to-one (∞ without distortion). */
  private readonly maxRd: number;

  constructor(cfg: ProjectorConfig) {
    this.id = cfg.id;
    this.width = cfg.resolution.width;
    this.height = cfg.resolution.height;
    const lens = cfg.lens;
    this.f = lens.focalPx ?? (lens.throwRatio as number) * this.width;
    const share = lens.shiftConvention === 'halfImage' ? 0.5 : 1;
    const sign = cfg.mount === 'ceiling' ? -1 : 1;
    // Shifting the image right puts the lens axis left of the image centre; shifting it up puts the axis below.
    this.cx = this.width / 2 - sign * (lens.shiftX ?? 0) * share * this.width;
    this.cy = this.height / 2 + sign * (lens.shiftY ?? 0) * share * this.height;
    this.k1 = lens.k1 ?? 0;
    this.k2 = lens.k2 ?? 0;
    const { right, down, forward } = cameraAxes(cfg.pose.yawDeg, cfg.pose.pitchDeg, cfg.pose.rollDeg);
    this.R = Float64Array.from([...right, ...down, ...forward]);
    this.C = cfg.pose.positionM;
    this.warp = new WarpGrid(this.width, this.height, cfg.warp);
    this.maxRd = monotonicLimit(this.k1, this.k2);
  }

  /** World direction (unit) of the ray through unwarped pixel (x, y), or null outside the lens model. */
  unwarpedPixelToRay(x: number, y: number): Vec3 | null {
    const xd = (x - this.cx) / this.f;
    const yd = (y - this.cy) / this.f;
    let xn = xd;
    let yn = yd;
    if (this.k1 !== 0 || this.k2 !== 0) {
      const rd = Math.hypot(xd, yd);
      if (rd > this.maxRd) return null;
      if (rd > 0) {
        const rn = undistortRadius(rd, this.k1, this.k2);
        if (rn === null) return null;
        xn = (xd * rn) / rd;
        yn = (yd * rn) / rd;
      }
    }
    const R = this.R;
    const dx = R[0]! * xn + R[3]! * yn + R[6]!;
    const dy = R[1]! * xn + R[4]! * yn + R[7]!;
    const dz = R[2]! * xn + R[5]! * yn + R[8]!;
    const l = Math.hypot(dx, dy, dz);
    return [dx / l, dy / l, dz / l];
  }

  /** World direction of the ray through output pixel (x, y), fine warp applied first. */
  pixelToRay(x: number, y: number): Vec3 | null {
    const [ux, uy] = this.warp.unwarp(x, y);
    return this.unwarpedPixelToRay(ux, uy);
  }

  /** The unwarped pixel where world point P appears, or null when it is behind the lens. */
  worldToUnwarpedPixel(P: Vec3): [number, number] | null {
    const q = worldToCamera(this.R, this.C, P, scratchCam);
    const Z = q[2]!;
    if (Z <= 1e-9) return null;
    let xn = q[0]! / Z;
    let yn = q[1]! / Z;
    if (this.k1 !== 0 || this.k2 !== 0) {
      const r2 = xn * xn + yn * yn;
      if (Math.sqrt(r2) > undistortRadius(this.maxRd, this.k1, this.k2)!) return null;
      const s = 1 + this.k1 * r2 + this.k2 * r2 * r2;
      xn *= s;
      yn *= s;
    }
    return [this.f * xn + this.cx, this.f * yn + this.cy];
  }

  /** The output pixel where world point P appears (fine warp included), or null. */
  worldToPixel(P: Vec3): [number, number] | null {
    const q = this.worldToUnwarpedPixel(P);
    return q === null ? null : this.warp.warp(q[0], q[1]);
  }

  /** True when output pixel (x, y) lies on the image. */
  contains(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x <= this.width && y <= this.height;
  }

  /** Distance of (x, y) from the nearest image border, in pixels (negative outside). */
  borderDistance(x: number, y: number): number {
    return Math.min(x, this.width - x, y, this.height - y);
  }

  /**
   * A smooth version of borderDistance for blending: a p-norm soft minimum of the four edge distances
   * (p = 8). Equal to the plain distance along an edge, rounded near corners, so blend weights have no
   * crease that bilinear sampling of the blend map would smear. 0 on and outside the border.
   */
  blendDistance(x: number, y: number): number {
    const a = x;
    const b = this.width - x;
    const c = y;
    const d = this.height - y;
    if (a <= 0 || b <= 0 || c <= 0 || d <= 0) return 0;
    const m = Math.min(a, b, c, d);
    // Scale by the nearest edge first so the powers stay in range.
    const s = (m / a) ** 8 + (m / b) ** 8 + (m / c) ** 8 + (m / d) ** 8;
    return m / s ** (1 / 8);
  }
}

/** Camera-frame scratch of worldToUnwarpedPixel (no allocation per projected point). */
const scratchCam = new Float64Array(3);

/**
 * The camera-frame coordinates R (P − C) of world point P (X right, Y down, Z forward along the lens
 * axis, metres), R row-major world→camera; written to `out`, which is returned.
 */
export function worldToCamera(R: ArrayLike<number>, C: Vec3, P: Vec3, out: Float64Array): Float64Array {
  const px = P[0] - C[0];
  const py = P[1] - C[1];
  const pz = P[2] - C[2];
  out[0] = R[0]! * px + R[1]! * py + R[2]! * pz;
  out[1] = R[3]! * px + R[4]! * py + R[5]! * pz;
  out[2] = R[6]! * px + R[7]! * py + R[8]! * pz;
  return out;
}

/** Solves r (1 + k1 r² + k2 r⁴) = rd for r by Newton's method; null where it has no one-to-one solution. */
export function undistortRadius(rd: number, k1: number, k2: number): number | null {
  let r = rd;
  for (let i = 0; i < 60; i++) {
    const r2 = r * r;
    const g = r * (1 + k1 * r2 + k2 * r2 * r2) - rd;
    const dg = 1 + 3 * k1 * r2 + 5 * k2 * r2 * r2;
    if (dg <= 0) return null;
    const step = g / dg;
    r -= step;
    if (Math.abs(step) < 1e-16 * Math.max(1, r)) break;
  }
  return Number.isFinite(r) && r >= 0 ? r : null;
}

/** The largest distorted radius reached while distortion is still increasing (∞ if it always is, up to a 170° field). */
function monotonicLimit(k1: number, k2: number): number {
  const rMax = Math.tan((85 * Math.PI) / 180);
  if (k1 === 0 && k2 === 0) return Infinity;
  // d/dr [r + k1 r³ + k2 r⁵] = 1 + 3 k1 r² + 5 k2 r⁴: find its first zero for r in (0, rMax].
  let limitR = rMax;
  const steps = 4000;
  for (let i = 1; i <= steps; i++) {
    const r = (i / steps) * rMax;
    const r2 = r * r;
    if (1 + 3 * k1 * r2 + 5 * k2 * r2 * r2 <= 0.05) {
      limitR = ((i - 1) / steps) * rMax;
      break;
    }
  }
  const r2 = limitR * limitR;
  return limitR * (1 + k1 * r2 + k2 * r2 * r2);
}
