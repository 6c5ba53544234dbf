/**
 * Pose from points (the technician's "click the landmarks" calibration, like camSchnappr or QuickCal):
 * world points of known painting landmarks and the unwarped projector pixels where they appear →
 * the projector's pose, optionally its focal length and lens shift. Linear start (normalised DLT,
 * or a planar homography, or the profile's current pose), robust Levenberg–Marquardt (Cauchy-
 * reweighted, then a hard inlier threshold), and warnings a technician can act on.
 */
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import { countIn, fitInliers, judgeIntrinsics, refitIntrinsics, settleInliers } from './poseInliers.ts';
import { MIN_POINTS, pointShape, poseProblem, problemErrors, type PointPair, type PoseSolution, type PoseSolveOptions } from './poseProblem.ts';
import { failedSolution, NO_SENSIBLE_POSE, noCamera, solutionWarnings, solvedSolution, tooFewAgree, tooFewUsable } from './poseReport.ts';
import { bestStart, consensusSearch } from './poseSearch.ts';

export { MIN_POINTS };
export type { PointPair, PoseResidual, PoseSolution, PoseSolveOptions, PoseWarning } from './poseProblem.ts';

/**
 * Solves a projector's pose (and optionally focal length and lens shift) from landmark pairs.
 * Deterministic; never throws on bad input: `ok` is false and a warning says what to do.
 */
export function solvePose(pairs: readonly PointPair[], options: PoseSolveOptions): PoseSolution {
  const pb = poseProblem(pairs, options);
  if (pb.world.length < MIN_POINTS) return failedSolution(pairs, pb, [], tooFewUsable(pb));
  const shape = pointShape(pb.world);
  // Each start refined robustly, the best kept; then a subset search when points still sit far off.
  const start = bestStart(pb, shape);
  if (start === null) return failedSolution(pairs, pb, [], noCamera(pb));
  const robust = consensusSearch(pb, shape, start);
  // Inliers by a hard threshold, least squares on them, intrinsics freed where the points fix them.
  const posed = fitInliers(pb, robust.cam);
  if (countIn(posed.inlier) < MIN_POINTS) return failedSolution(pairs, pb, [], tooFewAgree(pb, posed));
  const judged = judgeIntrinsics(pb, posed);
  const fit = settleInliers(pb, refitIntrinsics(pb, posed, judged.free), judged.free);
  if (countIn(fit.inlier) < MIN_POINTS) return failedSolution(pairs, pb, [], tooFewAgree(pb, fit));

  const { cam, inlier } = fit;
  const errs = problemErrors(pb, cam);
  const inIdx = errs.map((_, i) => i).filter((i) => inlier[i]);
  const rmsPx = Math.sqrt(inIdx.reduce((s, i) => s + errs[i]!.e ** 2, 0) / inIdx.length);
  const warnings = solutionWarnings(pb, shape, judged, fit, rmsPx);
  const behind = inIdx.some((i) => errs[i]!.e >= 1e6);
  const finite = [...cam.R, ...cam.C, cam.f, cam.cx, cam.cy].every(Number.isFinite) && cam.f > 0;
  if (!finite || behind) return failedSolution(pairs, pb, warnings, NO_SENSIBLE_POSE);
  return solvedSolution(pairs, pb, fit, errs, rmsPx, warnings);
}

/**
 * A projector config with a solved pose and lens: pose as solved; the lens as focalPx and lens shift
 * in the profile's own form where the solve left it unchanged (throw ratio, shift convention), else
 * as focalPx and shifts in the profile's convention (fullImage by default; the ceiling mount's sign
 * respected); distortion and everything else kept. Returns cfg unchanged when the solve failed.
 */
export function applyPose(cfg: ProjectorConfig, s: PoseSolution): ProjectorConfig {
  if (!s.ok) return cfg;
  const W = cfg.resolution.width;
  const H = cfg.resolution.height;
  const sign = cfg.mount === 'ceiling' ? -1 : 1;
  // The lens is written as the profile wrote it (throw ratio, shift convention) wherever the solve
  // left it alone, so a pose-only repair reads as a pose change in the profile's history.
  const before = new ProjectorModel(cfg);
  const same = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  const lens: Record<string, unknown> = { ...cfg.lens };
  if (!same(s.lens.focalPx, before.f)) {
    delete lens['throwRatio'];
    lens['focalPx'] = s.lens.focalPx;
  }
  if (!same(s.lens.cx, before.cx) || !same(s.lens.cy, before.cy)) {
    const share = cfg.lens.shiftConvention === 'halfImage' ? 0.5 : 1;
    lens['shiftX'] = (sign * (W / 2 - s.lens.cx)) / (share * W);
    lens['shiftY'] = (sign * (s.lens.cy - H / 2)) / (share * H);
    lens['shiftConvention'] = cfg.lens.shiftConvention ?? 'fullImage';
  }
  return {
    ...cfg,
    pose: { positionM: [...s.pose.positionM], yawDeg: s.pose.yawDeg, pitchDeg: s.pose.pitchDeg, rollDeg: s.pose.rollDeg },
    lens: lens as ProjectorConfig['lens'],
  };
}
