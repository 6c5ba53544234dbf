import { computeBlend, type Blend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { measureHall, type HallMetrics } from '../../engine/core/blend/hallMetrics.ts';
import { applyPose, solvePose, type PointPair } from '../pose/solvePose.ts';
import { cellCorrespondences, type CellOptions } from './cellCorrespondences.ts';
import { decodeGrayCode, type Capture, type DecodeOptions } from './decodeGrayCode.ts';
import { grayCodeFrames, type GrayImage, type StructuredFrame } from './grayCode.ts';
import { fitWarpGrid, type OffsetSample } from './residualWarp.ts';
import { zoneMisregistration, type MeasuredProjector, type ZoneChange } from './zoneMisregistration.ts';

/** Any camera: shows nothing itself, returns the picture taken while the projector shows `frame`. */
export type CaptureFn = (frame: StructuredFrame) => Promise<GrayImage>;

/** A measured correspondence: projector output pixel ↔ the painted-wall point it lights. */
export interface WallCorrespondence {
  readonly projectorPx: readonly [number, number];
  readonly cameraPx: readonly [number, number];
  readonly world: Vec3;
  /** Painting uv of the wall point. */
  readonly uv: readonly [number, number];
}

/** Options of one projector's recalibration. */
export interface RecalibrateOptions {
  readonly decode?: DecodeOptions;
  readonly cells?: CellOptions;
  /** Solve the focal length too (default false: a bump moves a projector, it does not zoom it). */
  readonly solveFocal?: boolean;
  /** Fit a residual fine-warp grid after the pose (default true). */
  readonly warp?: boolean;
  /** Most correspondences handed to the pose solver, spread evenly (default 600). */
  readonly maxPosePoints?: number;
  /** Fewest wall correspondences to go on (default 50). */
  readonly minCorrespondences?: number;
  /**
   * Keep the current calibration unless it is measurably wrong: the new one is applied only when the
   * median measured shift before exceeds this many output px AND 1.5 × the shift after (default 0.25;
   * 0 always applies). A check of a hall that has not moved then changes nothing.
   */
  readonly minShiftPx?: number;
  /** Called after each captured frame (index from 0, count). */
  readonly onFrame?: (index: number, count: number) => void;
}

/** What one projector's recalibration measured and changed. */
export interface ProjectorRecalibration {
  readonly projectorId: string;
  /** False when the measured shift was within the camera's noise and the calibration was kept as it was. */
  readonly applied: boolean;
  /** Correspondences used (projector cell ↔ wall point). */
  readonly correspondences: number;
  /** Lit camera pixels that decoded on both axes (fraction). */
  readonly decodedFraction: number;
  /** Reprojection RMS of the solved pose over the inliers, projector px. */
  readonly poseRmsPx: number;
  /** Largest offset of the fitted residual warp, px. */
  readonly warpMaxPx: number;
  /** Median distance between where the calibration puts each measured wall point and where the projector really lights it, output px (current / solved). */
  readonly measuredShiftBeforePx: number;
  readonly measuredShiftAfterPx: number;
  /** The same, 95th percentile. */
  readonly measuredShiftBeforeP95Px: number;
  readonly measuredShiftAfterP95Px: number;
  /** Solved pose minus the current one (whether applied or not), degrees and metres. */
  readonly poseChange: { readonly yawDeg: number; readonly pitchDeg: number; readonly rollDeg: number; readonly positionM: number };
  readonly warnings: readonly string[];
}

/** The result of recalibrating one projector. */
export interface RecalibrateResult {
  /** The projector's new calibration (pose, lens as focalPx + shift, residual warp), or the old one when not applied. */
  readonly config: ProjectorConfig;
  readonly report: ProjectorRecalibration;
  /** The measured correspondences (for zone checks and display). */
  readonly measured: readonly WallCorrespondence[];
}

/** Captures the whole Gray-code sequence of a projector through `capture`. */
export async function captureSequence(capture: CaptureFn, width: number, height: number, onFrame?: (i: number, n: number) => void): Promise<Capture[]> {
  const frames = grayCodeFrames(width, height);
  const out: Capture[] = [];
  for (let i = 0; i < frames.length; i++) {
    out.push({ frame: frames[i]!, image: await capture(frames[i]!) });
    onFrame?.(i, frames.length);
  }
  return out;
}

/**
 * Measures where projector `projectorId` really lights the wall (Gray-code captures from a camera of
 * known calibration `camera` on the platform) and returns its output-pixel ↔ wall-point
 * correspondences. The hall surface is the calibrated profile's: the hall does not move.
 */
export async function measureProjector(capture: CaptureFn, calibrated: Profile, projectorId: string, camera: ProjectorConfig, options: RecalibrateOptions = {}): Promise<{ measured: WallCorrespondence[]; decodedFraction: number }> {
  const cfg = calibrated.projectors.find((p) => p.id === projectorId);
  if (!cfg) throw new Error(`recalibrate: no projector "${projectorId}" in profile ${calibrated.id} (projectors: ${calibrated.projectors.map((p) => p.id).join(', ')})`);
  const { width, height } = cfg.resolution;
  const captures = await captureSequence(capture, width, height, options.onFrame);
  const map = decodeGrayCode(captures, width, height, options.decode);
  const cells = cellCorrespondences(map, options.cells);
  const cam = new ProjectorModel(camera);
  const surface = new Installation(calibrated).surface;
  const measured: WallCorrespondence[] = [];
  for (const c of cells) {
    const dir = cam.unwarpedPixelToRay(c.cameraPx[0], c.cameraPx[1]);
    if (dir === null) continue;
    const hit = surface.intersect(cam.C, dir);
    if (hit === null || !hit.onWall) continue;
    measured.push({ projectorPx: c.projectorPx, cameraPx: c.cameraPx, world: hit.point, uv: [hit.u, hit.v] });
  }
  return { measured, decodedFraction: map.litPixels > 0 ? map.decodedPixels / map.litPixels : 0 };
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Output-pixel distances between measured positions and where a model puts the measured wall points. */
function shifts(model: ProjectorModel, measured: readonly WallCorrespondence[]): number[] {
  return measured.map((m) => {
    const q = model.worldToPixel(m.world);
    return q === null ? Infinity : Math.hypot(q[0] - m.projectorPx[0], q[1] - m.projectorPx[1]);
  });
}

/**
 * The share of a projector's painted-wall footprint (by the current calibration, on the grid of cells
 * the measurement used) that has a measured correspondence. The outermost ring of cells is left out:
 * the decoder drops cells beside the image border.
 */
function seenFraction(calibrated: Profile, projectorId: string, measured: readonly WallCorrespondence[]): number {
  if (measured.length === 0) return 0;
  const xs = [...new Set(measured.map((m) => m.projectorPx[0]))].sort((a, b) => a - b);
  let cell = Infinity;
  for (let i = 1; i < xs.length; i++) cell = Math.min(cell, xs[i]! - xs[i - 1]!);
  if (!Number.isFinite(cell) || cell <= 0) return 1;
  const inst = new Installation(calibrated);
  const p = inst.projector(projectorId);
  const have = new Set(measured.map((m) => `${Math.floor(m.projectorPx[0] / cell)},${Math.floor(m.projectorPx[1] / cell)}`));
  let expected = 0;
  let found = 0;
  for (let j = 1; (j + 2) * cell <= p.height; j++) {
    for (let i = 1; (i + 2) * cell <= p.width; i++) {
      const hit = inst.pixelToWall(p, (i + 0.5) * cell, (j + 0.5) * cell);
      if (hit === null || !hit.onWall) continue;
      expected++;
      if (have.has(`${i},${j}`)) found++;
    }
  }
  return expected === 0 ? 1 : found / expected;
}

/**
 * One-click recalibration of one projector: captures the Gray-code sequence through `capture`,
 * decodes it into output pixel ↔ wall point correspondences, solves the pose from the current
 * calibration (calibration/pose/solvePose.ts; focal fixed unless asked), then fits a residual fine
 * warp so that the pipeline lights each measured wall point with that point's content: at each warp
 * control point p, offset(p) = p − q with q where the solved (unwarped) model shows the wall point
 * measured at p. The warp grid keeps the profile's size (9 × 9 when it has none).
 */
export async function recalibrateProjector(capture: CaptureFn, calibrated: Profile, projectorId: string, camera: ProjectorConfig, options: RecalibrateOptions = {}): Promise<RecalibrateResult> {
  const { measured, decodedFraction } = await measureProjector(capture, calibrated, projectorId, camera, options);
  const cfg = calibrated.projectors.find((p) => p.id === projectorId)!;
  const minCorr = options.minCorrespondences ?? 50;
  if (measured.length < minCorr) {
    throw new Error(`recalibrate ${projectorId}: only ${measured.length} correspondences on the painted wall (need ${minCorr}): is the camera seeing the projector's footprint, and is the projector on?`);
  }
  const old = new ProjectorModel(cfg);
  // The solver works on unwarped pixels: the current fine warp stands for the optics' own departure
  // from a pinhole, which a bump does not change; the residual warp is measured afresh below.
  const maxPose = options.maxPosePoints ?? 600;
  const stride = Math.max(1, Math.floor(measured.length / maxPose));
  const pairs: PointPair[] = [];
  for (let i = 0; i < measured.length; i += stride) {
    const m = measured[i]!;
    pairs.push({ world: m.world, pixel: old.warp.unwarp(m.projectorPx[0], m.projectorPx[1]) });
  }
  const { width, height } = cfg.resolution;
  const solution = solvePose(pairs, { width, height, initial: cfg, solveFocal: options.solveFocal ?? false, solveShift: false, k1: old.k1, k2: old.k2 });
  const warnings = solution.warnings.map((w) => `${w.code}: ${w.message}`);
  if (!solution.ok) throw new Error(`recalibrate ${projectorId}: the pose could not be solved from ${pairs.length} correspondences (${warnings.join('; ') || 'no reason given'})`);
  const seen = seenFraction(calibrated, projectorId, measured);
  if (seen < 0.85) warnings.push(`partialView: the camera measured ${Math.round(seen * 100)} % of the wall ${projectorId} lights: aim it to see the whole footprint (the warp is extrapolated elsewhere)`);
  const posed: ProjectorConfig = { ...applyPose(cfg, solution), warp: undefined };
  const noWarp = new ProjectorModel(posed);
  let config: ProjectorConfig = { ...applyPose(cfg, solution) };
  if (options.warp ?? true) {
    const samples: OffsetSample[] = [];
    for (const m of measured) {
      const q = noWarp.worldToUnwarpedPixel(m.world);
      if (q === null) continue;
      samples.push({ x: m.projectorPx[0], y: m.projectorPx[1], dx: m.projectorPx[0] - q[0], dy: m.projectorPx[1] - q[1] });
    }
    config = { ...config, warp: fitWarpGrid(samples, width, height, cfg.warp?.cols ?? 9, cfg.warp?.rows ?? 9) };
  } else if (cfg.warp) {
    config = { ...config, warp: cfg.warp };
  }
  if (config.warp === undefined) {
    const { warp: _drop, ...rest } = config;
    config = rest;
  }
  const after = new ProjectorModel(config);
  const before = shifts(old, measured);
  const aft = shifts(after, measured);
  const warpMaxPx = (config.warp?.offsetsPx ?? []).reduce((m, [dx, dy]) => Math.max(m, Math.hypot(dx, dy)), 0);
  const angle = (a: number, b: number) => ((((a - b) % 360) + 540) % 360) - 180;
  const minShift = options.minShiftPx ?? 0.25;
  const applied = minShift <= 0 || (quantile(before, 0.5) > minShift && quantile(before, 0.5) > 1.5 * quantile(aft, 0.5));
  return {
    config: applied ? config : cfg,
    measured,
    report: {
      projectorId,
      applied,
      correspondences: measured.length,
      decodedFraction,
      poseRmsPx: solution.rmsPx,
      warpMaxPx,
      measuredShiftBeforePx: quantile(before, 0.5),
      measuredShiftAfterPx: quantile(aft, 0.5),
      measuredShiftBeforeP95Px: quantile(before, 0.95),
      measuredShiftAfterP95Px: quantile(aft, 0.95),
      poseChange: {
        yawDeg: angle(config.pose.yawDeg, cfg.pose.yawDeg),
        pitchDeg: config.pose.pitchDeg - cfg.pose.pitchDeg,
        rollDeg: angle(config.pose.rollDeg, cfg.pose.rollDeg),
        positionM: Math.hypot(config.pose.positionM[0] - cfg.pose.positionM[0], config.pose.positionM[1] - cfg.pose.positionM[1], config.pose.positionM[2] - cfg.pose.positionM[2]),
      },
      warnings,
    },
  };
}

/** The platform camera's pose solved from a projector whose calibration is right. */
export interface CameraPoseResult {
  /** The camera config with the solved pose (lens as given: intrinsics are calibrated once). */
  readonly camera: ProjectorConfig;
  readonly rmsPx: number;
  readonly correspondences: number;
  readonly warnings: readonly string[];
}

/**
 * Solves the camera's pose (its lens kept) from a reference projector known to be right: the
 * reference shows the Gray-code sequence, each decoded correspondence pairs a camera position with
 * the wall point the reference's calibrated model puts at that output pixel, and solvePose starts
 * from `cameraGuess` (where the camera was set up). For a camera moved on its tripod, before
 * recalibrating the projectors that did move.
 */
export async function solveCameraPose(capture: CaptureFn, calibrated: Profile, referenceId: string, cameraGuess: ProjectorConfig, options: RecalibrateOptions = {}): Promise<CameraPoseResult> {
  const cfg = calibrated.projectors.find((p) => p.id === referenceId);
  if (!cfg) throw new Error(`camera pose: no projector "${referenceId}" in profile ${calibrated.id} (projectors: ${calibrated.projectors.map((p) => p.id).join(', ')})`);
  const { width, height } = cfg.resolution;
  const captures = await captureSequence(capture, width, height, options.onFrame);
  const cells = cellCorrespondences(decodeGrayCode(captures, width, height, options.decode), options.cells);
  const inst = new Installation(calibrated);
  const ref = inst.projector(referenceId);
  const all: PointPair[] = [];
  for (const c of cells) {
    const hit = inst.pixelToWall(ref, c.projectorPx[0], c.projectorPx[1]);
    if (hit !== null && hit.onWall) all.push({ world: hit.point, pixel: c.cameraPx });
  }
  const minCorr = options.minCorrespondences ?? 50;
  if (all.length < minCorr) throw new Error(`camera pose: only ${all.length} correspondences of ${referenceId} on the painted wall (need ${minCorr}): is the camera seeing it?`);
  const maxPose = options.maxPosePoints ?? 600;
  const stride = Math.max(1, Math.floor(all.length / maxPose));
  const pairs = all.filter((_, i) => i % stride === 0);
  const lens = new ProjectorModel(cameraGuess);
  const s = solvePose(pairs, { width: cameraGuess.resolution.width, height: cameraGuess.resolution.height, initial: cameraGuess, solveFocal: false, solveShift: false, k1: lens.k1, k2: lens.k2 });
  const warnings = s.warnings.map((w) => `${w.code}: ${w.message}`);
  if (!s.ok) throw new Error(`camera pose: not solved from ${pairs.length} correspondences of ${referenceId} (${warnings.join('; ') || 'no reason given'})`);
  const [x, y, z] = s.pose.positionM;
  return { camera: { ...cameraGuess, pose: { positionM: [x, y, z], yawDeg: s.pose.yawDeg, pitchDeg: s.pose.pitchDeg, rollDeg: s.pose.rollDeg } }, rmsPx: s.rmsPx, correspondences: all.length, warnings };
}

/** Options of a whole-hall check. */
export interface RecalibrateHallOptions extends RecalibrateOptions {
  /** Projectors to check (default all). */
  readonly projectorIds?: readonly string[];
  /** The true installation (simulation only): the result then also carries measureHall before and after. */
  readonly truth?: Profile;
  /** Called when a projector is done. */
  readonly onProjector?: (report: ProjectorRecalibration) => void;
}

/** The outcome of a whole-hall check. */
export interface HallRecalibration {
  /** The recalibrated profile (poses, warps; the blend is recomputed from it at load). */
  readonly profile: Profile;
  readonly blend: Blend;
  readonly projectors: readonly ProjectorRecalibration[];
  /** Per blend zone touching a measured projector: misregistration measured from the camera, painting px. */
  readonly zones: readonly ZoneChange[];
  /** measureHall(calibrated, blend, truth) before and after, when a truth is given. */
  readonly truthBefore?: HallMetrics;
  readonly truthAfter?: HallMetrics;
}

/**
 * One-click recalibration of a hall: every projector asked for (default all) in turn, each through its
 * own camera aim (`cameraFor`) and capture function (`captureFor`, the camera photographing that
 * projector alone), then the blend recomputed (computeBlend) and each blend zone's misregistration
 * before and after, measured from the camera (the distance between the painting points two
 * projectors draw at the same measured wall point; a projector not measured counts as right) and,
 * given the truth (simulation), by measureHall.
 */
export async function recalibrateHall(
  captureFor: (projectorId: string, camera: ProjectorConfig) => CaptureFn,
  calibrated: Profile,
  cameraFor: (projectorId: string) => ProjectorConfig,
  options: RecalibrateHallOptions = {},
): Promise<HallRecalibration> {
  const ids = options.projectorIds ?? calibrated.projectors.map((p) => p.id);
  const unknown = ids.filter((id) => !calibrated.projectors.some((p) => p.id === id));
  if (unknown.length > 0) throw new Error(`recalibrate: no projector ${unknown.map((u) => `"${u}"`).join(', ')} in profile ${calibrated.id} (projectors: ${calibrated.projectors.map((p) => p.id).join(', ')})`);
  const reports: ProjectorRecalibration[] = [];
  const configs = new Map<string, ProjectorConfig>();
  const measured: MeasuredProjector[] = [];
  for (const id of ids) {
    const camera = cameraFor(id);
    const r = await recalibrateProjector(captureFor(id, camera), calibrated, id, camera, options);
    reports.push(r.report);
    configs.set(id, r.config);
    measured.push({ projectorId: id, measured: r.measured });
    options.onProjector?.(r.report);
  }
  const profile: Profile = { ...calibrated, projectors: calibrated.projectors.map((p) => configs.get(p.id) ?? p) };
  const oldInst = new Installation(calibrated);
  const newInst = new Installation(profile);
  const blend = computeBlend(newInst);
  const zones = zoneMisregistration(oldInst, newInst, measured);
  if (!options.truth) return { profile, blend, projectors: reports, zones };
  const truth = new Installation(options.truth);
  return {
    profile,
    blend,
    projectors: reports,
    zones,
    truthBefore: measureHall(oldInst, computeBlend(oldInst), truth),
    truthAfter: measureHall(newInst, blend, truth),
  };
}
