import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { ProfileSchema, type Profile, type ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { applyPose, solvePose, type PointPair } from '../pose/solvePose.ts';
import { fitWarpGrid, type OffsetSample, type WarpFit } from './fitWarpGrid.ts';
import { intrinsicsOfFrustum, isHallFrame } from './frustum.ts';
import type { MpcdiDocument, MpcdiRegion, MpcdiWarning } from './MpcdiDocument.ts';

/** Options for importing an MPCDI document onto a profile. */
export interface MpcdiToProfileOptions {
  /** Most correspondences handed to the pose solver per region (default 2500; all of them shape the fine warp). */
  readonly maxPosePairs?: number;
  /** Residual (px) below which no fine warp is written (default 0.01). */
  readonly warpThresholdPx?: number;
  /** Fine-warp control grids tried, coarsest first, until the fit is within `targetPx` (default 9, 17, 33 columns). */
  readonly warpCols?: readonly number[];
  /** Fit wanted from the fine warp, px (default 0.05). */
  readonly targetPx?: number;
}

/** How one region became one projector. */
export interface RegionFit {
  readonly regionId: string;
  readonly projectorId: string;
  readonly matchedBy: 'id' | 'order';
  /** Correspondences (finite warp samples) used. */
  readonly samples: number;
  /** Pose-only reprojection RMS over the pose solver's points, px. */
  readonly poseRmsPx: number;
  /** Fit of the final model (pose, lens and fine warp) to the file's mapping over every sample, px. */
  readonly rmsPx: number;
  readonly maxPx: number;
  /** Fine-warp grid written, or null when the pose alone reproduces the file. */
  readonly warpGrid: { readonly cols: number; readonly rows: number } | null;
  /** Blend gamma taken from the alpha map's gammaEmbedded, or null when the base's was kept. */
  readonly gamma: number | null;
}

/** The imported profile, per-region figures and what the technician should know. */
export interface MpcdiToProfileResult {
  readonly profile: Profile;
  readonly regions: readonly RegionFit[];
  readonly warnings: readonly MpcdiWarning[];
}

/** Most warp samples used per region (a denser grid is thinned evenly). */
const MAX_SAMPLES = 40_000;

const UNIT_M: Readonly<Record<string, number>> = { m: 1, dm: 0.1, cm: 0.01, mm: 0.001, in: 0.0254, ft: 0.3048, yd: 0.9144 };

interface Correspondence {
  readonly x: number;
  readonly y: number;
  readonly P: Vec3;
}

function correspondences(doc: MpcdiDocument, region: MpcdiRegion, inst: Installation, eyeM: Vec3, warnings: MpcdiWarning[]): Correspondence[] {
  const w = region.warp;
  const out: Correspondence[] = [];
  let scale = 1;
  let origin: Vec3 = [0, 0, 0];
  if (doc.profile === 'a3') {
    const unit = (region.geometricUnit ?? 'm').toLowerCase();
    if (UNIT_M[unit] === undefined) warnings.push({ code: 'other', message: `region "${region.id}": geometricUnit "${region.geometricUnit}" is unknown; taken as metres` });
    scale = UNIT_M[unit] ?? 1;
    if ((region.originOf3DData ?? '').toLowerCase() === 'idealeyepoint') origin = eyeM;
  }
  // Vendors may write a sample per output pixel (8 million for 4K): keep about 40,000, edges included.
  const step = Math.max(1, Math.ceil(Math.sqrt((w.cols * w.rows) / MAX_SAMPLES)));
  const pick = (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n - 1; i += step) out.push(i);
    out.push(n - 1);
    return out;
  };
  const cols = pick(w.cols);
  for (const j of pick(w.rows)) {
    for (const i of cols) {
      const k = (j * w.cols + i) * 3;
      const a = w.data[k]!;
      const b = w.data[k + 1]!;
      const c = w.data[k + 2]!;
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      let P: Vec3;
      if (doc.profile === '2d') {
        // Region coordinates → buffer (the painting, y down) → painting uv → the hall's wall.
        const u = region.x + a * region.xSize;
        const v = 1 - (region.y + b * region.ySize);
        P = inst.surface.pointAt(u, v);
      } else {
        if (!Number.isFinite(c)) continue;
        P = [origin[0] + a * scale, origin[1] + b * scale, origin[2] + c * scale];
      }
      out.push({ x: (i * region.xResolution) / (w.cols - 1), y: (j * region.yResolution) / (w.rows - 1), P });
    }
  }
  return out;
}

/** A start for the pose solver: the base projector, or the a3 frustum when it is in the engine's frame. */
function startConfig(doc: MpcdiDocument, region: MpcdiRegion, base: ProjectorConfig): ProjectorConfig {
  const start: ProjectorConfig = { ...base, resolution: { width: region.xResolution, height: region.yResolution } };
  delete (start as { warp?: unknown }).warp;
  if (doc.profile !== 'a3' || !region.frustum || !region.coordinateFrame || !isHallFrame(region.coordinateFrame)) return start;
  const fr = region.frustum;
  const k = intrinsicsOfFrustum(fr, region.xResolution);
  const unit = UNIT_M[(region.geometricUnit ?? 'm').toLowerCase()] ?? 1;
  const pos = region.coordinateFrame.pos;
  const { throwRatio: _t, ...lens } = base.lens;
  void _t;
  return {
    ...start,
    mount: 'floor',
    pose: { positionM: [pos[0] * unit, pos[1] * unit, pos[2] * unit], yawDeg: fr.yawDeg, pitchDeg: fr.pitchDeg, rollDeg: fr.rollDeg === 0 ? 0 : -fr.rollDeg },
    lens: { ...lens, focalPx: k.focalPx, shiftX: (region.xResolution / 2 - k.cx) / region.xResolution, shiftY: (k.cy - region.yResolution / 2) / region.yResolution, shiftConvention: 'fullImage' },
  };
}

/** A region and the index of the base projector it goes to. */
interface RegionMatch {
  readonly region: MpcdiRegion;
  readonly index: number;
  readonly by: 'id' | 'order';
}

/** Matches regions to the base's projectors by id, then the rest by order; unmatched regions and projectors warned of. */
function matchRegions(doc: MpcdiDocument, base: Profile, warnings: MpcdiWarning[]): RegionMatch[] {
  const byId = new Map(base.projectors.map((p, i) => [p.id, i]));
  const used = new Set<number>();
  const matches: RegionMatch[] = [];
  const pending: MpcdiRegion[] = [];
  for (const r of doc.regions) {
    const i = byId.get(r.id);
    if (i !== undefined && !used.has(i)) {
      used.add(i);
      matches.push({ region: r, index: i, by: 'id' });
    } else pending.push(r);
  }
  for (const r of pending) {
    const i = base.projectors.findIndex((_, k) => !used.has(k));
    if (i < 0) {
      warnings.push({ code: 'unmatched', message: `region "${r.id}" has no projector left in profile ${base.id} to go to (it has ${base.projectors.length}); skipped` });
      continue;
    }
    used.add(i);
    matches.push({ region: r, index: i, by: 'order' });
    warnings.push({ code: 'unmatched', message: `region "${r.id}" matches no projector id; given to ${base.projectors[i]!.id} by order` });
  }
  base.projectors.forEach((p, i) => {
    if (!used.has(i)) warnings.push({ code: 'unmatched', message: `projector ${p.id} has no region in the file; kept as it was` });
  });
  return matches;
}

/** Options with their defaults. */
type ImportSettings = Required<MpcdiToProfileOptions>;

/** What the pinhole model leaves of each correspondence (file pixel − model pixel), and how many fall behind the lens. */
function poseOffsets(cfg: ProjectorConfig, corr: readonly Correspondence[]): { samples: OffsetSample[]; lost: number } {
  const model = new ProjectorModel(cfg);
  const samples: OffsetSample[] = [];
  let lost = 0;
  for (const c of corr) {
    const q = model.worldToUnwarpedPixel(c.P);
    if (q === null) {
      lost++;
      continue;
    }
    samples.push({ x: c.x, y: c.y, dx: c.x - q[0], dy: c.y - q[1] });
  }
  return { samples, lost };
}

/**
 * The fine warp taking up the offsets: control grids tried coarsest first until one fits within the
 * target; null when the offsets are all under the threshold or no grid does better than none.
 */
function fineWarp(samples: readonly OffsetSample[], region: MpcdiRegion, maxPx: number, settings: ImportSettings): WarpFit | null {
  let best: WarpFit | null = null;
  if (maxPx > settings.warpThresholdPx) {
    for (const cols of settings.warpCols) {
      const rows = Math.max(3, Math.round(((cols - 1) * region.yResolution) / region.xResolution) + 1);
      const fit = fitWarpGrid(samples, region.xResolution, region.yResolution, cols, rows);
      if (best === null || fit.maxPx < best.maxPx) best = fit;
      if (fit.maxPx <= settings.targetPx) break;
    }
  }
  return best && best.maxPx < maxPx ? best : null;
}

/**
 * One region fitted onto its base projector: correspondences → solvePose (pose, focal length, principal
 * point) → a fine warp for the rest → the blend gamma from the alpha map. Null (warned) when the region
 * has too few samples or no pose.
 */
function fitRegion(doc: MpcdiDocument, match: RegionMatch, base: Profile, inst: Installation, settings: ImportSettings, warnings: MpcdiWarning[]): { cfg: ProjectorConfig; fit: RegionFit } | null {
  const { region, index, by } = match;
  const baseCfg = base.projectors[index]!;
  if (baseCfg.resolution.width !== region.xResolution || baseCfg.resolution.height !== region.yResolution) {
    warnings.push({ code: 'resolution', message: `region "${region.id}" is ${region.xResolution} × ${region.yResolution}, projector ${baseCfg.id} was ${baseCfg.resolution.width} × ${baseCfg.resolution.height}; the file's resolution is taken` });
  }
  const corr = correspondences(doc, region, inst, base.hall.eyeM, warnings);
  if (corr.length < 6) {
    warnings.push({ code: 'other', message: `region "${region.id}": only ${corr.length} usable warp samples; projector ${baseCfg.id} kept as it was` });
    return null;
  }
  const stride = Math.max(1, Math.ceil(corr.length / settings.maxPosePairs));
  const pairs: PointPair[] = [];
  for (let k = 0; k < corr.length; k += stride) pairs.push({ world: corr[k]!.P, pixel: [corr[k]!.x, corr[k]!.y] });
  const start = startConfig(doc, region, baseCfg);
  const sol = solvePose(pairs, { width: region.xResolution, height: region.yResolution, initial: start, solveFocal: true, solveShift: true, k1: start.lens.k1 ?? 0, k2: start.lens.k2 ?? 0, outlierPx: 1e6 });
  if (!sol.ok) {
    warnings.push({ code: 'other', message: `region "${region.id}": the pose could not be solved (${sol.warnings.map((w) => w.message).join('; ')}); projector ${baseCfg.id} kept as it was` });
    return null;
  }
  let cfg = applyPose(start, sol);
  const { samples, lost } = poseOffsets(cfg, corr);
  if (lost > 0) warnings.push({ code: 'other', message: `region "${region.id}": ${lost} samples fall behind the solved lens and are left out` });
  let max = 0;
  let sum = 0;
  for (const s of samples) {
    const e = Math.hypot(s.dx, s.dy);
    sum += e * e;
    max = Math.max(max, e);
  }
  const best = fineWarp(samples, region, max, settings);
  if (best) cfg = { ...cfg, warp: best.warp };
  let gamma: number | null = null;
  if (region.alpha && region.alphaGamma > 1 && region.alphaGamma <= 4) {
    gamma = region.alphaGamma;
    cfg = { ...cfg, blend: { ...(cfg.blend ?? {}), gamma } };
  }
  return {
    cfg,
    fit: {
      regionId: region.id,
      projectorId: baseCfg.id,
      matchedBy: by,
      samples: corr.length,
      poseRmsPx: sol.rmsPx,
      rmsPx: best ? best.rmsPx : Math.sqrt(sum / Math.max(1, samples.length)),
      maxPx: best ? best.maxPx : max,
      warpGrid: best ? { cols: best.warp.cols, rows: best.warp.rows } : null,
      gamma,
    },
  };
}

/**
 * Imports an MPCDI document onto a base profile (the hall and everything else kept). Each region is
 * matched to a projector by id, else by order (reported). Its warp becomes correspondences output pixel
 * ↔ wall point (2d: region coordinates → painting uv → the base hall's surface; a3: X, Y, Z as given),
 * fitted by solvePose (pose, focal length, principal point; distortion kept from the base), then a
 * least-squares fine-warp grid takes up what the pinhole model cannot (README "MPCDI"). The blend gamma
 * comes from the alpha map's gammaEmbedded when it is above 1. Refuses a profile the schema rejects.
 */
export function mpcdiToProfile(doc: MpcdiDocument, base: Profile, options: MpcdiToProfileOptions = {}): MpcdiToProfileResult {
  const warnings: MpcdiWarning[] = [];
  const inst = new Installation(base);
  const settings: ImportSettings = {
    maxPosePairs: options.maxPosePairs ?? 2500,
    warpThresholdPx: options.warpThresholdPx ?? 0.01,
    targetPx: options.targetPx ?? 0.05,
    warpCols: options.warpCols ?? [9, 17, 33],
  };
  const matches = matchRegions(doc, base, warnings);
  const projectors = base.projectors.slice();
  const fits: RegionFit[] = [];
  for (const match of matches) {
    const done = fitRegion(doc, match, base, inst, settings, warnings);
    if (done === null) continue;
    projectors[match.index] = done.cfg;
    fits.push(done.fit);
  }
  const checked = ProfileSchema.safeParse({ ...base, projectors });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`the imported profile is not valid: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { profile: checked.data, regions: fits, warnings };
}
