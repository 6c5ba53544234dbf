import { describe, expect, it } from 'vitest';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { shippedProfile } from '../../tests/support/shippedDocuments.ts';
import { cellCorrespondences } from './cellCorrespondences.ts';
import { decodeGrayCode, type Capture } from './decodeGrayCode.ts';
import { grayCodeFrames } from './grayCode.ts';
import { aimCameraAt, IDEAL_CAMERA, SimulatedCamera, type SimulatedCameraOptions } from './SimulatedCamera.ts';

/** preview-3 with P02 at a low resolution, so a small camera resolves every projector pixel. */
function coarseProjectorProfile(width: number, height: number): Profile {
  const p = shippedProfile('preview-3');
  return { ...p, projectors: p.projectors.map((q) => (q.id === 'P02' ? { ...q, resolution: { width, height } } : q)) };
}

function captureAll(cam: SimulatedCamera, id: string, w: number, h: number): Capture[] {
  return grayCodeFrames(w, h).map((frame) => ({ frame, image: cam.capture(id, frame) }));
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

describe('Gray-code decoding of simulated captures', () => {
  it('is exact with an ideal camera finer than the projector pixels', () => {
    const profile = coarseProjectorProfile(160, 100);
    const camCfg = aimCameraAt(profile, 'P02', { longSidePx: 400, k1: -0.05 });
    const cam = new SimulatedCamera(camCfg, profile, IDEAL_CAMERA);
    const map = decodeGrayCode(captureAll(cam, 'P02', 160, 100), 160, 100);
    let checked = 0;
    let wrong = 0;
    let outOfRange = 0;
    for (let j = 0; j < map.height; j++) {
      for (let i = 0; i < map.width; i++) {
        const p = j * map.width + i;
        const t = cam.trueProjectorPixel('P02', i + 0.5, j + 0.5);
        if (Number.isNaN(map.x[p]!)) continue;
        // Every decoded position lies in its stated range (a camera pixel is about 0.45 projector px wide:
        // one straddling a stripe edge sees both sides; an unreliable bit means "on that bit's edge").
        if (t === null || Math.abs(map.x[p]! - t[0]) > map.rangeX[p]! / 2 + 0.3 || Math.abs(map.y[p]! - t[1]) > map.rangeY[p]! / 2 + 0.3) outOfRange++;
        // Away from pixel edges the decoded pixel is the true one, every bit reliable.
        if (Math.abs(t![0] - Math.round(t![0])) < 0.3 || Math.abs(t![1] - Math.round(t![1])) < 0.3) continue;
        checked++;
        if (map.rangeX[p] !== 1 || map.rangeY[p] !== 1 || map.x[p] !== Math.floor(t![0]) + 0.5 || map.y[p] !== Math.floor(t![1]) + 0.5) wrong++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(wrong).toBe(0);
    expect(outOfRange).toBe(0);
    expect(map.decodedPixels / map.litPixels).toBeGreaterThan(0.99);
    expect(map.exactPixels / map.litPixels).toBeGreaterThan(0.7);
  });

  it('rejects shadowed camera pixels: off the projector image or off the painted wall', () => {
    const profile = shippedProfile('preview-3');
    const camCfg = aimCameraAt(profile, 'P02', { longSidePx: 400, margin: 0.25 });
    const cam = new SimulatedCamera(camCfg, profile, { seed: 3 });
    const map = decodeGrayCode(captureAll(cam, 'P02', 1280, 800), 1280, 800);
    const W = map.width;
    const truth = Array.from({ length: W * map.height }, (_, p) => cam.trueProjectorPixel('P02', (p % W) + 0.5, Math.floor(p / W) + 0.5));
    // Well outside: more than 8 projector px (3 camera px, beyond the blur) off the image, or off the
    // painted wall with no wall within 3 camera px.
    const farOff = (t: readonly number[] | null) => t === null || t[0]! < -8 || t[0]! > 1288 || t[1]! < -8 || t[1]! > 808;
    let outside = 0;
    let falselyDecoded = 0;
    for (let j = 3; j < map.height - 3; j++) {
      for (let i = 3; i < W - 3; i++) {
        const t = truth[j * W + i]!;
        if (!farOff(t)) continue;
        if (t === null) {
          let nearWall = false;
          for (let dj = -3; dj <= 3 && !nearWall; dj++) for (let di = -3; di <= 3; di++) if (truth[(j + dj) * W + i + di] !== null) nearWall = true;
          if (nearWall) continue;
        }
        outside++;
        if (!Number.isNaN(map.x[j * W + i]!)) falselyDecoded++;
      }
    }
    expect(outside).toBeGreaterThan(5000);
    expect(falselyDecoded).toBe(0);
  });

  it('gives sub-pixel correspondences with blur, noise, ambient, inter-reflection and lens distortion', () => {
    const profile = shippedProfile('preview-3');
    const options: SimulatedCameraOptions = { seed: 7 }; // the realistic defaults: σ 0.8 px blur, 2/255 noise, 3 % ambient, 8 % inter-reflection
    const camCfg = aimCameraAt(profile, 'P02', { longSidePx: 560 });
    expect(camCfg.lens.k1).toBe(-0.05);
    const cam = new SimulatedCamera(camCfg, profile, options);
    const map = decodeGrayCode(captureAll(cam, 'P02', 1280, 800), 1280, 800);
    expect(map.decodedPixels / map.litPixels).toBeGreaterThan(0.98);
    const corr = cellCorrespondences(map);
    expect(corr.length).toBeGreaterThan(1500);
    const errs = corr.flatMap((c) => {
      const t = cam.trueProjectorPixel('P02', c.cameraPx[0], c.cameraPx[1]);
      return t === null ? [] : [Math.hypot(t[0] - c.projectorPx[0], t[1] - c.projectorPx[1])];
    });
    expect(errs.length).toBeGreaterThan(corr.length * 0.97);
    expect(quantile(errs, 0.5)).toBeLessThan(0.5);
    expect(quantile(errs, 0.95)).toBeLessThan(1.5);
  });

  it('photographs deterministically: the same seed gives the same bytes, each frame and seed its own noise', () => {
    const profile = shippedProfile('preview-3');
    const camCfg = aimCameraAt(profile, 'P01', { longSidePx: 120 });
    const a = new SimulatedCamera(camCfg, profile, { seed: 4 });
    const b = new SimulatedCamera(camCfg, profile, { seed: 4 });
    const c = new SimulatedCamera(camCfg, profile, { seed: 5 });
    const frame = { kind: 'gray', axis: 'x', bit: 3, inverse: false } as const;
    expect(a.capture('P01', frame).data).toEqual(b.capture('P01', frame).data);
    expect(a.capture('P01', frame).data).not.toEqual(c.capture('P01', frame).data);
    const white = a.capture('P01', { kind: 'white' });
    const black = a.capture('P01', { kind: 'black' });
    // The lit footprint is bright, the black frame only ambient + inter-reflection + noise.
    const mean = (d: Uint8Array) => d.reduce((s, v) => s + v, 0) / d.length;
    expect(mean(white.data)).toBeGreaterThan(80);
    expect(mean(black.data)).toBeLessThan(20);
    expect(mean(black.data)).toBeGreaterThan(2);
  });

  it('names what is missing from a capture set', () => {
    expect(() => decodeGrayCode([], 16, 16)).toThrow(/no white frame/);
  });
});
