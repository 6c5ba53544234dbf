import type { Profile } from '../profile/profileSchema.ts';
import { ProjectorModel } from './ProjectorModel.ts';
import { makeSurface, type Surface, type SurfaceHit } from './surfaces.ts';

/** Where a painting point appears in one projector. */
export interface PixelHit {
  readonly projectorId: string;
  readonly x: number;
  readonly y: number;
}

/** The painting-space footprint of a projector: u may run past 1 when it straddles the seam (u0 < 1 < u1). */
export interface Coverage {
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

/**
 * An installation built from a profile: the surface and a model per projector, with the exact
 * forward (pixel → ray → surface → painting uv) and inverse (uv → pixel, for every projector) maps.
 */
export class Installation {
  readonly surface: Surface;
  readonly projectors: readonly ProjectorModel[];
  private readonly byId: Map<string, ProjectorModel>;

  constructor(readonly profile: Profile) {
    this.surface = makeSurface(profile.hall.surface, profile.hall.referenceAzimuthDeg ?? 0);
    this.projectors = profile.projectors.map((p) => new ProjectorModel(p));
    this.byId = new Map(this.projectors.map((p) => [p.id, p]));
  }

  /** The model of a projector; throws for an unknown id (callers validate ids first). */
  projector(id: string): ProjectorModel {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no projector "${id}" in profile ${this.profile.id}`);
    return p;
  }

  /** Where output pixel (x, y) of a projector lands: world point and painting uv; null if it hits nothing. */
  pixelToWall(p: ProjectorModel, x: number, y: number): SurfaceHit | null {
    const dir = p.pixelToRay(x, y);
    return dir === null ? null : this.surface.intersect(p.C, dir);
  }

  /** Every projector that shows painting point (u, v), with the output pixel that shows it. */
  uvToPixels(u: number, v: number): PixelHit[] {
    const P = this.surface.pointAt(u, v);
    const out: PixelHit[] = [];
    for (const p of this.projectors) {
      const px = p.worldToPixel(P);
      if (px === null || !p.contains(px[0], px[1])) continue;
      // The wall point must be the first surface the ray meets (not hidden behind another part of the wall).
      const hit = this.pixelToWall(p, px[0], px[1]);
      if (hit === null || Math.hypot(hit.point[0] - P[0], hit.point[1] - P[1], hit.point[2] - P[2]) > 1e-6 * Math.max(1, this.surface.widthM)) continue;
      out.push({ projectorId: p.id, x: px[0], y: px[1] });
    }
    return out;
  }

  /** The painting-space box a projector lights (sampled on a grid over its image; on-wall points only). */
  coverage(p: ProjectorModel, samples = 48): Coverage | null {
    const us: number[] = [];
    let v0 = Infinity;
    let v1 = -Infinity;
    for (let j = 0; j <= samples; j++) {
      for (let i = 0; i <= samples; i++) {
        const hit = this.pixelToWall(p, (i / samples) * p.width, (j / samples) * p.height);
        if (hit === null) continue;
        const u = Math.min(Math.max(hit.u, 0), 1);
        const v = Math.min(Math.max(hit.v, 0), 1);
        if (hit.u < -0.5 || hit.u > 1.5 || hit.v < -0.5 || hit.v > 1.5) continue;
        us.push(u);
        v0 = Math.min(v0, v);
        v1 = Math.max(v1, v);
      }
    }
    if (us.length === 0) return null;
    us.sort((a, b) => a - b);
    if (!this.surface.wrapsU) return { u0: us[0]!, u1: us[us.length - 1]!, v0, v1 };
    // On a full round, the footprint is the circle minus its largest empty gap.
    let gap = us[0]! + 1 - us[us.length - 1]!;
    let start = us[0]!;
    for (let i = 1; i < us.length; i++) {
      const g = us[i]! - us[i - 1]!;
      if (g > gap) {
        gap = g;
        start = us[i]!;
      }
    }
    const end = start + (1 - gap);
    return { u0: start, u1: end, v0, v1 };
  }
}
