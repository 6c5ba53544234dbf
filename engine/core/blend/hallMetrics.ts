import { upliftDrive } from './blendCurve.ts';
import { sampleBlendCount, sampleBlendWeight, type Blend, type BlendMap } from './computeBlend.ts';
import type { Installation } from '../geometry/Installation.ts';
import { deltaU } from '../geometry/surfaces.ts';

/** Measurements of one blend zone (the overlap of two projectors). */
export interface ZoneMetrics {
  /** "P03|P04": the two projectors, in profile order. */
  readonly zone: string;
  readonly projectors: readonly [string, string];
  /** Wall samples in the zone. */
  readonly samples: number;
  /** Distance between where the two projectors put the same painting point, painting pixels. */
  readonly misregistrationPx: { readonly max: number; readonly median: number };
  /** Largest deviation of summed white luminance from the target, percent. */
  readonly uniformityMaxDevPct: number;
}

/** What a visitor would see of a flat white field, measured over the wall. */
export interface HallMetrics {
  /** Fraction of the painted wall lit by at least one projector. */
  readonly coverage: number;
  /** Largest deviation of summed linear white luminance inside overlaps, percent of the target. */
  readonly uniformityMaxDevPct: number;
  /** Misregistration over all overlaps, painting pixels. */
  readonly misregistrationPx: { readonly max: number; readonly median: number };
  /** Per blend zone, worst misregistration first. */
  readonly zones: readonly ZoneMetrics[];
  /** Wall samples used (columns × rows). */
  readonly grid: { readonly cols: number; readonly rows: number };
}

/** Options for measuring. */
export interface MetricsOptions {
  /** Samples round the wall (default: one per 32 painting pixels, at most 4096). */
  readonly cols?: number;
  /** Samples up the wall (default: one per 32 painting pixels, at most 1024). */
  readonly rows?: number;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = xs.sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs the hall model backwards for a flat white field: every wall point is lit by each projector from
 * its TRUE pose (`truth`), showing what the CALIBRATED pipeline (`calibrated` and its blend) drew at that
 * physical pixel. Pure; the same numbers as the simulator image, without a GPU.
 */
export function measureHall(calibrated: Installation, blend: Blend, truth: Installation, options: MetricsOptions = {}): HallMetrics {
  const content = calibrated.profile.content;
  const cols = options.cols ?? Math.min(4096, Math.max(64, Math.round(content.widthPx / 32)));
  const rows = options.rows ?? Math.min(1024, Math.max(16, Math.round(content.heightPx / 32)));
  const maps = new Map<string, BlendMap>(blend.maps.map((m) => [m.projectorId, m]));
  const cfg = new Map(calibrated.profile.projectors.map((p) => [p.id, p]));
  const order = new Map(calibrated.projectors.map((p, i) => [p.id, i]));
  const wraps = calibrated.surface.wrapsU;
  const zoneData = new Map<string, { pair: [string, string]; mis: number[]; dev: number }>();
  const allMis: number[] = [];
  let lit = 0;
  let worstDev = 0;
  const N = blend.maxOverlap;
  for (let j = 0; j < rows; j++) {
    const v = (j + 0.5) / rows;
    for (let i = 0; i < cols; i++) {
      const u = (i + 0.5) / cols;
      const P = truth.surface.pointAt(u, v);
      const shown: { id: string; u: number; v: number; light: number }[] = [];
      for (const t of truth.projectors) {
        const px = t.worldToUnwarpedPixel(P); // physical optics: the warp is software
        if (px === null || !t.contains(px[0], px[1])) continue;
        const cal = calibrated.projector(t.id);
        const hit = calibrated.pixelToWall(cal, px[0], px[1]);
        const map = maps.get(t.id)!;
        const beta = cfg.get(t.id)!.blackLevel ?? 0.001;
        const w = sampleBlendWeight(map, px[0], px[1]);
        const n = Math.max(1, sampleBlendCount(map, px[0], px[1]));
        const drive = hit !== null && hit.onWall ? upliftDrive(1, w, n, N, beta) : 0;
        shown.push({ id: t.id, u: hit?.u ?? NaN, v: hit?.v ?? NaN, light: beta + (1 - beta) * drive });
      }
      const total = shown.reduce((s, x) => s + x.light, 0);
      if (shown.some((x) => x.light > (cfg.get(x.id)!.blackLevel ?? 0.001) * 1.5)) lit++;
      if (shown.length < 2) continue;
      const dev = Math.abs(total - 1) * 100;
      worstDev = Math.max(worstDev, dev);
      for (let a = 0; a < shown.length; a++) {
        for (let b = a + 1; b < shown.length; b++) {
          let A = shown[a]!;
          let B = shown[b]!;
          if (order.get(A.id)! > order.get(B.id)!) [A, B] = [B, A];
          const key = `${A.id}|${B.id}`;
          let z = zoneData.get(key);
          if (!z) zoneData.set(key, (z = { pair: [A.id, B.id], mis: [], dev: 0 }));
          z.dev = Math.max(z.dev, dev);
          if (Number.isNaN(A.u) || Number.isNaN(B.u)) continue;
          const m = Math.hypot(deltaU(A.u, B.u, wraps) * content.widthPx, (B.v - A.v) * content.heightPx);
          z.mis.push(m);
          allMis.push(m);
        }
      }
    }
  }
  const zones: ZoneMetrics[] = [...zoneData.entries()].map(([zone, z]) => ({
    zone,
    projectors: z.pair,
    samples: z.mis.length,
    misregistrationPx: { max: z.mis.reduce((m, x) => Math.max(m, x), 0), median: median([...z.mis]) },
    uniformityMaxDevPct: z.dev,
  }));
  zones.sort((a, b) => b.misregistrationPx.max - a.misregistrationPx.max || (a.zone < b.zone ? -1 : 1));
  return {
    coverage: lit / (cols * rows),
    uniformityMaxDevPct: worstDev,
    misregistrationPx: { max: allMis.reduce((m, x) => Math.max(m, x), 0), median: median(allMis) },
    zones,
    grid: { cols, rows },
  };
}
