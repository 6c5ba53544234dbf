/**
 * What solvePose tells the technician: the warnings (in words a technician can act on), and the
 * solution, solved or failed, with one residual per input pair.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { anglesFromRotation, type CameraParams } from './cameraParams.ts';
import { countIn, FOCAL_REL_STD_MAX, type InlierFit, type IntrinsicsJudgement } from './poseInliers.ts';
import {
  MIN_POINTS,
  reprojectionErrors,
  type PointError,
  type PointPair,
  type PointShape,
  type PoseProblem,
  type PoseResidual,
  type PoseSolution,
  type PoseWarning,
} from './poseProblem.ts';

const fmt = (x: number, d = 1): string => x.toFixed(d);
const names = (ids: readonly (string | undefined)[], idx: readonly number[]): string =>
  idx.map((i) => ids[i] ?? `#${i + 1}`).join(', ');
const idOf = (p: PointPair): { id?: string } => (p.id !== undefined ? { id: p.id } : {});

/** Too few usable points to try at all. */
export function tooFewUsable(pb: PoseProblem): PoseWarning {
  const n = pb.world.length;
  const bad = pb.unusable > 0 ? ` (${pb.unusable} of them had no valid position)` : '';
  return { code: 'tooFewPoints', message: `Only ${n} usable point${n === 1 ? '' : 's'}${bad}: click at least ${MIN_POINTS} landmarks spread over the image (10 or more is better).` };
}

/** No start gave a camera. */
export function noCamera(pb: PoseProblem): PoseWarning {
  return { code: 'illConditioned', message: `The ${pb.world.length} points give no camera (they may lie on a line, or all on one plane with no profile pose to start from): click landmarks spread over the whole image.` };
}

/** Too few points agree with one pose. */
export function tooFewAgree(pb: PoseProblem, fit: InlierFit): PoseWarning {
  return { code: 'tooFewPoints', message: `Only ${countIn(fit.inlier)} of ${pb.world.length} points agree with one pose (within ${fmt(fit.threshold)} px): check the clicks and add landmarks (at least ${MIN_POINTS} consistent ones).` };
}

/** The solved pose is not finite or puts inliers behind the lens. */
export const NO_SENSIBLE_POSE: PoseWarning = { code: 'illConditioned', message: 'No sensible pose fits these points (the solution puts some behind the lens): check that each click matches its landmark.' };

/** The inliers' pixels bunched in a small part of the image (spread under 8 % of it on an axis). */
function bunched(pb: PoseProblem, inIdx: readonly number[]): boolean {
  const { pixels } = pb;
  let sx = 0;
  let sy = 0;
  const mx = inIdx.reduce((s, i) => s + pixels[i]![0], 0) / inIdx.length;
  const my = inIdx.reduce((s, i) => s + pixels[i]![1], 0) / inIdx.length;
  for (const i of inIdx) {
    sx += (pixels[i]![0] - mx) ** 2;
    sy += (pixels[i]![1] - my) ** 2;
  }
  return Math.sqrt(sx / inIdx.length) < 0.08 * pb.width || Math.sqrt(sy / inIdx.length) < 0.08 * pb.height;
}

/** What a successful fit tells the technician (intrinsics the points could not fix, outliers, residual, unusable or bunched points). */
export function solutionWarnings(pb: PoseProblem, shape: PointShape, judged: IntrinsicsJudgement, fit: InlierFit, rmsPx: number): PoseWarning[] {
  const warnings: PoseWarning[] = [];
  const { cam, inlier, threshold } = fit;
  const n = pb.world.length;
  const inIdx = pb.world.map((_, i) => i).filter((i) => inlier[i]);
  const outIdx = pb.world.map((_, i) => i).filter((i) => !inlier[i]);
  if (judged.focalUnfixable) {
    const what = pb.fixedFocal !== undefined
      ? `so it is kept at the profile's ${fmt(cam.f)} px`
      : `so the solved ${fmt(cam.f)} px is uncertain (±${fmt(Math.min(judged.focalRelStd, 9.99) * 100, 0)} % for 1 px of click error)`;
    if (shape.nearPlanar) {
      warnings.push({ code: 'coplanar', message: `The ${n} points lie almost on one plane (depth spread ${fmt(shape.plane.ratio * 100, 2)} % of their extent): they cannot tell the focal length from the distance, ${what}. Add landmarks at other depths, or enter the lens's throw ratio.` });
    } else {
      warnings.push({ code: 'illConditioned', message: `The points do not fix the focal length well (1 px of click error would move it by more than ${FOCAL_REL_STD_MAX * 100} %), ${what}. Spread the landmarks over the whole image, corners included.` });
    }
  }
  if (judged.shiftUnfixable) {
    warnings.push({ code: 'illConditioned', message: `The points do not fix the lens shift (principal point): kept at (${fmt(cam.cx)}, ${fmt(cam.cy)}) px. Spread the landmarks over the whole image and over different depths, or solve the pose alone.` });
  }
  if (outIdx.length > 0) {
    warnings.push({ code: 'outliers', message: `${outIdx.length} of ${n} points are more than ${fmt(threshold)} px from where the solved pose puts them (${names(pb.ids, outIdx)}): probably mis-clicked or the wrong landmark; the pose was solved without them. Check and click them again.` });
  }
  if (rmsPx > 1) {
    warnings.push({ code: 'highResidual', message: `RMS reprojection error is ${fmt(rmsPx, 2)} px (good is under 1 px): check the clicks with the largest residuals, the lens distortion, or the fine warp (clicks must be unwarped pixels).` });
  }
  const u = pb.unusable;
  if (u > 0) {
    warnings.push({ code: 'illConditioned', message: `${u} point${u === 1 ? '' : 's'} had no valid world or pixel position and ${u === 1 ? 'was' : 'were'} ignored.` });
  }
  if (bunched(pb, inIdx)) {
    warnings.push({ code: 'illConditioned', message: `The points are bunched in a small part of the image: the pose will be wrong away from them. Click landmarks near every edge of the image.` });
  }
  return warnings;
}

/**
 * A failed solve: the initial pose (or an identity camera at the origin) with its residuals where it
 * has one, no outliers, and the warnings so far plus `why`.
 */
export function failedSolution(pairs: readonly PointPair[], pb: PoseProblem, warnings: readonly PoseWarning[], why: PoseWarning): PoseSolution {
  const { init, k1, k2, pp } = pb;
  const cam: CameraParams = init ?? { R: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), C: [0, 0, 0] as Vec3, f: pb.width, cx: pp.cx, cy: pp.cy, k1, k2 };
  const errs = init ? reprojectionErrors({ ...cam, k1, k2 }, pairs.map((p) => p.world), pairs.map((p) => p.pixel)) : null;
  return {
    ok: false,
    pose: { positionM: cam.C, ...anglesFromRotation(cam.R, pb.initialPose) },
    lens: { focalPx: cam.f, cx: cam.cx, cy: cam.cy },
    residuals: pairs.map((p, i) => {
      const e = errs?.[i];
      const ok = e !== undefined && Number.isFinite(e.e) && e.e < 1e6;
      return { ...idOf(p), dxPx: ok ? e.dx : 0, dyPx: ok ? e.dy : 0, px: ok ? e.e : 0, outlier: false };
    }),
    rmsPx: 0,
    warnings: [...warnings, why],
  };
}

/** A solved pose: residuals in input order (unusable pairs count as outliers with no error). */
export function solvedSolution(pairs: readonly PointPair[], pb: PoseProblem, fit: InlierFit, errs: readonly PointError[], rmsPx: number, warnings: readonly PoseWarning[]): PoseSolution {
  const { cam, inlier } = fit;
  const byUsable = new Map(pb.usableIdx.map((orig, k) => [orig, k]));
  const residuals: PoseResidual[] = pairs.map((p, i) => {
    const k = byUsable.get(i);
    if (k === undefined) return { ...idOf(p), dxPx: 0, dyPx: 0, px: 0, outlier: true };
    const e = errs[k]!;
    return { ...idOf(p), dxPx: e.dx, dyPx: e.dy, px: e.e, outlier: !inlier[k] };
  });
  return {
    ok: true,
    pose: { positionM: [cam.C[0], cam.C[1], cam.C[2]], ...anglesFromRotation(cam.R, pb.initialPose) },
    lens: { focalPx: cam.f, cx: cam.cx, cy: cam.cy },
    residuals,
    rmsPx,
    warnings,
  };
}
