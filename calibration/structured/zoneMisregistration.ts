import type { Installation } from '../../engine/core/geometry/Installation.ts';
import { deltaU } from '../../engine/core/geometry/surfaces.ts';
import type { WallCorrespondence } from './recalibrate.ts';

/** A projector's measured correspondences. */
export interface MeasuredProjector {
  readonly projectorId: string;
  readonly measured: readonly WallCorrespondence[];
}

/** Misregistration statistics, painting pixels. */
export interface MisregistrationStats {
  readonly max: number;
  readonly p95: number;
  readonly median: number;
}

/** One blend zone's misregistration measured from the camera, before and after a recalibration. */
export interface ZoneChange {
  /** "P03|P04", the two projectors in profile order (as hallMetrics names zones). */
  readonly zone: string;
  readonly projectors: readonly [string, string];
  /** Measured wall points in the zone. */
  readonly samples: number;
  /** 'both' when both projectors were measured; 'one' when the other is taken as right. */
  readonly measuredOn: 'both' | 'one';
  readonly before: MisregistrationStats;
  readonly after: MisregistrationStats;
}

type Err = readonly [number, number];

/** The painting-px error a calibration makes at a measured point: what it draws there minus the point's own uv. */
function contentError(inst: Installation, projectorId: string, m: WallCorrespondence): Err | null {
  const hit = inst.pixelToWall(inst.projector(projectorId), m.projectorPx[0], m.projectorPx[1]);
  if (hit === null) return null;
  const c = inst.profile.content;
  return [deltaU(m.uv[0], hit.u, inst.surface.wrapsU) * c.widthPx, (hit.v - m.uv[1]) * c.heightPx];
}

/** A bucket grid over painting pixels for nearest-point look-ups of a projector's error field. */
class ErrorField {
  private readonly buckets = new Map<string, number[]>();
  private readonly px: Float64Array;
  private readonly py: Float64Array;

  constructor(
    private readonly points: readonly WallCorrespondence[],
    private readonly errors: readonly (Err | null)[],
    private readonly widthPx: number,
    private readonly heightPx: number,
    private readonly wraps: boolean,
    private readonly bucketPx = 128,
  ) {
    this.px = Float64Array.from(points, (p) => p.uv[0] * widthPx);
    this.py = Float64Array.from(points, (p) => p.uv[1] * heightPx);
    points.forEach((_, i) => {
      const k = this.key(Math.floor(this.px[i]! / bucketPx), Math.floor(this.py[i]! / bucketPx));
      const b = this.buckets.get(k);
      if (b) b.push(i);
      else this.buckets.set(k, [i]);
    });
  }

  private key(bx: number, by: number): string {
    const n = Math.ceil(this.widthPx / this.bucketPx);
    return `${this.wraps ? ((bx % n) + n) % n : bx},${by}`;
  }

  /** Inverse-distance mean of the error at the 4 nearest measured points within two buckets, or null. */
  at(u: number, v: number): Err | null {
    const x = u * this.widthPx;
    const y = v * this.heightPx;
    const bx = Math.floor(x / this.bucketPx);
    const by = Math.floor(y / this.bucketPx);
    const near: { d: number; i: number }[] = [];
    for (let j = -1; j <= 1; j++) {
      for (let i = -1; i <= 1; i++) {
        for (const k of this.buckets.get(this.key(bx + i, by + j)) ?? []) {
          if (this.errors[k] === null) continue;
          const dx = this.wraps ? deltaU(this.px[k]! / this.widthPx, x / this.widthPx, true) * this.widthPx : x - this.px[k]!;
          near.push({ d: Math.hypot(dx, y - this.py[k]!), i: k });
        }
      }
    }
    if (near.length < 3) return null;
    near.sort((a, b) => a.d - b.d);
    let w = 0, ex = 0, ey = 0;
    for (const { d, i } of near.slice(0, 4)) {
      const wi = 1 / (d + 1e-3);
      w += wi;
      ex += wi * this.errors[i]![0];
      ey += wi * this.errors[i]![1];
    }
    return [ex / w, ey / w];
  }
}

function stats(xs: number[]): MisregistrationStats {
  if (xs.length === 0) return { max: 0, p95: 0, median: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { max: s[s.length - 1]!, p95: q(0.95), median: q(0.5) };
}

/**
 * Per blend zone touching a measured projector, the misregistration a visitor sees, from camera
 * measurements alone: at each measured wall point of projector A that projector B also lights, the
 * difference between the painting points A and B draw there (each one's content error: what its
 * calibration draws at its measured pixel minus the wall point's own uv; B's error interpolated from
 * its own measurements, or 0 when B was not measured), with the calibration before and after.
 */
export function zoneMisregistration(before: Installation, after: Installation, measured: readonly MeasuredProjector[]): ZoneChange[] {
  const content = before.profile.content;
  const wraps = before.surface.wrapsU;
  const order = new Map(before.projectors.map((p, i) => [p.id, i]));
  const fields = new Map<string, { before: ErrorField; after: ErrorField; errBefore: (Err | null)[]; errAfter: (Err | null)[] }>();
  for (const m of measured) {
    const eb = m.measured.map((c) => contentError(before, m.projectorId, c));
    const ea = m.measured.map((c) => contentError(after, m.projectorId, c));
    fields.set(m.projectorId, {
      before: new ErrorField(m.measured, eb, content.widthPx, content.heightPx, wraps),
      after: new ErrorField(m.measured, ea, content.widthPx, content.heightPx, wraps),
      errBefore: eb,
      errAfter: ea,
    });
  }
  const zones = new Map<string, { pair: [string, string]; both: boolean; b: number[]; a: number[] }>();
  for (const m of measured) {
    const own = fields.get(m.projectorId)!;
    for (const other of after.projectors) {
      if (other.id === m.projectorId) continue;
      const otherField = fields.get(other.id);
      // Both measured: count the zone once, from the projector first in profile order.
      if (otherField && order.get(other.id)! < order.get(m.projectorId)!) continue;
      const pair: [string, string] = order.get(other.id)! < order.get(m.projectorId)! ? [other.id, m.projectorId] : [m.projectorId, other.id];
      const key = `${pair[0]}|${pair[1]}`;
      m.measured.forEach((c, i) => {
        const q = other.worldToPixel(c.world);
        if (q === null || !other.contains(q[0], q[1])) return;
        const eb = own.errBefore[i];
        const ea = own.errAfter[i];
        if (!eb || !ea) return;
        const ob: Err | null = otherField ? otherField.before.at(c.uv[0], c.uv[1]) : [0, 0];
        const oa: Err | null = otherField ? otherField.after.at(c.uv[0], c.uv[1]) : [0, 0];
        if (!ob || !oa) return;
        let z = zones.get(key);
        if (!z) zones.set(key, (z = { pair, both: !!otherField, b: [], a: [] }));
        z.b.push(Math.hypot(eb[0] - ob[0], eb[1] - ob[1]));
        z.a.push(Math.hypot(ea[0] - oa[0], ea[1] - oa[1]));
      });
    }
  }
  return [...zones.entries()]
    .map(([zone, z]) => ({ zone, projectors: z.pair, samples: z.b.length, measuredOn: z.both ? ('both' as const) : ('one' as const), before: stats(z.b), after: stats(z.a) }))
    .sort((a, b) => b.before.max - a.before.max || (a.zone < b.zone ? -1 : 1));
}
