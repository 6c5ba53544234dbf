/**
 * Suite `calibration`: the calibration tools against the truth they are meant to recover. Each
 * part adds its own function here and to `benchCalibration` (one suite, one list of metrics).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SeededRandom } from '../calibration/math/prng.ts';
import { spdInverse } from '../calibration/math/matrix.ts';
import { cameraFromConfig } from '../calibration/pose/cameraParams.ts';
import { gridReprojectionRmsPx, gridWallPairs, spreadSubset, visibleLandmarkPairs, withClickNoise } from '../tests/support/poseTestSupport.ts';
import { refineCamera, type FreeParams } from '../calibration/pose/refineCamera.ts';
import { applyPose, solvePose, type PointPair, type PoseSolveOptions } from '../calibration/pose/solvePose.ts';
import { ProfileSchema, type Profile, type ProjectorConfig } from '../engine/core/profile/profileSchema.ts';
import { median } from './stats.ts';

/** A shipped installation profile, validated. */
export function shippedProfile(name: string): Profile {
  return ProfileSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../calibration/profiles', `${name}.json`), 'utf8')));
}

/**
 * Pose from points: 8 landmarks of dien-bien-phu's P08 (spread over its image as a technician picks
 * them), 1 px Gaussian click noise per axis (seeded), 100 trials. Each solve starts from the profile
 * bumped by 1° yaw, 0.5° pitch and 5 cm (a projector that moved); its error is the RMS reprojection
 * of the SOLVED projector against the TRUE one over a 17 × 17 grid of wall points in the image, not
 * against the noisy clicks. Medians over the trials:
 * - `calibration.poseRmsPx`: the solver's defaults (focal length solved where the points fix it);
 * - `calibration.poseRmsFixedFocalPx`: focal fixed from the profile (a technician with a known lens);
 * - `calibration.poseRmsNoInitialPx`: no starting pose at all (DLT start, focal solved);
 * - `calibration.poseSolveMs`: wall time of one default solve.
 */
export function benchCalibrationPose(): Record<string, number> {
  const profile = shippedProfile('dien-bien-phu');
  const id = 'P08';
  const truth = profile.projectors.find((p) => p.id === id)!;
  const landmarks = spreadSubset(visibleLandmarkPairs(profile, id), 8);
  if (landmarks.length !== 8) throw new Error(`calibration bench: ${id} of dien-bien-phu shows ${landmarks.length} landmarks, 8 needed`);
  const start: ProjectorConfig = {
    ...truth,
    pose: { ...truth.pose, yawDeg: truth.pose.yawDeg + 1, pitchDeg: truth.pose.pitchDeg + 0.5, positionM: [truth.pose.positionM[0] + 0.05, truth.pose.positionM[1], truth.pose.positionM[2] - 0.05] },
  };
  const size = { width: truth.resolution.width, height: truth.resolution.height };
  const variants: Record<string, PoseSolveOptions> = {
    poseRmsPx: { ...size, initial: start },
    poseRmsFixedFocalPx: { ...size, initial: start, solveFocal: false },
    poseRmsNoInitialPx: { ...size },
  };
  const rng = new SeededRandom(1954);
  const trials = Array.from({ length: 100 }, () => withClickNoise(landmarks, 1, rng));
  // Warm-up: the first solves pay for the JIT.
  for (const t of trials.slice(0, 5)) solvePose(t, variants.poseRmsPx!);
  const out: Record<string, number> = {};
  const ms: number[] = [];
  for (const [name, options] of Object.entries(variants)) {
    const errs: number[] = [];
    let failed = 0;
    for (const clicks of trials) {
      const t0 = process.hrtime.bigint();
      const s = solvePose(clicks, options);
      if (name === 'poseRmsPx') ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!s.ok) failed++;
      errs.push(s.ok ? gridReprojectionRmsPx(profile, truth, applyPose(truth, s)) : Infinity);
    }
    out[`calibration.${name}`] = round3(median(errs));
    if (failed > 0) process.stderr.write(`calibration bench: ${name}: ${failed} of ${trials.length} solves failed\n`);
  }
  out['calibration.poseSolveMs'] = round3(median(ms));
  // The best any unbiased solver can do with these clicks (Cramér–Rao): E|grid error|² = tr(Σ GᵀG)/N,
  // Σ = (JᵀJ)⁻¹ from the landmarks at 1 px per axis, GᵀG the same normal matrix over the grid points.
  out['calibration.poseRmsFixedFocalBoundPx'] = round3(reprojectionBoundPx(truth, landmarks, gridWallPairs(profile, truth), { focal: false, shift: false }));
  out['calibration.poseRmsFreeFocalBoundPx'] = round3(reprojectionBoundPx(truth, landmarks, gridWallPairs(profile, truth), { focal: true, shift: false }));
  return out;
}

/** The Cramér–Rao RMS reprojection error over `grid` of a pose solved from `clicks` with 1 px noise per axis. */
function reprojectionBoundPx(truth: ProjectorConfig, clicks: readonly PointPair[], grid: readonly PointPair[], free: FreeParams): number {
  const cam = cameraFromConfig(truth);
  const normalOf = (pairs: readonly PointPair[]) =>
    refineCamera(cam, pairs.map((p) => p.world), pairs.map((p) => p.pixel), pairs.map(() => 1), free, 0).normal;
  const cov = spdInverse(normalOf(clicks));
  if (cov === null) return Infinity;
  const g = normalOf(grid);
  let trace = 0;
  for (let i = 0; i < g.rows; i++) for (let k = 0; k < g.rows; k++) trace += cov.data[i * g.rows + k]! * g.data[k * g.rows + i]!;
  return Math.sqrt(trace / grid.length);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Structured light (calibration/structured): dien-bien-phu's P03 bumped by 1° yaw and 0.5° pitch in the
 * true hall, photographed by the simulated platform camera (1280 px on its long side, the realistic
 * defaults: σ 0.8 px blur, 2/255 read noise, shot noise, 3 % ambient, 8 % inter-reflection, k1 −0.05).
 * - `calibration.grayCodeMedianErrPx` / `…P95ErrPx`: decoded sub-pixel correspondences against the
 *   truth (the true projector pixel lighting the wall point each correspondence's camera position sees,
 *   against the decoded cell centre), projector px;
 * - `calibration.recalibrateBeforePx` / `calibration.recalibrateResidualPx`: max misregistration by
 *   measureHall against the truth before and after recalibrateHall of P03, painting px;
 * - `calibration.recalibrateS`: wall time of P03's recalibration (capture simulation of 50 frames,
 *   decoding, pose, warp), seconds; `calibration.recalibratePoseErrDeg`: largest angle error left.
 */
export async function benchCalibrationStructured(): Promise<Record<string, number>> {
  const { SimulatedCamera, aimCameraAt } = await import('../calibration/structured/SimulatedCamera.ts');
  const { measureProjector, recalibrateHall } = await import('../calibration/structured/recalibrate.ts');
  const profile = shippedProfile('dien-bien-phu');
  const id = 'P03';
  const truth: Profile = { ...profile, projectors: profile.projectors.map((p) => (p.id === id ? { ...p, pose: { ...p.pose, yawDeg: p.pose.yawDeg + 1, pitchDeg: p.pose.pitchDeg + 0.5 } } : p)) };
  const camera = aimCameraAt(profile, id);
  const sim = new SimulatedCamera(camera, truth, { seed: 1954 });
  const { measured } = await measureProjector(sim.capturer(id), profile, id, camera);
  const errs = measured.flatMap((m) => {
    const t = sim.trueProjectorPixel(id, m.cameraPx[0], m.cameraPx[1]);
    return t === null ? [] : [Math.hypot(t[0] - m.projectorPx[0], t[1] - m.projectorPx[1])];
  });
  errs.sort((a, b) => a - b);
  const t0 = process.hrtime.bigint();
  let seconds = NaN;
  const result = await recalibrateHall(() => new SimulatedCamera(camera, truth, { seed: 1955 }).capturer(id), profile, () => camera, {
    projectorIds: [id],
    truth,
    onProjector: () => (seconds = Number(process.hrtime.bigint() - t0) / 1e9),
  });
  const solved = result.profile.projectors.find((p) => p.id === id)!.pose;
  const truePose = truth.projectors.find((p) => p.id === id)!.pose;
  return {
    'calibration.grayCodeMedianErrPx': round3(errs[errs.length >> 1]!),
    'calibration.grayCodeP95ErrPx': round3(errs[Math.floor(errs.length * 0.95)]!),
    'calibration.grayCodeCorrespondences': errs.length,
    'calibration.recalibrateBeforePx': round3(result.truthBefore!.misregistrationPx.max),
    'calibration.recalibrateResidualPx': round3(result.truthAfter!.misregistrationPx.max),
    'calibration.recalibratePoseErrDeg': Math.round(Math.max(Math.abs(solved.yawDeg - truePose.yawDeg), Math.abs(solved.pitchDeg - truePose.pitchDeg), Math.abs(solved.rollDeg - truePose.rollDeg)) * 1e4) / 1e4,
    'calibration.recalibrateS': Math.round(seconds * 10) / 10,
  };
}

/** Every calibration metric (the parts add theirs here). */
export async function benchCalibration(): Promise<Record<string, number>> {
  return { ...benchCalibrationPose(), ...(await benchCalibrationStructured()) };
}
