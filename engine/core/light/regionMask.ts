import type { Region } from '../show/showSchema.ts';

/** Feather width when a region does not set featherV, wall heights (as the GPU compositor's masks). */
export const DEFAULT_FEATHER_V = 0.01;

/**
 * A region's feathered mask evaluated analytically at painting points: 1 inside, 0.5 on the edge,
 * smoothstep to 0 at featherV / 2 outside; distances in wall heights (u × aspect). The GPU compositor
 * samples the same function rasterised at 0.002 wall heights (engine/render/content/rasteriseRegionMask.ts).
 */
export class RegionMask {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly feather: number;
  private readonly uMin: number;
  private readonly uMax: number;

  constructor(
    region: Region,
    private readonly aspect: number,
    private readonly wrapsU: boolean,
  ) {
    const n = region.polygon.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    let lo = Infinity, hi = -Infinity;
    region.polygon.forEach(([u, v], k) => {
      this.xs[k] = u * aspect;
      this.ys[k] = v;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    });
    this.feather = Math.max(0, region.featherV ?? DEFAULT_FEATHER_V);
    const halfU = this.feather / 2 / aspect;
    this.uMin = lo - halfU;
    this.uMax = hi + halfU;
  }

  /** Mask value 0..1 at painting point (u, v); on a round wall the polygon repeats every turn. */
  at(u: number, v: number): number {
    if (!this.wrapsU) return this.once(u, v);
    let m = 0;
    // Every copy of u one turn apart that falls in the polygon's box.
    for (let k = Math.ceil(this.uMin - u); u + k <= this.uMax; k++) m = Math.max(m, this.once(u + k, v));
    return m;
  }

  private once(u: number, v: number): number {
    if (u < this.uMin || u > this.uMax) return 0;
    const x = u * this.aspect;
    const { xs, ys } = this;
    const n = xs.length;
    let inside = false;
    let d2 = Infinity;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const xa = xs[a]!, ya = ys[a]!, xb = xs[b]!, yb = ys[b]!;
      if (ya <= v !== yb <= v && x < xa + ((v - ya) * (xb - xa)) / (yb - ya)) inside = !inside;
      const dx = xb - xa, dy = yb - ya;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - xa) * dx + (v - ya) * dy) / len2)) : 0;
      const ex = x - (xa + t * dx), ey = v - (ya + t * dy);
      d2 = Math.min(d2, ex * ex + ey * ey);
    }
    const half = this.feather / 2;
    const d = Math.sqrt(d2);
    if (!(d < half)) return inside ? 1 : 0;
    const s = Math.min(1, Math.max(0, 0.5 + (inside ? d : -d) / this.feather));
    return s * s * (3 - 2 * s);
  }
}
