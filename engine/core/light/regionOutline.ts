/** Two u values closer than this are the same line (painting units). */
const SAME_U = 1e-9;

/**
 * A region's polygon as it lies on the wall. On a closed round hall painting space wraps (u and u + 1
 * are the same point), so the region is the union of the polygon's copies one turn apart, and an
 * edge is a boundary only where that union has one: the part of a vertical edge that meets an
 * opposite edge of a copy (the u = 0 and u = 1 sides of a region spanning the whole turn) is inside
 * the region and is dropped. A flat wall or a partial arc does not wrap: every edge is an edge there.
 * The CPU model (RegionMask) and the GPU mask raster (rasteriseRegionMask) both feather from these
 * edges, so the seam is continuous in both.
 */
export interface RegionOutline {
  /** Polygon vertices as authored, for the inside (even-odd) test of each copy. */
  readonly polygon: readonly (readonly [number, number])[];
  /** Boundary segments, 4 numbers each: u0, v0, u1, v1 (painting units). */
  readonly edges: Float64Array;
  /** Whether the copies one turn apart are part of the region (closed round hall). */
  readonly wrapsU: boolean;
  /** The polygon's u range (one copy). */
  readonly uMin: number;
  readonly uMax: number;
}

/** The outline of `polygon` on a wall whose u wraps (closed cylinder) or not. */
export function regionOutline(polygon: readonly (readonly [number, number])[], wrapsU: boolean): RegionOutline {
  const n = polygon.length;
  let uMin = Infinity, uMax = -Infinity;
  for (const [u] of polygon) {
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u);
  }
  const out: number[] = [];
  // Vertical edges grouped by their line round the turn: u mod 1 on a closed hall.
  const vertical = new Map<number, { u: number; v0: number; v1: number }[]>();
  const key = (u: number) => Math.round((wrapsU ? u - Math.floor(u + SAME_U) : u) / SAME_U);
  for (let a = 0; a < n; a++) {
    const [ua, va] = polygon[a]!;
    const [ub, vb] = polygon[(a + 1) % n]!;
    if (wrapsU && Math.abs(ua - ub) < SAME_U && va !== vb) {
      const k = key(ua);
      const list = vertical.get(k) ?? [];
      list.push({ u: ua, v0: va, v1: vb });
      vertical.set(k, list);
    } else out.push(ua, va, ub, vb);
  }
  for (const list of vertical.values()) {
    if (list.length === 1) {
      const e = list[0]!;
      out.push(e.u, e.v0, e.u, e.v1);
      continue;
    }
    // Signed cover of the line: an edge going up counts +1, down −1; where they cancel (a copy's
    // opposite side meets this one) the region continues across, elsewhere the line is a boundary.
    const cuts = [...new Set(list.flatMap((e) => [e.v0, e.v1]))].sort((x, y) => x - y);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const lo = cuts[i]!, hi = cuts[i + 1]!, mid = (lo + hi) / 2;
      let net = 0;
      let at = list[0]!.u;
      for (const e of list) {
        if (mid > Math.min(e.v0, e.v1) && mid < Math.max(e.v0, e.v1)) {
          net += e.v1 > e.v0 ? 1 : -1;
          at = e.u;
        }
      }
      if (net !== 0) out.push(at, lo, at, hi);
    }
  }
  return { polygon, edges: Float64Array.from(out), wrapsU, uMin, uMax };
}

/**
 * The whole turns k for which the copy of the outline shifted by k comes within `marginU` of the u
 * range [u0, u1]: [kMin, kMax], empty when kMin > kMax; always [0, 0] on a wall that does not wrap.
 */
export function copiesNear(outline: RegionOutline, u0: number, u1: number, marginU: number): [number, number] {
  if (!outline.wrapsU) return [0, 0];
  return [Math.ceil(u0 - marginU - outline.uMax), Math.floor(u1 + marginU - outline.uMin)];
}
