import { describe, expect, it } from 'vitest';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { measureHall } from '../../engine/core/blend/hallMetrics.ts';
import { shippedProfile } from '../../tests/support/shippedDocuments.ts';
import { recalibrateHall, recalibrateProjector, solveCameraPose } from './recalibrate.ts';
import { aimCameraAt, SimulatedCamera } from './SimulatedCamera.ts';
import { contentErrorVsTruth } from './truthError.ts';

/** The profile with one projector's config changed: the "true" hall after a bump. */
function withProjector(profile: Profile, id: string, change: (p: ProjectorConfig) => ProjectorConfig): Profile {
  return { ...profile, projectors: profile.projectors.map((p) => (p.id === id ? change(p) : p)) };
}

const bump = (p: ProjectorConfig): ProjectorConfig => ({ ...p, pose: { ...p.pose, yawDeg: p.pose.yawDeg + 1, pitchDeg: p.pose.pitchDeg + 0.5 } });

/** Misregistration by measureHall (blend on a coarse grid: it only weighs the light, not where content lands). */
function hallMax(calibrated: Profile, truth: Profile): number {
  const inst = new Installation(calibrated);
  return measureHall(inst, computeBlend(inst, { stepPx: 64 }), new Installation(truth)).misregistrationPx.max;
}

async function recalibrateBumped(name: string, id: string, cameraLongSidePx: number) {
  const calibrated = shippedProfile(name);
  const truth = withProjector(calibrated, id, bump);
  const camera = aimCameraAt(calibrated, id, { longSidePx: cameraLongSidePx });
  const sim = new SimulatedCamera(camera, truth, { seed: 11 });
  const r = await recalibrateProjector(sim.capturer(id), calibrated, id, camera);
  const fixed = withProjector(calibrated, id, () => r.config);
  return { calibrated, truth, fixed, r, truePose: truth.projectors.find((p) => p.id === id)!.pose };
}

/** Yaw, pitch and roll of a solved pose each within `tolDeg` of the truth. */
function expectAnglesWithin(pose: { yawDeg: number; pitchDeg: number; rollDeg: number }, truth: { yawDeg: number; pitchDeg: number; rollDeg: number }, tolDeg: number): void {
  for (const k of ['yawDeg', 'pitchDeg', 'rollDeg'] as const) expect(Math.abs(pose[k] - truth[k]), k).toBeLessThan(tolDeg);
}

describe('recalibrateProjector from simulated Gray-code captures', () => {
  it('recovers a bumped preview-3 projector (1° yaw, 0.5° pitch)', async () => {
    const { calibrated, truth, fixed, r, truePose } = await recalibrateBumped('preview-3', 'P02', 560);
    expectAnglesWithin(r.config.pose, truePose, 0.02);
    expect(hallMax(calibrated, truth)).toBeGreaterThan(50);
    expect(hallMax(fixed, truth)).toBeLessThan(1);
    expect(r.report.applied).toBe(true);
    expect(r.report.warnings).toEqual([]);
    expect(r.report.decodedFraction).toBeGreaterThan(0.98);
    expect(r.report.correspondences).toBeGreaterThan(1000);
    expect(r.report.measuredShiftBeforePx).toBeGreaterThan(20);
    expect(r.report.measuredShiftAfterPx).toBeLessThan(0.3);
    expect(r.report.poseRmsPx).toBeLessThan(0.6);
    // The warp keeps the profile's grid size (9 × 9 when it has none) and stays a small residual.
    expect(r.config.warp?.cols).toBe(9);
    expect(r.report.warpMaxPx).toBeLessThan(1);
  });

  it('recovers a bumped dien-bien-phu projector (portrait, 4K, 21 m cylinder)', async () => {
    const { calibrated, truth, fixed, r, truePose } = await recalibrateBumped('dien-bien-phu', 'P03', 640);
    expectAnglesWithin(r.config.pose, truePose, 0.02);
    expect(hallMax(calibrated, truth)).toBeGreaterThan(100);
    expect(hallMax(fixed, truth)).toBeLessThan(1);
  });

  it('fits a residual warp that undoes a true fine warp of the optics', async () => {
    const calibrated = shippedProfile('preview-3');
    const id = 'P02';
    const cols = 7;
    const rows = 5;
    const offsetsPx: [number, number][] = [];
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) offsetsPx.push([2.5 * Math.sin((Math.PI * i) / (cols - 1)) * Math.cos((Math.PI * j) / (rows - 1)), -2 * Math.sin((Math.PI * j) / (rows - 1))]);
    const truth = withProjector(calibrated, id, (p) => ({ ...p, warp: { cols, rows, offsetsPx } }));
    const camera = aimCameraAt(calibrated, id, { longSidePx: 560 });
    const sim = new SimulatedCamera(camera, truth, { seed: 5 });
    const before = contentErrorVsTruth(calibrated, truth, id);
    const withWarp = await recalibrateProjector(sim.capturer(id), calibrated, id, camera);
    const after = contentErrorVsTruth(withProjector(calibrated, id, () => withWarp.config), truth, id);
    const { warp: _warp, ...poseOnly } = withWarp.config;
    const afterPoseOnly = contentErrorVsTruth(withProjector(calibrated, id, () => poseOnly), truth, id);
    expect(before.max).toBeGreaterThan(5);
    // A pose cannot absorb a warp; the residual grid does.
    expect(afterPoseOnly.max).toBeGreaterThan(2);
    expect(after.max).toBeLessThan(1);
    expect(after.median).toBeLessThan(0.3);
    expect(withWarp.report.warpMaxPx).toBeGreaterThan(1);
  });
});

describe('solveCameraPose', () => {
  it('finds a re-mounted camera from a projector that did not move, so a bumped one can be fixed', async () => {
    const calibrated = shippedProfile('preview-3');
    const truth = withProjector(calibrated, 'P03', bump);
    // The camera really looks at P03 with room to spare (it sees part of P02 too); the technician's
    // idea of its pose is 0.5° and 3 cm off.
    const real = aimCameraAt(calibrated, 'P03', { longSidePx: 480, margin: 0.3 });
    const guess: ProjectorConfig = { ...real, pose: { ...real.pose, yawDeg: real.pose.yawDeg + 0.5, pitchDeg: real.pose.pitchDeg - 0.3, positionM: [0.03, 1.57, 0.02] } };
    const sim = new SimulatedCamera(real, truth, { seed: 9 });
    const solved = await solveCameraPose(sim.capturer('P02'), calibrated, 'P02', guess);
    expect(solved.correspondences).toBeGreaterThan(200);
    expect(Math.abs(solved.camera.pose.yawDeg - real.pose.yawDeg)).toBeLessThan(0.05);
    expect(Math.abs(solved.camera.pose.pitchDeg - real.pose.pitchDeg)).toBeLessThan(0.05);
    const withGuess = await recalibrateProjector(sim.capturer('P03'), calibrated, 'P03', guess);
    const withSolved = await recalibrateProjector(sim.capturer('P03'), calibrated, 'P03', solved.camera);
    expect(hallMax(withProjector(calibrated, 'P03', () => withGuess.config), truth)).toBeGreaterThan(5);
    expect(hallMax(withProjector(calibrated, 'P03', () => withSolved.config), truth)).toBeLessThan(1);
  });
});

describe('recalibrateHall', () => {
  it('changes nothing measurable on a hall that has not moved', async () => {
    const profile = shippedProfile('preview-3');
    const result = await recalibrateHall(
      (id, camera) => new SimulatedCamera(camera, profile, { seed: 2 }).capturer(id),
      profile,
      (id) => aimCameraAt(profile, id, { longSidePx: 400 }),
      { truth: profile },
    );
    expect(result.projectors.map((p) => p.projectorId)).toEqual(['P01', 'P02', 'P03']);
    for (const p of result.projectors) {
      // A 400-px camera: the pose moves within its noise (yaw and position trade off), the content does not.
      expect(Math.abs(p.poseChange.yawDeg)).toBeLessThan(0.05);
      expect(Math.abs(p.poseChange.pitchDeg)).toBeLessThan(0.05);
      expect(p.measuredShiftBeforePx).toBeLessThan(0.75); // the camera's noise: 3.5 projector px per camera px
      // Within the noise, so the calibration is kept as it was.
      expect(p.applied).toBe(false);
    }
    expect(result.profile).toEqual(profile);
    expect(result.truthBefore!.misregistrationPx.max).toBeLessThan(1e-6);
    expect(result.truthAfter!.misregistrationPx.max).toBeLessThan(1);
    // The camera's own view of both blend zones, before and after: both at its noise level.
    expect(result.zones.map((z) => z.zone).sort()).toEqual(['P01|P02', 'P02|P03']);
    for (const z of result.zones) {
      expect(z.measuredOn).toBe('both');
      expect(z.before.median).toBeLessThan(1);
      expect(z.after.median).toBeLessThan(1);
    }
    expect(result.blend.maps).toHaveLength(3);
  });

  it('warns when the camera sees only part of the projector\'s footprint', async () => {
    const profile = shippedProfile('preview-3');
    const aimed = aimCameraAt(profile, 'P02', { longSidePx: 320 });
    const turned = { ...aimed, pose: { ...aimed.pose, yawDeg: aimed.pose.yawDeg + 15 } };
    const r = await recalibrateProjector(new SimulatedCamera(turned, profile).capturer('P02'), profile, 'P02', turned);
    expect(r.report.warnings.join('\n')).toMatch(/^partialView: the camera measured [5-7]\d % of the wall P02 lights: aim it to see the whole footprint/);
  });

  it('says so when the camera does not see the projector at all', async () => {
    const profile = shippedProfile('preview-3');
    const elsewhere = aimCameraAt(profile, 'P01', { longSidePx: 120 });
    await expect(recalibrateProjector(new SimulatedCamera(elsewhere, profile).capturer('P03'), profile, 'P03', elsewhere)).rejects.toThrow(
      /recalibrate P03: only 0 correspondences on the painted wall \(need 50\): is the camera seeing the projector's footprint, and is the projector on\?/,
    );
  });

  it('refuses unknown projector ids, naming them and the profile\'s', async () => {
    const profile = shippedProfile('preview-3');
    await expect(recalibrateHall(() => () => Promise.reject(new Error('not called')), profile, (id) => aimCameraAt(profile, id), { projectorIds: ['P09'] })).rejects.toThrow(/no projector "P09" in profile preview-3 \(projectors: P01, P02, P03\)/);
  });
});
