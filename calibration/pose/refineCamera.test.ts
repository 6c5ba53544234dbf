import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { SeededRandom } from '../math/prng.ts';
import { projectPoint, rotationFromAngles, type CameraParams } from './cameraParams.ts';
import { paramCount, projectionJacobian, refineCamera, stepCamera, type FreeParams } from './refineCamera.ts';

const cam: CameraParams = { R: rotationFromAngles({ yawDeg: 20, pitchDeg: 5, rollDeg: 88 }), C: [0.3, 9, -0.1], f: 3000, cx: 1900, cy: 1000, k1: -0.07, k2: 0.02 };

describe('refineCamera', () => {
  it('the analytic projection Jacobian matches central differences (rotation, centre, focal, shift, distortion)', () => {
    const free: FreeParams = { focal: true, shift: true };
    const m = paramCount(free);
    const rng = new SeededRandom(2);
    const rows = new Float64Array(2 * m);
    for (let t = 0; t < 20; t++) {
      const P: Vec3 = [20 * Math.cos(0.35 + rng.next() * 0.3 - 0.15), rng.next() * 20, 20 * Math.sin(0.35 + rng.next() * 0.3 - 0.15)];
      expect(projectionJacobian(cam, P, free, rows)).toBe(true);
      for (let k = 0; k < m; k++) {
        const h = k < 3 ? 1e-6 : k < 6 ? 1e-5 : 1e-3;
        const d = new Float64Array(m);
        d[k] = h;
        const a = projectPoint(stepCamera(cam, d, free), P)!;
        d[k] = -h;
        const b = projectPoint(stepCamera(cam, d, free), P)!;
        const scale = Math.max(1, Math.abs(rows[k]!), Math.abs(rows[m + k]!));
        expect(Math.abs((a[0] - b[0]) / (2 * h) - rows[k]!) / scale).toBeLessThan(1e-5);
        expect(Math.abs((a[1] - b[1]) / (2 * h) - rows[m + k]!) / scale).toBeLessThan(1e-5);
      }
    }
    expect(projectionJacobian(cam, [-20, 9, 0], free, rows)).toBe(false);
  });

  it('converges from a 5° / 1 m / 10 % start to the exact camera', () => {
    const rng = new SeededRandom(4);
    const world: Vec3[] = Array.from({ length: 30 }, () => [20 * Math.cos(0.35 + rng.next() * 0.5 - 0.25), rng.next() * 20, 20 * Math.sin(0.35 + rng.next() * 0.5 - 0.25)]);
    const pixels = world.map((w) => projectPoint(cam, w)!);
    const start: CameraParams = { ...cam, R: rotationFromAngles({ yawDeg: 25, pitchDeg: 2, rollDeg: 90 }), C: [1, 9.5, 0.5], f: 3300, cx: 1920, cy: 1080 };
    const r = refineCamera(start, world, pixels, world.map(() => 1), { focal: true, shift: true });
    expect(Math.sqrt(r.cost / world.length)).toBeLessThan(1e-8);
    expect(r.cam.f).toBeCloseTo(3000, 6);
    r.cam.C.forEach((x, k) => expect(x).toBeCloseTo(cam.C[k]!, 8));
  });
});
