import type { SurfaceConfig } from '../profile/profileSchema.ts';
import { deg, type Vec3 } from './vec3.ts';

/** Where a ray meets the surface: the world point, painting coordinates, and whether it is on the painted wall. */
export interface SurfaceHit {
  readonly t: number;
  readonly point: Vec3;
  /** Painting u (unbounded off a partial wall; wrapped into [0, 1) on a full cylinder). */
  readonly u: number;
  /** Painting v (unbounded: below 0 or above 1 is off the painted wall). */
  readonly v: number;
  /** True when (u, v) is on the painted wall. */
  readonly onWall: boolean;
}

/** A projection surface: intersection from a ray, and the mapping between world points and painting uv. */
export interface Surface {
  /** Full round cylinder: u wraps at 1. */
  readonly wrapsU: boolean;
  /** Painted wall width and height in metres (for densities and feathering). */
  readonly widthM: number;
  readonly heightM: number;
  intersect(origin: Vec3, dir: Vec3): SurfaceHit | null;
  /** Painting uv of a point on the surface (unbounded). */
  uvOf(point: Vec3): readonly [number, number];
  /** World point of painting (u, v). */
  pointAt(u: number, v: number): Vec3;
}

const TAU = Math.PI * 2;

/** Inside of a vertical cylinder about the hall axis. u = 0 at the reference azimuth, growing toward +z. */
export class CylinderSurface implements Surface {
  readonly wrapsU: boolean;
  readonly widthM: number;
  readonly heightM: number;
  private readonly span: number;
  private readonly ref: number;

  constructor(
    readonly radiusM: number,
    readonly bottomM: number,
    readonly topM: number,
    spanDeg: number,
    referenceAzimuthDeg: number,
  ) {
    this.span = deg(spanDeg);
    this.ref = deg(referenceAzimuthDeg);
    this.wrapsU = spanDeg >= 360;
    this.widthM = radiusM * this.span;
    this.heightM = topM - bottomM;
  }

  intersect(o: Vec3, d: Vec3): SurfaceHit | null {
    const a = d[0] * d[0] + d[2] * d[2];
    if (a < 1e-18) return null;
    const b = 2 * (o[0] * d[0] + o[2] * d[2]);
    const c = o[0] * o[0] + o[2] * o[2] - this.radiusM * this.radiusM;
    const disc = b * b - 4 * a * c;
    if (disc < 0) return null;
    // Numerically stable roots: q = −(b + sign(b)√disc)/2, t = q/a and c/q.
    const sq = Math.sqrt(disc);
    const q = -0.5 * (b + (b >= 0 ? sq : -sq));
    const t1 = q / a;
    const t2 = q !== 0 ? c / q : t1;
    // From inside (c < 0) exactly one root is positive; from outside take the nearer positive one.
    const t = c < 0 ? Math.max(t1, t2) : Math.min(t1 > 0 ? t1 : Infinity, t2 > 0 ? t2 : Infinity);
    if (!(t > 0) || !Number.isFinite(t)) return null;
    const point: Vec3 = [o[0] + d[0] * t, o[1] + d[1] * t, o[2] + d[2] * t];
    const [u, v] = this.uvOf(point);
    return { t, point, u, v, onWall: u >= 0 && u <= 1 && v >= 0 && v <= 1 };
  }

  uvOf(p: Vec3): readonly [number, number] {
    let a = (Math.atan2(p[2], p[0]) - this.ref) % TAU;
    if (a < 0) a += TAU;
    let u = a / this.span;
    if (this.wrapsU) {
      if (u >= 1) u -= 1;
    } else if (u > 1) {
      // Past the end of a partial arc: report it as before the start when that is nearer.
      const before = (a - TAU) / this.span;
      if (-before < u - 1) u = before;
    }
    return [u, (p[1] - this.bottomM) / this.heightM];
  }

  pointAt(u: number, v: number): Vec3 {
    const th = this.ref + u * this.span;
    return [this.radiusM * Math.cos(th), this.bottomM + v * this.heightM, this.radiusM * Math.sin(th)];
  }
}

/** A flat upright wall, seen from its front: u runs left to right, v bottom to top. */
export class PlaneSurface implements Surface {
  readonly wrapsU = false;
  private readonly e: Vec3;
  private readonly n: Vec3;

  constructor(
    private readonly origin: Vec3,
    readonly widthM: number,
    readonly heightM: number,
    yawDeg: number,
  ) {
    const y = deg(yawDeg);
    this.e = [Math.cos(y), 0, Math.sin(y)];
    this.n = [-this.e[2], 0, this.e[0]];
  }

  intersect(o: Vec3, d: Vec3): SurfaceHit | null {
    const denom = d[0] * this.n[0] + d[2] * this.n[2];
    if (Math.abs(denom) < 1e-15) return null;
    const t = ((this.origin[0] - o[0]) * this.n[0] + (this.origin[2] - o[2]) * this.n[2]) / denom;
    if (!(t > 0) || !Number.isFinite(t)) return null;
    const point: Vec3 = [o[0] + d[0] * t, o[1] + d[1] * t, o[2] + d[2] * t];
    const [u, v] = this.uvOf(point);
    return { t, point, u, v, onWall: u >= 0 && u <= 1 && v >= 0 && v <= 1 };
  }

  uvOf(p: Vec3): readonly [number, number] {
    const dx = p[0] - this.origin[0];
    const dz = p[2] - this.origin[2];
    return [(dx * this.e[0] + dz * this.e[2]) / this.widthM, (p[1] - this.origin[1]) / this.heightM];
  }

  pointAt(u: number, v: number): Vec3 {
    return [this.origin[0] + this.e[0] * u * this.widthM, this.origin[1] + v * this.heightM, this.origin[2] + this.e[2] * u * this.widthM];
  }
}

/** Builds the surface described by a profile's hall. */
export function makeSurface(surface: SurfaceConfig, referenceAzimuthDeg = 0): Surface {
  if (surface.type === 'cylinder') return new CylinderSurface(surface.radiusM, surface.bottomM, surface.topM, surface.spanDeg ?? 360, referenceAzimuthDeg);
  return new PlaneSurface(surface.originM, surface.widthM, surface.heightM, surface.yawDeg);
}

/** The signed difference u1 − u0, taking the short way round a full cylinder. */
export function deltaU(u0: number, u1: number, wraps: boolean): number {
  let d = u1 - u0;
  if (wraps) {
    d -= Math.round(d);
  }
  return d;
}
