/**
 * From a robust camera to the final least-squares fit: points split into inliers and outliers by a
 * hard threshold, the focal length and principal point freed only where the points can fix them, and
 * the inlier set settled with the final parameters.
 */
import { spdInverse } from '../math/matrix.ts';
import type { CameraParams } from './cameraParams.ts';
import { MIN_POINTS, problemErrors, type PoseProblem } from './poseProblem.ts';
import { paramCount, refineCamera, type FreeParams } from './refineCamera.ts';

/** A camera fitted to its inliers, and the threshold that chose them (px). */
export interface InlierFit {
  readonly cam: CameraParams;
  readonly inlier: readonly boolean[];
  readonly threshold: number;
}

/** Which intrinsics the fit moves, and what the points could not fix (for the warnings). */
export interface IntrinsicsJudgement {
  readonly free: FreeParams;
  readonly focalUnfixable: boolean;
  /** Relative standard deviation of the focal length for 1 px of click noise (0 when not judged). */
  readonly focalRelStd: number;
  readonly shiftUnfixable: boolean;
}

/** Focal length left fixed when one pixel of click noise would move it by more than this fraction. */
export const FOCAL_REL_STD_MAX = 0.05;
/** Principal point left fixed when one pixel of click noise would move it by more than this fraction of the image. */
const SHIFT_REL_STD_MAX = 0.05;
/** Median of |e| for a 2-D Gaussian error of unit σ per axis (Rayleigh median, √(2 ln 2)). */
const RAYLEIGH_MEDIAN = Math.sqrt(2 * Math.LN2);

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Least-squares weights of an inlier set. */
const weightsOf = (inl: readonly boolean[]): number[] => inl.map((x) => (x ? 1 : 0));

/** The number of inliers. */
export const countIn = (inl: readonly boolean[]): number => inl.filter(Boolean).length;

/** Inliers of camera c: within the caller's threshold, else 5 × the median-based noise scale (at least 3 px). */
function classify(pb: PoseProblem, cam: CameraParams): { inlier: boolean[]; threshold: number } {
  const e = problemErrors(pb, cam).map((x) => x.e);
  const sigma = median(e) / RAYLEIGH_MEDIAN;
  const threshold = pb.outlierPx ?? Math.max(3, 5 * sigma);
  return { inlier: e.map((x) => x <= threshold), threshold };
}

/**
 * Inliers by a hard threshold on the robust fit's residuals, then least squares on the inliers (pose
 * only). With fewer than MIN_POINTS inliers the camera is returned unrefined; the caller fails.
 */
export function fitInliers(pb: PoseProblem, robust: CameraParams): InlierFit {
  const { inlier, threshold } = classify(pb, robust);
  if (countIn(inlier) < MIN_POINTS) return { cam: robust, inlier, threshold };
  return { cam: refineCamera(robust, pb.world, pb.pixels, weightsOf(inlier), pb.poseOnly).cam, inlier, threshold };
}

/**
 * Which intrinsics the points can fix, judged from the covariance (JᵀJ)⁻¹ for one pixel of click
 * noise. A profile focal length the points agree with is kept (solving it would only add the noise of
 * one more unknown); it is replaced when the points contradict it: the solved focal differs by more
 * than 3 standard deviations at the noise level the residuals show.
 */
export function judgeIntrinsics(pb: PoseProblem, fit: InlierFit): IntrinsicsJudgement {
  const { solveFocal, solveShift, fixedFocal, world, pixels } = pb;
  const { cam, inlier } = fit;
  if (!(solveFocal || solveShift)) return { free: pb.poseOnly, focalUnfixable: false, focalRelStd: 0, shiftUnfixable: false };
  const trial: FreeParams = { focal: solveFocal, shift: solveShift };
  const { normal } = refineCamera(cam, world, pixels, weightsOf(inlier), trial, 0);
  const cov = spdInverse(normal);
  const sd = (k: number) => (cov === null ? Infinity : Math.sqrt(Math.max(0, cov.data[k * normal.cols + k]!)));
  const focalRelStd = sd(6) / cam.f;
  const focalOk = solveFocal && focalRelStd <= FOCAL_REL_STD_MAX;
  const kShift = solveFocal ? 7 : 6;
  const shiftOk = solveShift && Math.max(sd(kShift) / pb.width, sd(kShift + 1) / pb.height) <= SHIFT_REL_STD_MAX;
  let focalContradicted = false;
  if (focalOk && fixedFocal !== undefined) {
    const trialFit = refineCamera(cam, world, pixels, weightsOf(inlier), { focal: true, shift: shiftOk });
    const dof = Math.max(1, 2 * countIn(inlier) - paramCount({ focal: true, shift: shiftOk }));
    const sigmaPx = Math.sqrt(trialFit.cost / dof);
    focalContradicted = Math.abs(trialFit.cam.f - cam.f) > 3 * sd(6) * sigmaPx;
  }
  return {
    free: { focal: (focalOk && focalContradicted) || fixedFocal === undefined, shift: shiftOk },
    focalUnfixable: solveFocal && !focalOk,
    focalRelStd,
    shiftUnfixable: solveShift && !shiftOk,
  };
}

/**
 * A second pass on the inlier set with the freed intrinsics, reclassifying until the set settles
 * (at most 4 passes). Unchanged when no intrinsic is freed or none was asked for: freed intrinsics
 * with a poor covariance are not tried, a singular system would wander.
 */
export function refitIntrinsics(pb: PoseProblem, fit: InlierFit, free: FreeParams): InlierFit {
  if (!(pb.solveFocal || pb.solveShift) || !(free.focal || free.shift)) return fit;
  let { cam, inlier, threshold } = fit;
  for (let pass = 0; pass < 4; pass++) {
    cam = refineCamera(cam, pb.world, pb.pixels, weightsOf(inlier), free).cam;
    const c2 = classify(pb, cam);
    const same = c2.inlier.every((x, i) => x === inlier[i]);
    inlier = c2.inlier;
    threshold = c2.threshold;
    if (same || countIn(inlier) < MIN_POINTS) break;
  }
  return { cam, inlier, threshold };
}

/** Settles the inlier set with the final parameters: reclassify and refit until it no longer changes (at most 4 passes). */
export function settleInliers(pb: PoseProblem, fit: InlierFit, free: FreeParams): InlierFit {
  let { cam, inlier, threshold } = fit;
  for (let pass = 0; pass < 4; pass++) {
    const c2 = classify(pb, cam);
    const same = c2.inlier.every((x, i) => x === inlier[i]);
    threshold = c2.threshold;
    if (same || countIn(c2.inlier) < MIN_POINTS) break;
    inlier = c2.inlier;
    cam = refineCamera(cam, pb.world, pb.pixels, weightsOf(inlier), free).cam;
  }
  return { cam, inlier, threshold };
}
