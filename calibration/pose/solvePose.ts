/**
 * Pose from points (the technician's "click the landmarks" calibration, like camSchnappr or QuickCal):
 * world points of known painting landmarks and the unwarped projector pixels where they appear →
 * the projector's pose, optionally its focal length and lens shift. Linear start (normalised DLT,
 * or a planar homography, or the profile's current pose), robust Levenberg–Marquardt (Cauchy-
 * reweighted, then a hard inlier threshold), and warnings a technician can act on.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import { spdInverse } from '../math/matrix.ts';
import { SeededRandom } from '../math/prng.ts';
import { anglesFromRotation, cameraFromConfig, principalPoint, projectPoint, type CameraParams } from './cameraParams.ts';
import { dltCamera, homographyCamera, planarity } from './linearStart.ts';
import { paramCount, refineCamera, type FreeParams } from './refineCamera.ts';

/** One landmark: its world point (metres) and the unwarped projector pixel where it was clicked. */
export interface PointPair {
  readonly id?: string;
  readonly world: Vec3;
  readonly pixel: readonly [number, number];
}

/** What to solve and from where. */
export interface PoseSolveOptions {
  /** Image size, px. */
  readonly width: number;
  readonly height: number;
  /** Start from this projector (its pose, lens and distortion); the DLT is still tried when the points allow it. */
  readonly initial?: ProjectorConfig;
  /**
   * Solve the focal length (default true). With an initial projector its focal length is kept when
   * the points cannot fix one (warning) or agree with it within their noise; it is replaced when they
   * contradict it. Without one it is always solved.
   */
  readonly solveFocal?: boolean;
  /** Solve the principal point (lens shift) (default false: fixed at the initial's, or the image centre). */
  readonly solveShift?: boolean;
  /** Fixed radial distortion (default the initial's, else 0). */
  readonly k1?: number;
  readonly k2?: number;
  /** Residual above which a point is an outlier, px (default 5 × the median-based noise scale, at least 3 px). */
  readonly outlierPx?: number;
}

/** A warning about the points or the result, for the technician. */
export interface PoseWarning {
  readonly code: 'tooFewPoints' | 'coplanar' | 'outliers' | 'highResidual' | 'illConditioned';
  readonly message: string;
}

/** One point's reprojection error with the solved pose (solved − clicked), px. */
export interface PoseResidual {
  id?: string;
  dxPx: number;
  dyPx: number;
  px: number;
  outlier: boolean;
}

/** The solved projector. */
export interface PoseSolution {
  readonly ok: boolean;
  /** As PoseSchema (cameraAxes convention), angles unwrapped toward the initial pose. */
  readonly pose: { positionM: Vec3; yawDeg: number; pitchDeg: number; rollDeg: number };
  readonly lens: { focalPx: number; cx: number; cy: number };
  /** One per input pair, in input order. */
  readonly residuals: readonly PoseResidual[];
  /** RMS of the inliers' residuals, px. */
  readonly rmsPx: number;
  readonly warnings: readonly PoseWarning[];
}

/** Fewest points the solver accepts (the DLT's minimum; MATHS.md). */
export const MIN_POINTS = 6;
/** σ₃/σ₁ of the centred world points below which they are treated as one plane (DLT degenerate). */
const PLANAR_RATIO = 1e-3;
/** Below this the points are "nearly planar": the DLT is unreliable, so other starts are tried too. */
const NEAR_PLANAR_RATIO = 0.1;
/** Focal length left fixed when one pixel of click noise would move it by more than this fraction. */
const FOCAL_REL_STD_MAX = 0.05;
/** Principal point left fixed when one pixel of click noise would move it by more than this fraction of the image. */
const SHIFT_REL_STD_MAX = 0.05;
/** Distance within which a point supports a hypothesis in the subset search, px (when outlierPx is not given). */
const CONSENSUS_PX = 4;
/** Most random 6-point subsets tried when outliers are suspected (fewer once a good consensus is found). */
const SUBSETS = 100;
/** Median of |e| for a 2-D Gaussian error of unit σ per axis (Rayleigh median, √(2 ln 2)). */
const RAYLEIGH_MEDIAN = Math.sqrt(2 * Math.LN2);

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number, d = 1): string => x.toFixed(d);
const names = (ids: readonly (string | undefined)[], idx: readonly number[]): string =>
  idx.map((i) => ids[i] ?? `#${i + 1}`).join(', ');

/** Reprojection errors of every point with camera c (NaN-free: a point behind the lens counts as 1e6 px). */
function errors(c: CameraParams, world: readonly Vec3[], pixels: readonly (readonly [number, number])[]): { dx: number; dy: number; e: number }[] {
  return world.map((w, i) => {
    const q = projectPoint(c, w);
    if (q === null) return { dx: 1e6, dy: 1e6, e: Math.SQRT2 * 1e6 };
    const dx = q[0] - pixels[i]![0];
    const dy = q[1] - pixels[i]![1];
    return { dx, dy, e: Math.hypot(dx, dy) };
  });
}

/** Iteratively reweighted fit with a Cauchy loss of shrinking scale: outliers fade out of the fit. */
function robustFit(start: CameraParams, world: readonly Vec3[], pixels: readonly (readonly [number, number])[], free: FreeParams): { cam: CameraParams; score: number } {
  let cam = refineCamera(start, world, pixels, world.map(() => 1), free, 30).cam;
  // Every point already close: nothing for the reweighting to push out.
  if (errors(cam, world, pixels).every(({ e }) => e <= 2)) return { cam, score: errors(cam, world, pixels).reduce((s, { e }) => s + Math.log1p((e / 3) ** 2), 0) };
  for (const c of [32, 16, 8, 4, 2]) {
    const w = errors(cam, world, pixels).map(({ e }) => 1 / (1 + (e / c) ** 2));
    cam = refineCamera(cam, world, pixels, w, free, 30).cam;
  }
  const score = errors(cam, world, pixels).reduce((s, { e }) => s + Math.log1p((e / 3) ** 2), 0);
  return { cam, score };
}

/**
 * Solves a projector's pose (and optionally focal length and lens shift) from landmark pairs.
 * Deterministic; never throws on bad input: `ok` is false and a warning says what to do.
 */
export function solvePose(pairs: readonly PointPair[], options: PoseSolveOptions): PoseSolution {
  const W = options.width;
  const H = options.height;
  const solveFocal = options.solveFocal ?? true;
  const solveShift = options.solveShift ?? false;
  const init = options.initial ? cameraFromConfig(options.initial) : null;
  const k1 = options.k1 ?? init?.k1 ?? 0;
  const k2 = options.k2 ?? init?.k2 ?? 0;
  const pp = options.initial ? principalPoint(options.initial) : { cx: W / 2, cy: H / 2 };
  const warnings: PoseWarning[] = [];

  const isFinitePair = (p: PointPair) => [...p.world, ...p.pixel].every(Number.isFinite);
  const usableIdx = pairs.map((p, i) => (isFinitePair(p) ? i : -1)).filter((i) => i >= 0);
  const world = usableIdx.map((i) => pairs[i]!.world);
  const pixels = usableIdx.map((i) => pairs[i]!.pixel);
  const ids = usableIdx.map((i) => pairs[i]!.id);
  const unusable = pairs.length - usableIdx.length;

  const failed = (why: PoseWarning): PoseSolution => {
    const cam = init ?? { R: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), C: [0, 0, 0] as Vec3, f: W, cx: pp.cx, cy: pp.cy, k1, k2 };
    const errs = init ? errors({ ...cam, k1, k2 }, pairs.map((p) => p.world), pairs.map((p) => p.pixel)) : null;
    return {
      ok: false,
      pose: { positionM: cam.C, ...anglesFromRotation(cam.R, options.initial?.pose) },
      lens: { focalPx: cam.f, cx: cam.cx, cy: cam.cy },
      residuals: pairs.map((p, i) => {
        const e = errs?.[i];
        const ok = e !== undefined && Number.isFinite(e.e) && e.e < 1e6;
        return { ...(p.id !== undefined ? { id: p.id } : {}), dxPx: ok ? e.dx : 0, dyPx: ok ? e.dy : 0, px: ok ? e.e : 0, outlier: false };
      }),
      rmsPx: 0,
      warnings: [...warnings, why],
    };
  };

  if (usableIdx.length < MIN_POINTS) {
    const bad = unusable > 0 ? ` (${unusable} of them had no valid position)` : '';
    return failed({ code: 'tooFewPoints', message: `Only ${usableIdx.length} usable point${usableIdx.length === 1 ? '' : 's'}${bad}: click at least ${MIN_POINTS} landmarks spread over the image (10 or more is better).` });
  }

  const plane = planarity(world);
  const planar = plane.ratio < PLANAR_RATIO;
  const nearPlanar = plane.ratio < NEAR_PLANAR_RATIO;
  const fixedFocal = init?.f;

  // Starting points: DLT when the points are in general position, a homography when they are (nearly)
  // on a plane, and the profile's current pose when given. Each is refined robustly; the best wins.
  // Without a profile focal length the linear estimate is all there is (and outliers may have spoilt
  // it), so the robust fit moves the focal length too; otherwise the profile's stays until checked.
  const poseOnly: FreeParams = { focal: fixedFocal === undefined, shift: false };
  const consensusPx = options.outlierPx ?? CONSENSUS_PX;
  const allClose = (c: CameraParams) => errors(c, world, pixels).every(({ e }) => e <= Math.min(consensusPx, 2));
  // The profile's pose first: when it already explains every point, the linear starts are not needed.
  let best: { cam: CameraParams; score: number } | null = init ? robustFit({ ...init, cx: pp.cx, cy: pp.cy, k1, k2 }, world, pixels, poseOnly) : null;
  if (best === null || !allClose(best.cam)) {
    const linear: CameraParams[] = [];
    if (!planar) {
      const d = dltCamera(world, pixels);
      if (d !== null) linear.push({ R: d.R, C: d.C, f: fixedFocal ?? d.f, cx: pp.cx, cy: pp.cy, k1, k2 });
    }
    if (nearPlanar || linear.length === 0) {
      const hc = homographyCamera(world, pixels, plane, pp.cx, pp.cy, fixedFocal ?? W, solveFocal || fixedFocal === undefined);
      if (hc !== null) linear.push({ ...hc, f: fixedFocal ?? hc.f, k1, k2 });
    }
    for (const s of linear) {
      const r = robustFit(s, world, pixels, poseOnly);
      if (best === null || r.score < best.score) best = r;
    }
  }
  if (best === null) {
    return failed({ code: 'illConditioned', message: `The ${world.length} points give no camera (they may lie on a line, or all on one plane with no profile pose to start from): click landmarks spread over the whole image.` });
  }
  // When some points sit far off, the reweighting may have settled with them half-fitted: try
  // seeded random subsets of 6 points (MSAC: each hypothesis scored by Σ min(e², T²) over all points).
  const msac = (c: CameraParams) => errors(c, world, pixels).reduce((sum, { e }) => sum + Math.min(e * e, consensusPx * consensusPx), 0);
  if (world.length > MIN_POINTS && errors(best.cam, world, pixels).some(({ e }) => e > consensusPx)) {
    let bestCam = best.cam;
    let bestScore = msac(bestCam);
    const rng = new SeededRandom(0x5eed + world.length);
    // Adaptive count: enough subsets that one is outlier-free with 99.9 % probability at the best
    // consensus seen so far, at most SUBSETS.
    const subsetsNeeded = (c: CameraParams) => {
      const clean = (errors(c, world, pixels).filter(({ e }) => e <= consensusPx).length / world.length) ** MIN_POINTS;
      return clean >= 1 ? 0 : Math.min(SUBSETS, Math.ceil(Math.log(1e-3) / Math.log(1 - clean)));
    };
    let needed = subsetsNeeded(bestCam);
    for (let k = 0; k < needed; k++) {
      const picked = rng.sample(world.length, MIN_POINTS);
      const subset = new Set(picked);
      const w = world.map((_, i) => (subset.has(i) ? 1 : 0));
      // From the robust fit, and (points off a plane) from the subset's own DLT, which no outlier spoils.
      let hyp = refineCamera(best.cam, world, pixels, w, poseOnly, 30).cam;
      let score = msac(hyp);
      const d = planar || init !== null ? null : dltCamera(picked.map((i) => world[i]!), picked.map((i) => pixels[i]!));
      if (d !== null) {
        const h2 = refineCamera({ R: d.R, C: d.C, f: fixedFocal ?? d.f, cx: pp.cx, cy: pp.cy, k1, k2 }, world, pixels, w, poseOnly, 30).cam;
        const s2 = msac(h2);
        if (s2 < score) {
          hyp = h2;
          score = s2;
        }
      }
      if (score < bestScore) {
        // Refit on the hypothesis's consensus set before keeping it.
        const cons = errors(hyp, world, pixels).map(({ e }) => (e <= consensusPx ? 1 : 0));
        const refit = cons.reduce((a: number, b) => a + b, 0) >= MIN_POINTS ? refineCamera(hyp, world, pixels, cons, poseOnly).cam : hyp;
        const refitScore = msac(refit);
        bestCam = refitScore < score ? refit : hyp;
        bestScore = Math.min(score, refitScore);
        needed = subsetsNeeded(bestCam);
      }
    }
    best = { cam: bestCam, score: bestScore };
  }

  // Inliers by a hard threshold on the robust fit's residuals, then least squares on the inliers.
  const classify = (cam: CameraParams): { inlier: boolean[]; threshold: number } => {
    const e = errors(cam, world, pixels).map((x) => x.e);
    const sigma = median(e) / RAYLEIGH_MEDIAN;
    const threshold = options.outlierPx ?? Math.max(3, 5 * sigma);
    return { inlier: e.map((x) => x <= threshold), threshold };
  };
  let cam = best.cam;
  let { inlier, threshold } = classify(cam);
  const weightsOf = (inl: readonly boolean[]) => inl.map((x) => (x ? 1 : 0));
  const countIn = (inl: readonly boolean[]) => inl.filter(Boolean).length;
  if (countIn(inlier) < MIN_POINTS) {
    return failed({ code: 'tooFewPoints', message: `Only ${countIn(inlier)} of ${world.length} points agree with one pose (within ${fmt(threshold)} px): check the clicks and add landmarks (at least ${MIN_POINTS} consistent ones).` });
  }
  cam = refineCamera(cam, world, pixels, weightsOf(inlier), poseOnly).cam;

  // Free the focal length and the principal point only where the points can fix them: judged from
  // the covariance (JᵀJ)⁻¹ for one pixel of click noise.
  let free: FreeParams = poseOnly;
  let focalUnfixable = false;
  let focalRelStd = 0;
  let shiftUnfixable = false;
  if (solveFocal || solveShift) {
    const trial: FreeParams = { focal: solveFocal, shift: solveShift };
    const { normal } = refineCamera(cam, world, pixels, weightsOf(inlier), trial, 0);
    const cov = spdInverse(normal);
    const sd = (k: number) => (cov === null ? Infinity : Math.sqrt(Math.max(0, cov.data[k * normal.cols + k]!)));
    focalRelStd = sd(6) / cam.f;
    const focalOk = solveFocal && focalRelStd <= FOCAL_REL_STD_MAX;
    const kShift = solveFocal ? 7 : 6;
    const shiftOk = solveShift && Math.max(sd(kShift) / W, sd(kShift + 1) / H) <= SHIFT_REL_STD_MAX;
    focalUnfixable = solveFocal && !focalOk;
    shiftUnfixable = solveShift && !shiftOk;
    // A profile focal length the points agree with is kept (solving it would only add the noise of
    // one more unknown); it is replaced when the points contradict it: the solved focal differs by
    // more than 3 standard deviations at the noise level the residuals show.
    let focalContradicted = false;
    if (focalOk && fixedFocal !== undefined) {
      const trialFit = refineCamera(cam, world, pixels, weightsOf(inlier), { focal: true, shift: shiftOk });
      const dof = Math.max(1, 2 * countIn(inlier) - paramCount({ focal: true, shift: shiftOk }));
      const sigmaPx = Math.sqrt(trialFit.cost / dof);
      focalContradicted = Math.abs(trialFit.cam.f - cam.f) > 3 * sd(6) * sigmaPx;
    }
    free = { focal: (focalOk && focalContradicted) || fixedFocal === undefined, shift: shiftOk };
    // Freed intrinsics with a poor covariance are not tried: a singular system would wander.
    if (free.focal || free.shift) {
      // A second pass on the inlier set with the intrinsics free; reclassify once it settles.
      for (let pass = 0; pass < 4; pass++) {
        cam = refineCamera(cam, world, pixels, weightsOf(inlier), free).cam;
        const c2 = classify(cam);
        const same = c2.inlier.every((x, i) => x === inlier[i]);
        inlier = c2.inlier;
        threshold = c2.threshold;
        if (same || countIn(inlier) < MIN_POINTS) break;
      }
    }
  }
  // Settle the inlier set with the final parameters.
  for (let pass = 0; pass < 4; pass++) {
    const c2 = classify(cam);
    const same = c2.inlier.every((x, i) => x === inlier[i]);
    threshold = c2.threshold;
    if (same || countIn(c2.inlier) < MIN_POINTS) break;
    inlier = c2.inlier;
    cam = refineCamera(cam, world, pixels, weightsOf(inlier), free).cam;
  }
  if (countIn(inlier) < MIN_POINTS) {
    return failed({ code: 'tooFewPoints', message: `Only ${countIn(inlier)} of ${world.length} points agree with one pose (within ${fmt(threshold)} px): check the clicks and add landmarks (at least ${MIN_POINTS} consistent ones).` });
  }

  const errs = errors(cam, world, pixels);
  const inIdx = errs.map((_, i) => i).filter((i) => inlier[i]);
  const outIdx = errs.map((_, i) => i).filter((i) => !inlier[i]);
  const rmsPx = Math.sqrt(inIdx.reduce((s, i) => s + errs[i]!.e ** 2, 0) / inIdx.length);
  const behind = inIdx.some((i) => errs[i]!.e >= 1e6);
  const finite = [...cam.R, ...cam.C, cam.f, cam.cx, cam.cy].every(Number.isFinite) && cam.f > 0;

  if (focalUnfixable) {
    const what = fixedFocal !== undefined
      ? `so it is kept at the profile's ${fmt(cam.f)} px`
      : `so the solved ${fmt(cam.f)} px is uncertain (±${fmt(Math.min(focalRelStd, 9.99) * 100, 0)} % for 1 px of click error)`;
    if (nearPlanar) {
      warnings.push({ code: 'coplanar', message: `The ${world.length} points lie almost on one plane (depth spread ${fmt(plane.ratio * 100, 2)} % of their extent): they cannot tell the focal length from the distance, ${what}. Add landmarks at other depths, or enter the lens's throw ratio.` });
    } else {
      warnings.push({ code: 'illConditioned', message: `The points do not fix the focal length well (1 px of click error would move it by more than ${FOCAL_REL_STD_MAX * 100} %), ${what}. Spread the landmarks over the whole image, corners included.` });
    }
  }
  if (shiftUnfixable) {
    warnings.push({ code: 'illConditioned', message: `The points do not fix the lens shift (principal point): kept at (${fmt(cam.cx)}, ${fmt(cam.cy)}) px. Spread the landmarks over the whole image and over different depths, or solve the pose alone.` });
  }
  if (outIdx.length > 0) {
    warnings.push({ code: 'outliers', message: `${outIdx.length} of ${world.length} points are more than ${fmt(threshold)} px from where the solved pose puts them (${names(ids, outIdx)}): probably mis-clicked or the wrong landmark; the pose was solved without them. Check and click them again.` });
  }
  if (rmsPx > 1) {
    warnings.push({ code: 'highResidual', message: `RMS reprojection error is ${fmt(rmsPx, 2)} px (good is under 1 px): check the clicks with the largest residuals, the lens distortion, or the fine warp (clicks must be unwarped pixels).` });
  }
  if (unusable > 0) {
    warnings.push({ code: 'illConditioned', message: `${unusable} point${unusable === 1 ? '' : 's'} had no valid world or pixel position and ${unusable === 1 ? 'was' : 'were'} ignored.` });
  }
  let sx = 0;
  let sy = 0;
  const mx = inIdx.reduce((s, i) => s + pixels[i]![0], 0) / inIdx.length;
  const my = inIdx.reduce((s, i) => s + pixels[i]![1], 0) / inIdx.length;
  for (const i of inIdx) {
    sx += (pixels[i]![0] - mx) ** 2;
    sy += (pixels[i]![1] - my) ** 2;
  }
  if (Math.sqrt(sx / inIdx.length) < 0.08 * W || Math.sqrt(sy / inIdx.length) < 0.08 * H) {
    warnings.push({ code: 'illConditioned', message: `The points are bunched in a small part of the image: the pose will be wrong away from them. Click landmarks near every edge of the image.` });
  }
  if (!finite || behind) {
    return failed({ code: 'illConditioned', message: 'No sensible pose fits these points (the solution puts some behind the lens): check that each click matches its landmark.' });
  }

  const byUsable = new Map(usableIdx.map((orig, k) => [orig, k]));
  const residuals: PoseResidual[] = pairs.map((p, i) => {
    const k = byUsable.get(i);
    const idPart = p.id !== undefined ? { id: p.id } : {};
    if (k === undefined) return { ...idPart, dxPx: 0, dyPx: 0, px: 0, outlier: true };
    const e = errs[k]!;
    return { ...idPart, dxPx: e.dx, dyPx: e.dy, px: e.e, outlier: !inlier[k] };
  });
  return {
    ok: true,
    pose: { positionM: [cam.C[0], cam.C[1], cam.C[2]], ...anglesFromRotation(cam.R, options.initial?.pose) },
    lens: { focalPx: cam.f, cx: cam.cx, cy: cam.cy },
    residuals,
    rmsPx,
    warnings,
  };
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
