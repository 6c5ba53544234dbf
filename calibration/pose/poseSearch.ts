/**
 * Finding a camera that explains most of the points, before any point is called an outlier: linear
 * starts (the profile's pose, the DLT, a planar homography) each refined robustly, then, when some
 * points still sit far off, a seeded search over random 6-point subsets (MSAC).
 */
import { SeededRandom } from '../math/prng.ts';
import type { CameraParams } from './cameraParams.ts';
import { dltCamera, homographyCamera } from './linearStart.ts';
import { MIN_POINTS, problemErrors, type PointShape, type PoseProblem } from './poseProblem.ts';
import { refineCamera, type FreeParams } from './refineCamera.ts';

/** A candidate camera and its robust score (lower is better). */
export interface ScoredCamera {
  readonly cam: CameraParams;
  readonly score: number;
}

/** Most random 6-point subsets tried when outliers are suspected (fewer once a good consensus is found). */
const SUBSETS = 100;

/** Iteratively reweighted fit with a Cauchy loss of shrinking scale: outliers fade out of the fit. */
function robustFit(pb: PoseProblem, start: CameraParams, free: FreeParams): ScoredCamera {
  const { world, pixels } = pb;
  let cam = refineCamera(start, world, pixels, world.map(() => 1), free, 30).cam;
  // Every point already close: nothing for the reweighting to push out.
  if (problemErrors(pb, cam).every(({ e }) => e <= 2)) return { cam, score: problemErrors(pb, cam).reduce((s, { e }) => s + Math.log1p((e / 3) ** 2), 0) };
  for (const c of [32, 16, 8, 4, 2]) {
    const w = problemErrors(pb, cam).map(({ e }) => 1 / (1 + (e / c) ** 2));
    cam = refineCamera(cam, world, pixels, w, free, 30).cam;
  }
  const score = problemErrors(pb, cam).reduce((s, { e }) => s + Math.log1p((e / 3) ** 2), 0);
  return { cam, score };
}

/** The DLT's camera from some points, with the problem's principal point, distortion and (fixed) focal length; null when degenerate. */
function dltStart(pb: PoseProblem, world: PoseProblem['world'], pixels: PoseProblem['pixels']): CameraParams | null {
  const d = dltCamera(world, pixels);
  return d === null ? null : { R: d.R, C: d.C, f: pb.fixedFocal ?? d.f, cx: pb.pp.cx, cy: pb.pp.cy, k1: pb.k1, k2: pb.k2 };
}

/** The linear starts the points allow: the DLT off a plane, a homography on or near one (or when the DLT fails). */
function linearStarts(pb: PoseProblem, shape: PointShape): CameraParams[] {
  const linear: CameraParams[] = [];
  if (!shape.planar) {
    const d = dltStart(pb, pb.world, pb.pixels);
    if (d !== null) linear.push(d);
  }
  if (shape.nearPlanar || linear.length === 0) {
    const hc = homographyCamera(pb.world, pb.pixels, shape.plane, pb.pp.cx, pb.pp.cy, pb.fixedFocal ?? pb.width, pb.solveFocal || pb.fixedFocal === undefined);
    if (hc !== null) linear.push({ ...hc, f: pb.fixedFocal ?? hc.f, k1: pb.k1, k2: pb.k2 });
  }
  return linear;
}

/**
 * The best robustly refined start: the profile's pose first (when it already explains every point the
 * linear starts are not needed), else the best of it and the linear starts; null when none exists.
 */
export function bestStart(pb: PoseProblem, shape: PointShape): ScoredCamera | null {
  const allClose = (c: CameraParams) => problemErrors(pb, c).every(({ e }) => e <= Math.min(pb.consensusPx, 2));
  let best = pb.init ? robustFit(pb, { ...pb.init, cx: pb.pp.cx, cy: pb.pp.cy, k1: pb.k1, k2: pb.k2 }, pb.poseOnly) : null;
  if (best !== null && allClose(best.cam)) return best;
  for (const s of linearStarts(pb, shape)) {
    const r = robustFit(pb, s, pb.poseOnly);
    if (best === null || r.score < best.score) best = r;
  }
  return best;
}

/** MSAC score: Σ min(e², T²) over every point, T the consensus distance. */
function msacScore(pb: PoseProblem, c: CameraParams): number {
  return problemErrors(pb, c).reduce((sum, { e }) => sum + Math.min(e * e, pb.consensusPx * pb.consensusPx), 0);
}

/**
 * Subsets needed for one to be outlier-free with 99.9 % probability at camera c's consensus, at most
 * SUBSETS (0 when every point agrees).
 */
function subsetsNeeded(pb: PoseProblem, c: CameraParams): number {
  const clean = (problemErrors(pb, c).filter(({ e }) => e <= pb.consensusPx).length / pb.world.length) ** MIN_POINTS;
  return clean >= 1 ? 0 : Math.min(SUBSETS, Math.ceil(Math.log(1e-3) / Math.log(1 - clean)));
}

/**
 * One subset's hypothesis: the robust fit refined on the subset alone, and (points off a plane, no
 * profile pose) the subset's own DLT refined likewise, which no outlier spoils; the better by MSAC.
 */
function subsetHypothesis(pb: PoseProblem, shape: PointShape, from: CameraParams, picked: readonly number[]): ScoredCamera {
  const { world, pixels } = pb;
  const subset = new Set(picked);
  const w = world.map((_, i) => (subset.has(i) ? 1 : 0));
  let hyp = refineCamera(from, world, pixels, w, pb.poseOnly, 30).cam;
  let score = msacScore(pb, hyp);
  const d = shape.planar || pb.init !== null ? null : dltStart(pb, picked.map((i) => world[i]!), picked.map((i) => pixels[i]!));
  if (d !== null) {
    const h2 = refineCamera(d, world, pixels, w, pb.poseOnly, 30).cam;
    const s2 = msacScore(pb, h2);
    if (s2 < score) {
      hyp = h2;
      score = s2;
    }
  }
  return { cam: hyp, score };
}

/**
 * When some points sit far off, the reweighting may have settled with them half-fitted: seeded
 * random subsets of 6 points are tried (MSAC), a better hypothesis refitted on its consensus set.
 * Returns `best` unchanged when every point already agrees (or there are only 6).
 */
export function consensusSearch(pb: PoseProblem, shape: PointShape, best: ScoredCamera): ScoredCamera {
  const { world, pixels, consensusPx } = pb;
  if (!(world.length > MIN_POINTS && problemErrors(pb, best.cam).some(({ e }) => e > consensusPx))) return best;
  let bestCam = best.cam;
  let bestScore = msacScore(pb, bestCam);
  const rng = new SeededRandom(0x5eed + world.length);
  // Adaptive count, re-estimated at each better consensus.
  let needed = subsetsNeeded(pb, bestCam);
  for (let k = 0; k < needed; k++) {
    const { cam: hyp, score } = subsetHypothesis(pb, shape, best.cam, rng.sample(world.length, MIN_POINTS));
    if (score < bestScore) {
      // Refit on the hypothesis's consensus set before keeping it.
      const cons = problemErrors(pb, hyp).map(({ e }) => (e <= consensusPx ? 1 : 0));
      const refit = cons.reduce((a: number, b) => a + b, 0) >= MIN_POINTS ? refineCamera(hyp, world, pixels, cons, pb.poseOnly).cam : hyp;
      const refitScore = msacScore(pb, refit);
      bestCam = refitScore < score ? refit : hyp;
      bestScore = Math.min(score, refitScore);
      needed = subsetsNeeded(pb, bestCam);
    }
  }
  return { cam: bestCam, score: bestScore };
}
