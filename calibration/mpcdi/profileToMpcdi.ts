import { sampleBlendCount, sampleBlendWeight, type Blend } from '../../engine/core/blend/computeBlend.ts';
import { encodeGamma } from '../../engine/core/blend/blendCurve.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { coordinateFrameOf, frustumOf } from './frustum.ts';
import type { MpcdiDataMap, MpcdiDocument, MpcdiProfileKind, MpcdiRegion, MpcdiWarning } from './MpcdiDocument.ts';

/** Options for exporting a profile. */
export interface ProfileToMpcdiOptions {
  readonly kind: MpcdiProfileKind;
  /** Warp grid spacing over the output image, pixels (default 16; the edges are always sampled). */
  readonly gridStepPx?: number;
  /** Alpha and beta maps are 1/alphaScale of the output resolution (default 4). */
  readonly alphaScale?: number;
}

/** The exported document and what the technician should know about it. */
export interface ProfileToMpcdiResult {
  readonly document: MpcdiDocument;
  readonly warnings: readonly MpcdiWarning[];
}

/** Number of warp samples across an extent: one every `step` pixels, edges included (as engine/core/geometry/sampleGrid). */
export function warpSamples(extentPx: number, step: number): number {
  return Math.max(2, Math.ceil(extentPx / step) + 1);
}

/** Where a projector's warp samples land on the painted wall: painting u (unwrapped about its coverage), v and the world point; NaN where they miss. */
interface WallSamples {
  readonly us: Float64Array;
  readonly vs: Float64Array;
  readonly pts: Float32Array;
}

/** The region's box in painting uv (u unwrapped: u1 passes 1 across the seam of a wrapping wall). */
interface UvBox {
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** Samples a cols × rows grid over projector p's output pixels onto the painted wall, and the box they span (NaN box when none lands). */
function sampleWall(inst: Installation, p: ProjectorModel, cols: number, rows: number): WallSamples & { box: UvBox } {
  const wraps = inst.surface.wrapsU;
  const cov = inst.coverage(p);
  const centre = cov ? (cov.u0 + cov.u1) / 2 : 0.5;
  const n = cols * rows;
  const us = new Float64Array(n).fill(NaN);
  const vs = new Float64Array(n).fill(NaN);
  const pts = new Float32Array(n * 3).fill(NaN);
  const box = { u0: Infinity, u1: -Infinity, v0: Infinity, v1: -Infinity };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const hit = inst.pixelToWall(p, (i * p.width) / (cols - 1), (j * p.height) / (rows - 1));
      if (hit === null || !hit.onWall) continue;
      const k = j * cols + i;
      const u = wraps ? hit.u - Math.round(hit.u - centre) : hit.u;
      us[k] = u;
      vs[k] = hit.v;
      pts.set(hit.point, k * 3);
      box.u0 = Math.min(box.u0, u); box.u1 = Math.max(box.u1, u); box.v0 = Math.min(box.v0, hit.v); box.v1 = Math.max(box.v1, hit.v);
    }
  }
  return { us, vs, pts, box };
}

/**
 * The region's box in the buffer: the whole painting when the projector lights none of it (warned);
 * on a wrapping wall shifted by whole turns so u0 is in [0, 1) (us with it), a box past the seam warned.
 */
function regionBox(inst: Installation, p: ProjectorModel, samples: WallSamples & { box: UvBox }, warnings: MpcdiWarning[]): UvBox {
  const wraps = inst.surface.wrapsU;
  const { us } = samples;
  const n = us.length;
  let { u0, u1, v0, v1 } = samples.box;
  if (!(u1 > u0) || !(v1 > v0)) {
    warnings.push({ code: 'other', message: `projector ${p.id} lights none of the painted wall; exported with an empty (NaN) warp` });
    u0 = 0; u1 = 1; v0 = 0; v1 = 1;
  }
  if (wraps && u0 >= 1) { const s = Math.floor(u0); u0 -= s; u1 -= s; for (let k = 0; k < n; k++) us[k] = us[k]! - s; }
  if (wraps && u0 < 0) { const s = Math.ceil(-u0); u0 += s; u1 += s; for (let k = 0; k < n; k++) us[k] = us[k]! + s; }
  if (u1 > 1) {
    warnings.push({ code: 'seam', message: `region ${p.id} straddles the painting's seam (u ${u0.toFixed(4)} to ${(u1 - 1).toFixed(4)}): its box runs past the buffer's right edge (x + xSize = ${u1.toFixed(4)}), in unwrapped painting u; readers that clip regions to the buffer lose the part past the seam` });
  }
  return { u0, u1, v0, v1 };
}

/** The warp samples: 2d, normalised region coordinates (error 0); a3, the wall point in metres; NaN where the wall is missed. */
function warpData(kind: MpcdiProfileKind, s: WallSamples, place: { x: number; y: number; xSize: number; ySize: number }): Float32Array {
  const { us, vs, pts } = s;
  const { x, y, xSize, ySize } = place;
  const n = us.length;
  const data = new Float32Array(n * 3).fill(NaN);
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(us[k]!)) continue;
    if (kind === '2d') {
      data[k * 3] = (us[k]! - x) / xSize;
      data[k * 3 + 1] = (1 - vs[k]! - y) / ySize;
      data[k * 3 + 2] = 0;
    } else {
      data[k * 3] = pts[k * 3]!;
      data[k * 3 + 1] = pts[k * 3 + 1]!;
      data[k * 3 + 2] = pts[k * 3 + 2]!;
    }
  }
  return data;
}

/** Alpha (blend weight w, encoded w^(1/γ)) and beta (uplift floor w·(N − n)·β/(1 − β)) maps at 1/scale of the output, 16 bit. */
function blendMaps(p: ProjectorModel, cfg: ProjectorConfig, blend: Blend, scale: number): { alpha: MpcdiDataMap; beta: MpcdiDataMap; gamma: number } {
  const map = blend.maps.find((m) => m.projectorId === p.id);
  const gamma = cfg.blend?.gamma ?? 2.2;
  const beta = cfg.blackLevel ?? 0.001;
  const aw = Math.max(1, Math.ceil(p.width / scale));
  const ah = Math.max(1, Math.ceil(p.height / scale));
  const alpha = new Float32Array(aw * ah);
  const betaMap = new Float32Array(aw * ah);
  for (let j = 0; j < ah; j++) {
    for (let i = 0; i < aw; i++) {
      const px = ((i + 0.5) * p.width) / aw;
      const py = ((j + 0.5) * p.height) / ah;
      const w = map ? sampleBlendWeight(map, px, py) : 1;
      const cnt = map ? sampleBlendCount(map, px, py) : 1;
      alpha[j * aw + i] = encodeGamma(w, gamma);
      betaMap[j * aw + i] = Math.max(0, (w * (blend.maxOverlap - cnt) * beta) / (1 - beta));
    }
  }
  const mapOf = (d: Float32Array): MpcdiDataMap => ({ width: aw, height: ah, data: d, componentDepth: 1, bitDepth: 16 });
  return { alpha: mapOf(alpha), beta: mapOf(betaMap), gamma };
}

/**
 * Exports a profile as MPCDI (README "MPCDI"). Per projector, one region and a warp over its output
 * pixels (grid sample (i, j) at (i·W/(cols−1), j·H/(rows−1))) through the whole pipeline (fine warp →
 * lens → pose → surface):
 * - 2d: the buffer is the painting (content.widthPx × heightPx, y down = v up); the region is the
 *   projector's painting-space box; each sample holds the normalised region coordinates of the painting
 *   point it shows. On a 360° wall a box across the seam keeps unwrapped u, so x + xSize passes 1
 *   (warned: readers that clip regions to the buffer lose the part past the seam).
 * - a3: the same regions, plus frustum and coordinate frame (frustum.ts), and X, Y, Z of the wall point in metres.
 * NaN where the pixel misses the painted wall. Alpha: the blend weight w encoded as w^(1/γ) with
 * gammaEmbedded γ (the profile's blend gamma), 16 bit. Beta: the black-level uplift floor
 * w·(N − n)·β/(1 − β) (MATHS.md), linear, 16 bit.
 */
export function profileToMpcdi(profile: Profile, blend: Blend, options: ProfileToMpcdiOptions): ProfileToMpcdiResult {
  const inst = new Installation(profile);
  const step = options.gridStepPx ?? 16;
  const scale = options.alphaScale ?? 4;
  const warnings: MpcdiWarning[] = [];
  const regions: MpcdiRegion[] = inst.projectors.map((p, index) => {
    const cfg = profile.projectors[index]!;
    const cols = warpSamples(p.width, step);
    const rows = warpSamples(p.height, step);
    const samples = sampleWall(inst, p, cols, rows);
    const { u0, u1, v0, v1 } = regionBox(inst, p, samples, warnings);
    const place = { x: u0, xSize: u1 - u0, y: 1 - v1, ySize: v1 - v0 };
    const data = warpData(options.kind, samples, place);
    const maps = blendMaps(p, cfg, blend, scale);
    return {
      id: p.id,
      bufferId: 'painting',
      x: place.x, y: place.y, xSize: place.xSize, ySize: place.ySize,
      xResolution: p.width,
      yResolution: p.height,
      ...(options.kind === 'a3' ? { frustum: frustumOf(cfg, p), coordinateFrame: coordinateFrameOf(cfg), geometricUnit: 'm', originOf3DData: 'floorCenter' } : { geometricUnit: '2D' }),
      warp: { cols, rows, data },
      alpha: maps.alpha,
      alphaGamma: maps.gamma,
      beta: maps.beta,
    };
  });
  return {
    document: {
      profile: options.kind,
      geometryLevel: 1,
      colorLevel: 2,
      version: '2.0',
      buffers: [{ id: 'painting', xResolution: profile.content.widthPx, yResolution: profile.content.heightPx }],
      regions,
    },
    warnings,
  };
}
