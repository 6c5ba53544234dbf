import type { Coverage, Installation } from '../geometry/Installation.ts';
import type { ProjectorModel } from '../geometry/ProjectorModel.ts';
import { bourkeCurve } from './blendCurve.ts';
import { gridPos, type GridPos } from '../geometry/sampleGrid.ts';

/** One projector's blend map: weights and overlap counts on a grid over its output image. */
export interface BlendMap {
  readonly projectorId: string;
  /** Grid size; sample (i, j) sits at output pixel (i·width/(gridW−1), j·height/(gridH−1)). */
  readonly gridW: number;
  readonly gridH: number;
  readonly width: number;
  readonly height: number;
  /** Linear-light weight 0..1 per sample (row-major from the top-left). */
  readonly weight: Float32Array;
  /** Number of projectors lighting the sample's wall point (0 off the wall or off every image). */
  readonly count: Uint8Array;
  /** Blend ramp width used for this projector, pixels. */
  readonly rampPx: number;
}

/** The blend of a whole installation. */
export interface Blend {
  readonly maps: readonly BlendMap[];
  /** The most projectors overlapping anywhere on the wall (N, for black-level uplift). */
  readonly maxOverlap: number;
}

/** Options for computing blend maps. */
export interface BlendOptions {
  /** Grid spacing in output pixels (default 8). Sampling error in the weights grows as (step / ramp width)². */
  readonly stepPx?: number;
}

interface Sample {
  /** Border distance of this projector at the sample, pixels. */
  readonly d: number;
  /** Border distances of the other projectors that see the same wall point. */
  readonly others: readonly { index: number; d: number }[];
  readonly onWall: boolean;
}

function neighbours(inst: Installation, cov: readonly (Coverage | null)[], i: number): number[] {
  const a = cov[i];
  if (!a) return [];
  const out: number[] = [];
  cov.forEach((b, j) => {
    if (j === i || !b) return;
    const vOverlap = a.v0 <= b.v1 && b.v0 <= a.v1;
    const margin = 0.02;
    const hits = (shift: number) => a.u0 - margin <= b.u1 + shift && b.u0 + shift <= a.u1 + margin;
    if (vOverlap && (hits(0) || (inst.surface.wrapsU && (hits(1) || hits(-1))))) out.push(j);
  });
  return out;
}

/**
 * Blend weights from geometry (DESIGN.md §4, MATHS.md): for every sample of every projector's image,
 * the wall point it lights, every other projector that lights the same point, and each one's (smoothed) distance
 * d from its image border; weight w_i = g_i(d_i) / Σ_j g_j(d_j) with g the Bourke curve over the ramp.
 * Weights sum to 1 in linear light wherever projectors overlap, round the 360° seam included.
 * Pure; cache the result per profile (it changes only when the profile does).
 */
export function computeBlend(inst: Installation, options: BlendOptions = {}): Blend {
  const step = options.stepPx ?? 8;
  const P = inst.projectors;
  const cfg = inst.profile.projectors;
  const samples: Sample[][] = [];
  const grids: { gridW: number; gridH: number }[] = [];
  const ramps: number[] = [];
  // Every projector's footprint, once (each projector's neighbours are found among them).
  const cov = P.map((p) => inst.coverage(p, 24));
  // Pass 1: geometry of every sample, and the depth of the overlaps (the automatic ramp width).
  P.forEach((p, i) => {
    const gridW = Math.max(2, Math.ceil(p.width / step) + 1);
    const gridH = Math.max(2, Math.ceil(p.height / step) + 1);
    grids.push({ gridW, gridH });
    const cands = neighbours(inst, cov, i);
    const list: Sample[] = [];
    let deepest = 0;
    for (let j = 0; j < gridH; j++) {
      const y = (j * p.height) / (gridH - 1);
      for (let k = 0; k < gridW; k++) {
        const x = (k * p.width) / (gridW - 1);
        list.push(sampleAt(inst, p, x, y, cands));
        const s = list[list.length - 1]!;
        if (s.onWall && s.others.length > 0) deepest = Math.max(deepest, s.d);
      }
    }
    samples.push(list);
    ramps.push(cfg[i]!.blend?.rampPx ?? Math.max(deepest, 1));
  });
  // Pass 2: weights.
  let maxOverlap = 0;
  const maps = P.map((p, i): BlendMap => {
    const { gridW, gridH } = grids[i]!;
    const weight = new Float32Array(gridW * gridH);
    const count = new Uint8Array(gridW * gridH);
    const g = (index: number, d: number) => {
      const b = cfg[index]!.blend;
      return bourkeCurve(d / ramps[index]!, b?.luminance ?? 0.5, b?.exponent ?? 2);
    };
    samples[i]!.forEach((s, n) => {
      if (s.d <= 0) return;
      const own = g(i, s.d);
      let sum = own;
      for (const o of s.others) sum += g(o.index, o.d);
      weight[n] = sum > 0 ? own / sum : s.others.length === 0 ? 1 : 0;
      const c = s.onWall ? 1 + s.others.length : 0;
      count[n] = c;
      if (c > maxOverlap) maxOverlap = c;
    });
    return { projectorId: p.id, gridW, gridH, width: p.width, height: p.height, weight, count, rampPx: ramps[i]! };
  });
  return { maps, maxOverlap };
}

function sampleAt(inst: Installation, p: ProjectorModel, x: number, y: number, cands: readonly number[]): Sample {
  const d = p.blendDistance(x, y);
  const hit = inst.pixelToWall(p, x, y);
  if (hit === null) return { d, others: [], onWall: false };
  const others: { index: number; d: number }[] = [];
  for (const j of cands) {
    const q = inst.projectors[j]!;
    const px = q.worldToPixel(hit.point);
    if (px === null) continue;
    const dq = q.blendDistance(px[0], px[1]);
    if (dq > 0) others.push({ index: j, d: dq });
  }
  return { d, others, onWall: hit.onWall };
}

/** Bilinear sample of a blend map's weight at output pixel (x, y), exactly as the output shader samples it. */
export function sampleBlendWeight(map: BlendMap, x: number, y: number): number {
  return bilinear(map, map.weight, x, y);
}

/**
 * Bilinear sample of the projector count at output pixel (x, y), as the output shader samples it: a
 * smooth count keeps black-level uplift free of steps at overlap borders.
 */
export function sampleBlendCount(map: BlendMap, x: number, y: number): number {
  return bilinear(map, map.count, x, y);
}

const _pos: GridPos = { col: 0, row: 0, tx: 0, ty: 0 };

function bilinear(map: BlendMap, w: Float32Array | Uint8Array, x: number, y: number): number {
  const { col: i, row: j, tx, ty } = gridPos(x, y, map.width, map.height, map.gridW, map.gridH, _pos);
  const a = w[j * map.gridW + i]!;
  const b = w[j * map.gridW + i + 1]!;
  const c = w[(j + 1) * map.gridW + i]!;
  const d = w[(j + 1) * map.gridW + i + 1]!;
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}
