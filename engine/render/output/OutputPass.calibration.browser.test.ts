import { describe, expect, it } from 'vitest';
import { computeBlend } from '../../core/blend/computeBlend.ts';
import { Installation } from '../../core/geometry/Installation.ts';
import type { Profile, ProjectorConfig } from '../../core/profile/profileSchema.ts';
import { OutputPass } from './OutputPass.ts';
import { calibrationPattern, namedPattern } from './outputPattern.ts';
import { H, W, readTopDown, testProfile, testRenderer } from '../../../tests/support/outputPassKit.ts';
import { grayPixel } from '../../../calibration/structured/grayCode.ts';

/** The middle projector carries a warp, gains and blend: raw patterns must ignore all of them. */
function profile(patch: Partial<ProjectorConfig> = {}): Profile {
  return testProfile({ warp: { cols: 3, rows: 3, offsetsPx: [[0, 0], [4, 2], [0, 0], [3, 0], [6, -3], [2, 0], [0, 0], [1, 1], [0, 0]] }, colorGains: [0.8, 0.9, 1], ...patch });
}

const renderer = testRenderer;

function pass(prof: Profile): OutputPass {
  const inst = new Installation(prof);
  const blend = computeBlend(inst, { stepPx: 4 });
  return new OutputPass(inst, inst.projectors[1]!, prof.projectors[1]!, blend.maps[1]!, blend.maxOverlap, { dither: true });
}

describe('output pass: calibration patterns and live calibration', () => {
  it('draws every Gray-code frame (both axes, every bit, inverses) exactly as grayPixel of calibration/structured, ignoring warp, blend, gains, gamma and dither', () => {
    const r = renderer();
    const out = pass(profile());
    let frames = 0;
    for (const axis of ['x', 'y'] as const) {
      const size = axis === 'x' ? W : H;
      const nbits = Math.ceil(Math.log2(size));
      expect(nbits).toBe(axis === 'x' ? 9 : 8);
      for (let bit = 0; bit < nbits; bit++) {
        for (const inverse of [false, true]) {
          out.setPattern(calibrationPattern({ grayCode: { axis, bit, inverse } }));
          out.render(r);
          const px = readTopDown(r);
          let wrong = 0;
          for (let y = 0; y < H; y++) {
            for (let x = 0; x < W; x++) {
              const want = grayPixel({ kind: 'gray', axis, bit, inverse }, x, y, W, H) * 255;
              const o = (y * W + x) * 4;
              if (px[o] !== want || px[o + 1] !== want || px[o + 2] !== want) wrong++;
            }
          }
          expect(wrong, `${axis} bit ${bit}${inverse ? ' inverse' : ''}`).toBe(0);
          frames++;
        }
      }
    }
    expect(frames).toBe(34);
    expect(() => out.setPattern(calibrationPattern({ grayCode: { axis: 'x', bit: 9, inverse: false } }))).toThrow(/grayCode\.bit: 9 is past the 9 bits of a 320 px output/);
  });

  it('draws raw white and black as full 255 and 0 on every pixel, off the wall too', () => {
    const r = renderer();
    const out = pass(profile());
    for (const [pattern, want] of [['white', 255], ['black', 0]] as const) {
      out.setPattern(calibrationPattern(pattern));
      out.render(r);
      const px = readTopDown(r);
      let wrong = 0;
      for (let i = 0; i < W * H; i++) if (px[i * 4] !== want || px[i * 4 + 1] !== want || px[i * 4 + 2] !== want) wrong++;
      expect(wrong, pattern).toBe(0);
    }
    // The same pattern not raw (the show's blackout, npm run render) keeps the calibrated path.
    out.setPattern(namedPattern('white'));
    out.render(r);
    const px = readTopDown(r);
    expect(px[(100 * W + 160) * 4]).toBeLessThan(255); // gains 0.8 on red, blend, gamma
  });

  it('applies a new pose, lens and warp live: the picture moves, and matches a pass built from the new calibration pixel for pixel', () => {
    const r = renderer();
    const before = profile();
    const live = pass(before);
    live.setPattern(namedPattern('paintingGrid'));
    live.render(r);
    const a = readTopDown(r);

    const moved = profile({ pose: { positionM: [0, 1.5, 0], yawDeg: 2, pitchDeg: 1, rollDeg: 0.5 }, lens: { throwRatio: 0.95, shiftY: 0.04, k1: -0.02 }, warp: { cols: 2, rows: 2, offsetsPx: [[1, 0], [0, 0], [0, 2], [0, 0]] } });
    const inst = new Installation(moved);
    const blend = computeBlend(inst, { stepPx: 4 });
    live.setCalibration(moved.projectors[1]!);
    live.setBlend(blend.maps[1]!, blend.maxOverlap);
    live.render(r);
    const b = readTopDown(r);

    const fresh = new OutputPass(inst, inst.projectors[1]!, moved.projectors[1]!, blend.maps[1]!, blend.maxOverlap, { dither: true });
    fresh.setPattern(namedPattern('paintingGrid'));
    fresh.render(r);
    const c = readTopDown(r);

    let changed = 0;
    let differ = 0;
    for (let i = 0; i < W * H * 4; i += 4) {
      if (a[i] !== b[i]) changed++;
      if (b[i] !== c[i] || b[i + 1] !== c[i + 1] || b[i + 2] !== c[i + 2]) differ++;
    }
    expect(differ).toBe(0);
    expect(changed).toBeGreaterThan(W * H * 0.02);
    // The grid's lines moved: a painting-grid line column in the middle row shifted by the 2° yaw (~f·tan 2° ≈ 10 px).
    const lineCols = (px: Uint8Array) => Array.from({ length: W }, (_, x) => x).filter((x) => px[(100 * W + x) * 4]! > 128);
    const colsA = lineCols(a);
    const colsB = lineCols(b);
    expect(colsA.length).toBeGreaterThan(0);
    expect(colsB.join(',')).not.toBe(colsA.join(','));
    expect(() => live.setCalibration({ ...moved.projectors[1]!, resolution: { width: 640, height: 400 } })).toThrow(/changed resolution/);
  });
});
