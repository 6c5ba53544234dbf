import type { Region } from '../show/showSchema.ts';
import { copiesNear, regionOutline, type RegionOutline } from './regionOutline.ts';

/** Feather width when a region does not set featherV, wall heights (as the GPU compositor's masks). */
export const DEFAULT_FEATHER_V = 0.01;

/**
 * A region's feathered mask evaluated analytically at painting points: 1 inside, 0.5 on the edge,
 * smoothstep to 0 at featherV / 2 outside; distances in wall heights (u × aspect). On a round wall the
 * region is the union of its copies one turn apart and is feathered only at the union's edges
 * (regionOutline.ts), so a region spanning the seam has no edge there. The GPU compositor samples the
 * same function rasterised at 0.002 wall heights (engine/render/content/rasteriseRegionMask.ts).
 */
export class RegionMask {
  private readonly outline: RegionOutline;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Boundary edges scaled to wall heights: x0, y0, x1, y1 each. */
  private readonly edges: Float64Array;
  private readonly feather: number;
  private readonly vMin: number;
  private readonly vMax: number;

  constructor(
    region: Region,
    private readonly aspect: number,
    wrapsU: boolean,
  ) {
    this.outline = regionOutline(region.polygon, wrapsU);
    const n = region.polygon.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    let lo = Infinity, hi = -Infinity;
    region.polygon.forEach(([u, v], k) => {
      this.xs[k] = u * aspect;
      this.ys[k] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    });
    this.edges = this.outline.edges.map((x, i) => (i % 2 === 0 ? x * aspect : x));
    this.feather = Math.max(0, region.featherV ?? DEFAULT_FEATHER_V);
    this.vMin = lo - this.feather / 2;
    this.vMax = hi + this.feather / 2;
  }

  /** Mask value 0..1 at painting point (u, v). */
  at(u: number, v: number): number {
    if (v < this.vMin || v > this.vMax) return 0;
    const half = this.feather / 2;
    const halfU = half / this.aspect;
    const [kMin, kMax] = copiesNear(this.outline, u, u, halfU);
    let inside = false;
    let d2 = Infinity;
    for (let k = kMin; k <= kMax; k++) {
      // (u, v) against the copy shifted by k turns is (u − k, v) against the polygon.
      if (u - k < this.outline.uMin - halfU || u - k > this.outline.uMax + halfU) continue;
      const x = (u - k) * this.aspect;
      if (!inside && this.insideOnce(x, v)) inside = true;
      d2 = Math.min(d2, this.edgeDistance2(x, v));
    }
    const d = Math.sqrt(d2);
    if (!(d < half)) return inside ? 1 : 0;
    const s = Math.min(1, Math.max(0, 0.5 + (inside ? d : -d) / this.feather));
    return s * s * (3 - 2 * s);
  }

  /** Even-odd test of one copy of the polygon (x in wall heights). */
  private insideOnce(x: number, v: number): boolean {
    const { xs, ys } = this;
    const n = xs.length;
    let inside = false;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const xa = xs[a]!, ya = ys[a]!, xb = xs[b]!, yb = ys[b]!;
      if (ya <= v !== yb <= v && x < xa + ((v - ya) * (xb - xa)) / (yb - ya)) inside = !inside;
    }
    return inside;
  }

  /** Squared distance from (x, v) to the nearest boundary edge, wall heights. */
  private edgeDistance2(x: number, v: number): number {
    const e = this.edges;
    let d2 = Infinity;
    for (let i = 0; i < e.length; i += 4) {
      const xa = e[i]!, ya = e[i + 1]!, dx = e[i + 2]! - xa, dy = e[i + 3]! - ya;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - xa) * dx + (v - ya) * dy) / len2)) : 0;
      const ex = x - (xa + t * dx), ey = v - (ya + t * dy);
      d2 = Math.min(d2, ex * ex + ey * ey);
    }
    return d2;
  }
}
