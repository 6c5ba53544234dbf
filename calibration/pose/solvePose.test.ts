import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import { ProfileSchema, type Profile, type ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { SeededRandom } from '../math/prng.ts';
import { anglesFromRotation, cameraFromConfig, projectPoint, rotationFromAngles } from './cameraParams.ts';
import { gridReprojectionRmsPx, spreadSubset, visibleLandmarkPairs, withClickNoise } from '../../tests/support/poseTestSupport.ts';
import { applyPose, solvePose, type PointPair, type PoseSolution } from './solvePose.ts';

const load = (name: string): Profile => ProfileSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../profiles', `${name}.json`), 'utf8')));
const DBP = load('dien-bien-phu');
const PREVIEW = load('preview-3');
const cfgOf = (p: Profile, id: string): ProjectorConfig => p.projectors.find((x) => x.id === id)!;
const angleDiff = (a: number, b: number): number => Math.abs(((((a - b) % 360) + 540) % 360) - 180);
const withProjector = (p: Profile, cfg: ProjectorConfig): Profile => ({ ...p, projectors: p.projectors.map((x) => (x.id === cfg.id ? cfg : x)) });
const bumped = (cfg: ProjectorConfig, dYaw: number, dPitch: number, dPos: number): ProjectorConfig => ({
  ...cfg,
  pose: { ...cfg.pose, yawDeg: cfg.pose.yawDeg + dYaw, pitchDeg: cfg.pose.pitchDeg + dPitch, positionM: [cfg.pose.positionM[0] + dPos, cfg.pose.positionM[1] - dPos, cfg.pose.positionM[2] + dPos] },
});

function expectPose(s: PoseSolution, truth: ProjectorConfig, posM: number, angDeg: number): void {
  expect(s.ok).toBe(true);
  s.pose.positionM.forEach((x, k) => expect(Math.abs(x - truth.pose.positionM[k]!)).toBeLessThan(posM));
  expect(angleDiff(s.pose.yawDeg, truth.pose.yawDeg)).toBeLessThan(angDeg);
  expect(Math.abs(s.pose.pitchDeg - truth.pose.pitchDeg)).toBeLessThan(angDeg);
  expect(angleDiff(s.pose.rollDeg, truth.pose.rollDeg)).toBeLessThan(angDeg);
}

describe('camera parameters', () => {
  it('yaw/pitch/roll ↔ rotation follows cameraAxes, and projection matches ProjectorModel (distortion, shift, ceiling mount)', () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const a = { yawDeg: rng.next() * 360 - 180, pitchDeg: rng.next() * 170 - 85, rollDeg: rng.next() * 360 - 180 };
      const b = anglesFromRotation(rotationFromAngles(a));
      expect(angleDiff(b.yawDeg, a.yawDeg)).toBeLessThan(1e-9);
      expect(Math.abs(b.pitchDeg - a.pitchDeg)).toBeLessThan(1e-9);
      expect(angleDiff(b.rollDeg, a.rollDeg)).toBeLessThan(1e-9);
    }
    // Unwrapped toward the given angles: 330° stays 330°, not −30°.
    expect(anglesFromRotation(rotationFromAngles({ yawDeg: 330, pitchDeg: 0, rollDeg: 90 }), { yawDeg: 331, rollDeg: 90 }).yawDeg).toBeCloseTo(330, 9);
    const cfg: ProjectorConfig = { ...cfgOf(PREVIEW, 'P02'), mount: 'ceiling', lens: { focalPx: 1400, shiftX: 0.05, shiftY: -0.1, shiftConvention: 'halfImage', k1: -0.08, k2: 0.01 } };
    const model = new ProjectorModel(cfg);
    const cam = cameraFromConfig(cfg);
    for (let i = 0; i < 50; i++) {
      const P = [4, rng.next() * 3, rng.next() * 4 - 2] as const;
      const a = model.worldToUnwarpedPixel(P)!;
      const b = projectPoint(cam, P)!;
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-9);
    }
  });
});

describe('solvePose from exact points', () => {
  const cases: [Profile, string][] = [[DBP, 'P02'], [DBP, 'P06'], [DBP, 'P08'], [DBP, 'P12'], [PREVIEW, 'P01'], [PREVIEW, 'P02'], [PREVIEW, 'P03']];
  for (const [profile, id] of cases) {
    it(`recovers ${profile.id} ${id} from its landmarks, with and without a starting pose`, () => {
      const truth = cfgOf(profile, id);
      const pairs = visibleLandmarkPairs(profile, id);
      expect(pairs.length).toBeGreaterThanOrEqual(6);
      const W = truth.resolution.width;
      const H = truth.resolution.height;
      const f = new ProjectorModel(truth).f;
      // From nothing (linear start, focal free), and from the profile bumped 3° / 0.3 m (focal fixed).
      const free = solvePose(pairs, { width: W, height: H });
      const fromBumped = solvePose(pairs, { width: W, height: H, initial: bumped(truth, 3, -2, 0.3), solveFocal: false });
      for (const s of [free, fromBumped]) {
        expectPose(s, truth, 1e-6, 1e-6);
        expect(Math.abs(s.lens.focalPx - f) / f).toBeLessThan(1e-8);
        expect(s.rmsPx).toBeLessThan(1e-6);
        expect(s.residuals.every((r) => !r.outlier && r.px < 1e-6)).toBe(true);
        expect(s.warnings.filter((w) => w.code !== 'illConditioned')).toEqual([]);
      }
    });
  }

  it('solves with the fixed lens distortion applied in projection', () => {
    const truth: ProjectorConfig = { ...cfgOf(PREVIEW, 'P02'), lens: { ...cfgOf(PREVIEW, 'P02').lens, k1: -0.06, k2: 0.02 } };
    const profile = withProjector(PREVIEW, truth);
    const pairs = visibleLandmarkPairs(profile, 'P02');
    const s = solvePose(pairs, { width: 1280, height: 800, k1: -0.06, k2: 0.02 });
    expectPose(s, truth, 1e-6, 1e-6);
    expect(s.rmsPx).toBeLessThan(1e-6);
  });

  it('solves focal length and lens shift when asked', () => {
    const base = cfgOf(PREVIEW, 'P02');
    const truth: ProjectorConfig = { ...base, lens: { focalPx: 1250, shiftX: -0.05, shiftY: 0.1, shiftConvention: 'fullImage', k1: 0, k2: 0 } };
    const profile = withProjector(PREVIEW, truth);
    const pairs = visibleLandmarkPairs(profile, 'P02');
    const s = solvePose(pairs, { width: 1280, height: 800, initial: base, solveShift: true });
    expectPose(s, truth, 1e-6, 1e-6);
    expect(s.lens.focalPx).toBeCloseTo(1250, 5);
    const m = new ProjectorModel(truth);
    expect(s.lens.cx).toBeCloseTo(m.cx, 5);
    expect(s.lens.cy).toBeCloseTo(m.cy, 5);
    const applied = applyPose(base, s);
    expect(applied.lens.focalPx).toBeCloseTo(1250, 5);
    expect(applied.lens.shiftX).toBeCloseTo(-0.05, 8);
    expect(applied.lens.shiftY).toBeCloseTo(0.1, 8);
    expect(applied.lens.throwRatio).toBeUndefined();
    // Without solveShift the principal point stays where the initial profile has it (the centre).
    const fixed = solvePose(pairs, { width: 1280, height: 800, initial: base });
    expect(fixed.lens.cx).toBe(640);
    expect(fixed.lens.cy).toBe(400);
    expect(fixed.rmsPx).toBeGreaterThan(1);
  });

  it('applyPose writes the lens as the profile did (throw ratio, shift convention) where the solve left it alone', () => {
    const base: ProjectorConfig = { ...cfgOf(PREVIEW, 'P02'), lens: { throwRatio: 1.03, shiftY: 0.04, shiftConvention: 'halfImage' } };
    const truth: ProjectorConfig = { ...base, pose: { ...base.pose, yawDeg: base.pose.yawDeg + 0.8, pitchDeg: base.pose.pitchDeg - 0.3 } };
    const s = solvePose(visibleLandmarkPairs(withProjector(PREVIEW, truth), 'P02'), { width: 1280, height: 800, initial: base, solveFocal: false });
    const applied = applyPose(base, s);
    expect(applied.lens).toEqual(base.lens);
    expect(applied.pose.yawDeg).toBeCloseTo(truth.pose.yawDeg, 6);
    // A solved shift stays in the profile's convention.
    const shifted = applyPose(base, { ...s, lens: { ...s.lens, cy: s.lens.cy + 8 } });
    expect(shifted.lens.shiftConvention).toBe('halfImage');
    expect(new ProjectorModel(shifted).cy).toBeCloseTo(s.lens.cy + 8, 9);
    expect(shifted.lens.throwRatio).toBe(1.03);
  });
});

describe('solvePose with click noise and mistakes', () => {
  it('1 px click noise: RMS near the noise level, the pose reprojects the wall within a pixel', () => {
    const rng = new SeededRandom(1954);
    for (const [profile, id] of [[DBP, 'P06'], [DBP, 'P09'], [PREVIEW, 'P02']] as const) {
      const truth = cfgOf(profile, id);
      const pairs = withClickNoise(visibleLandmarkPairs(profile, id), 1, rng);
      const s = solvePose(pairs, { width: truth.resolution.width, height: truth.resolution.height, initial: bumped(truth, 1, 0.5, 0.1) });
      expect(s.ok).toBe(true);
      // 2-D error of σ = 1 px per axis is √2 px RMS; the fit absorbs a little of it.
      expect(s.rmsPx).toBeGreaterThan(0.6);
      expect(s.rmsPx).toBeLessThan(1.5);
      expect(s.residuals.filter((r) => r.outlier)).toEqual([]);
      expectPose(s, truth, 0.5, 0.3);
      expect(gridReprojectionRmsPx(profile, truth, applyPose(truth, s))).toBeLessThan(1);
    }
  });

  it('finds two mis-clicked points of ten (30–40 px off), flags them and solves from the rest', () => {
    const rng = new SeededRandom(7);
    for (const [profile, id] of [[PREVIEW, 'P02'], [DBP, 'P08']] as const) {
      const truth = cfgOf(profile, id);
      const exact = spreadSubset(visibleLandmarkPairs(profile, id), 10);
      expect(exact.length).toBe(10);
      const pairs = withClickNoise(exact, 0.5, rng).map((p, i) =>
        i === 2 ? { ...p, pixel: [p.pixel[0] + 30, p.pixel[1] - 12] as const } : i === 7 ? { ...p, pixel: [p.pixel[0] - 25, p.pixel[1] + 28] as const } : p,
      );
      for (const initial of [undefined, bumped(truth, 2, 1, 0.2)]) {
        const s = solvePose(pairs, { width: truth.resolution.width, height: truth.resolution.height, ...(initial ? { initial } : {}), solveFocal: initial === undefined });
        expect(s.residuals.map((r, i) => (r.outlier ? i : -1)).filter((i) => i >= 0)).toEqual([2, 7]);
        expect(s.residuals[2]!.px).toBeGreaterThan(20);
        const w = s.warnings.find((x) => x.code === 'outliers');
        expect(w?.message).toContain(exact[2]!.id!);
        expect(w?.message).toContain(exact[7]!.id!);
        expect(s.rmsPx).toBeLessThan(1);
        expect(gridReprojectionRmsPx(profile, truth, applyPose(truth, s))).toBeLessThan(1.5);
      }
    }
  });

  it('random mis-clicks (2 of 10, 30–60 px in any direction) on several projectors: exactly those flagged, the wall still within 3 px', () => {
    const rng = new SeededRandom(99);
    for (const [profile, ids] of [[DBP, ['P02', 'P05', 'P09', 'P12']], [PREVIEW, ['P01', 'P03']]] as const) {
      for (const id of ids) {
        const truth = cfgOf(profile, id);
        for (let t = 0; t < 3; t++) {
          const wrong = rng.sample(10, 2).sort((a, b) => a - b);
          const pairs = withClickNoise(spreadSubset(visibleLandmarkPairs(profile, id), 10), 1, rng).map((p, i) => {
            if (!wrong.includes(i)) return p;
            const a = rng.next() * 2 * Math.PI;
            const r = 30 + rng.next() * 30;
            return { ...p, pixel: [p.pixel[0] + r * Math.cos(a), p.pixel[1] + r * Math.sin(a)] as const };
          });
          const s = solvePose(pairs, { width: truth.resolution.width, height: truth.resolution.height, initial: bumped(truth, 2, 0, 0) });
          expect(s.residuals.map((r, i) => (r.outlier ? i : -1)).filter((i) => i >= 0), `${profile.id} ${id} trial ${t}`).toEqual(wrong);
          expect(gridReprojectionRmsPx(profile, truth, applyPose(truth, s))).toBeLessThan(3);
        }
      }
    }
  });

  it('refuses fewer than 6 points with a message the technician can act on', () => {
    const truth = cfgOf(PREVIEW, 'P01');
    const pairs = visibleLandmarkPairs(PREVIEW, 'P01').slice(0, 4);
    const s = solvePose(pairs, { width: 1280, height: 800, initial: truth });
    expect(s.ok).toBe(false);
    expect(s.warnings.map((w) => w.code)).toEqual(['tooFewPoints']);
    expect(s.warnings[0]!.message).toMatch(/Only 4 usable points: click at least 6 landmarks/);
    expect(s.residuals).toHaveLength(4);
    // The profile's pose is returned untouched, and applyPose leaves the projector alone.
    expect(s.pose.positionM).toEqual(truth.pose.positionM);
    expect(applyPose(truth, s)).toBe(truth);
    // A NaN click does not count as a point.
    const withNaN: PointPair[] = [...visibleLandmarkPairs(PREVIEW, 'P01').slice(0, 5), { world: [1, 1, 1], pixel: [Number.NaN, 3] }];
    expect(solvePose(withNaN, { width: 1280, height: 800 }).warnings[0]!.message).toContain('1 of them had no valid position');
  });
});

describe('coplanar points (a flat wall)', () => {
  const plane: Profile = ProfileSchema.parse({
    schemaVersion: 1,
    id: 'flat',
    hall: { surface: { type: 'plane', originM: [4, 0.5, 5], widthM: 8, heightM: 4, yawDeg: 180 }, eyeM: [0, 1.6, 0] },
    content: { widthPx: 4096, heightPx: 2048 },
    projectors: [{ id: 'P01', resolution: { width: 1920, height: 1080 }, lens: { throwRatio: 1.2 }, pose: { positionM: [0.2, 2.4, -0.5], yawDeg: 91, pitchDeg: -2, rollDeg: 0.5 } }],
  });
  const truth = plane.projectors[0]!;
  const inst = new Installation(plane);
  const p = inst.projector('P01');
  const pairs: PointPair[] = [];
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < 4; i++) {
      const hit = inst.pixelToWall(p, 200 + i * 500, 150 + j * 380)!;
      pairs.push({ id: `q${i}${j}`, world: hit.point, pixel: p.worldToUnwarpedPixel(hit.point)! });
    }
  }

  it('warns that the focal length cannot be fixed, keeps the profile\'s and still recovers the pose', () => {
    const s = solvePose(pairs, { width: 1920, height: 1080, initial: bumped(truth, 2, 1, 0.2) });
    expect(s.warnings.map((w) => w.code)).toContain('coplanar');
    expect(s.warnings.find((w) => w.code === 'coplanar')!.message).toMatch(/lie almost on one plane.*focal length.*kept at the profile's 2304\.0 px/);
    expect(s.lens.focalPx).toBe(1.2 * 1920);
    expectPose(s, truth, 1e-6, 1e-6);
  });

  it('without a profile pose, starts from the homography; a squarely faced wall cannot fix the focal length and says so', () => {
    // The wall faces the lens almost squarely: focal length and distance trade off, so the points fit
    // whatever the focal length. Never silent:
    const s = solvePose(pairs, { width: 1920, height: 1080 });
    expect(s.ok).toBe(true);
    expect(s.rmsPx).toBeLessThan(1e-3);
    expect(s.warnings.find((w) => w.code === 'coplanar')?.message).toMatch(/cannot tell the focal length from the distance, so the solved .* px is uncertain/);
  });

  it('a flat wall seen obliquely fixes the focal length: recovered from the homography alone', () => {
    const oblique: Profile = { ...plane, projectors: [{ ...truth, pose: { positionM: [-3, 2.2, 1], yawDeg: 55, pitchDeg: 4, rollDeg: -2 } }] };
    const o = new Installation(oblique);
    const op = o.projector('P01');
    const pts: PointPair[] = [];
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 4; i++) {
        const hit = o.pixelToWall(op, 200 + i * 500, 150 + j * 380)!;
        pts.push({ world: hit.point, pixel: op.worldToUnwarpedPixel(hit.point)! });
      }
    }
    const s = solvePose(pts, { width: 1920, height: 1080 });
    expectPose(s, oblique.projectors[0]!, 1e-6, 1e-6);
    expect(s.lens.focalPx).toBeCloseTo(1.2 * 1920, 5);
    expect(s.warnings.map((w) => w.code)).not.toContain('coplanar');
  });
});

describe('applyPose', () => {
  it('round trip: the model of the applied config reprojects the points with the solution\'s residuals (floor and ceiling mounts)', () => {
    const rng = new SeededRandom(11);
    for (const mount of ['floor', 'ceiling'] as const) {
      const base = { ...cfgOf(PREVIEW, 'P03'), mount };
      const truth: ProjectorConfig = { ...base, lens: { focalPx: 1300, shiftX: 0.02, shiftY: -0.07, shiftConvention: 'halfImage' } };
      const profile = withProjector(PREVIEW, truth);
      const pairs = withClickNoise(visibleLandmarkPairs(profile, 'P03'), 1, rng);
      const s = solvePose(pairs, { width: 1280, height: 800, initial: base, solveShift: true });
      expect(s.ok).toBe(true);
      const model = new ProjectorModel(applyPose(base, s));
      expect(model.cx).toBeCloseTo(s.lens.cx, 9);
      expect(model.cy).toBeCloseTo(s.lens.cy, 9);
      pairs.forEach((pair, i) => {
        const q = model.worldToUnwarpedPixel(pair.world)!;
        expect(q[0] - pair.pixel[0]).toBeCloseTo(s.residuals[i]!.dxPx, 6);
        expect(q[1] - pair.pixel[1]).toBeCloseTo(s.residuals[i]!.dyPx, 6);
      });
      expect(ProfileSchema.safeParse(withProjector(PREVIEW, applyPose(base, s))).success).toBe(true);
    }
  });
});

describe('shipped landmarks', () => {
  for (const profile of [DBP, PREVIEW]) {
    it(`${profile.id}: every projector sees at least 6 landmarks, spread over the wall's height`, () => {
      expect(profile.hall.landmarks!.length).toBeGreaterThanOrEqual(12);
      for (const cfg of profile.projectors) {
        const pairs = visibleLandmarkPairs(profile, cfg.id);
        expect(pairs.length, cfg.id).toBeGreaterThanOrEqual(6);
        const vs = pairs.map((pr) => profile.hall.landmarks!.find((l) => l.id === pr.id)!.v);
        expect(Math.max(...vs) - Math.min(...vs), cfg.id).toBeGreaterThan(0.3);
        // And they are enough to solve it: the exact landmark clicks give back the profile's pose.
        const s = solvePose(pairs, { width: cfg.resolution.width, height: cfg.resolution.height, initial: bumped(cfg, 2, 1, 0.2), solveFocal: false });
        expectPose(s, cfg, 1e-6, 1e-6);
      }
    });
  }
});
