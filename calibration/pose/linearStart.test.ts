import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { SeededRandom } from '../math/prng.ts';
import { projectPoint, rotationFromAngles, type CameraParams } from './cameraParams.ts';
import { dltCamera, homographyCamera, planarity } from './linearStart.ts';

const truth: CameraParams = { R: rotationFromAngles({ yawDeg: 37, pitchDeg: -8, rollDeg: 91 }), C: [0.4, 9.5, -0.2], f: 3456, cx: 1900, cy: 1100, k1: 0, k2: 0 };
const forward = (d: number, a: number, b: number): Vec3 => {
  const R = truth.R;
  // A point d metres ahead, offset a right and b down in the camera frame.
  return [0, 1, 2].map((k) => truth.C[k]! + R[k]! * a + R[3 + k]! * b + R[6 + k]! * d) as unknown as Vec3;
};

describe('linear starts', () => {
  it('DLT recovers K, R and C exactly from points in general position', () => {
    const rng = new SeededRandom(5);
    const world = Array.from({ length: 12 }, () => forward(15 + rng.next() * 10, rng.next() * 10 - 5, rng.next() * 16 - 8));
    const pixels = world.map((w) => projectPoint(truth, w)!);
    const d = dltCamera(world, pixels)!;
    expect(d.f).toBeCloseTo(3456, 5);
    expect(d.cx).toBeCloseTo(1900, 5);
    expect(d.cy).toBeCloseTo(1100, 5);
    d.C.forEach((x, k) => expect(x).toBeCloseTo(truth.C[k]!, 8));
    d.R.forEach((x, k) => expect(x).toBeCloseTo(truth.R[k]!, 10));
    expect(planarity(world).ratio).toBeGreaterThan(0.1);
  });

  it('homography: pose and focal length from points on an oblique plane', () => {
    // A plane through the point 20 m ahead, turned 40° about the camera's down axis.
    const rng = new SeededRandom(6);
    const world = Array.from({ length: 10 }, () => {
      const s = rng.next() * 12 - 6;
      const t = rng.next() * 10 - 5;
      return forward(20 + s * Math.sin((40 * Math.PI) / 180), s * Math.cos((40 * Math.PI) / 180), t);
    });
    const pixels = world.map((w) => projectPoint(truth, w)!);
    const plane = planarity(world);
    expect(plane.ratio).toBeLessThan(1e-9);
    const h = homographyCamera(world, pixels, plane, 1900, 1100, 3000, true)!;
    expect(h.f).toBeCloseTo(3456, 3);
    h.C.forEach((x, k) => expect(x).toBeCloseTo(truth.C[k]!, 6));
    h.R.forEach((x, k) => expect(x).toBeCloseTo(truth.R[k]!, 8));
    // Told not to solve the focal length, it uses the guess (and the pose is then only approximate).
    expect(homographyCamera(world, pixels, plane, 1900, 1100, 3000, false)!.f).toBe(3000);
  });
});
