import { describe, expect, it } from 'vitest';
import { RegionMask } from '../../core/light/regionMask.ts';
import { MASK_MAX_SIDE, MASK_TEXEL_WALL_HEIGHTS, rasteriseRegionMask, type RegionMaskRaster } from './rasteriseRegionMask.ts';

const ASPECT = 132 / 20.5;

/** Nearest-texel value 0..1 at a painting-space point (0 outside the raster, as the shader does). */
function at(r: RegionMaskRaster, u: number, v: number): number {
  const i = Math.floor(((u - r.u0) / (r.u1 - r.u0)) * r.width);
  const j = Math.floor(((v - r.v0) / (r.v1 - r.v0)) * r.height);
  if (i < 0 || j < 0 || i >= r.width || j >= r.height) return 0;
  return r.data[j * r.width + i]! / 255;
}

describe('rasteriseRegionMask', () => {
  const square: [number, number][] = [[0.4, 0.3], [0.5, 0.3], [0.5, 0.6], [0.4, 0.6]];

  it('is 1 inside, 0 outside, 0.5 on the edge, with the feather measured in wall heights', () => {
    const f = 0.02;
    const r = rasteriseRegionMask(square, f, ASPECT);
    expect(at(r, 0.45, 0.45)).toBe(1);
    expect(at(r, 0.3, 0.45)).toBe(0);
    // Right edge (u = 0.5): a quarter feather inside and outside, in wall heights, so u offsets divide by aspect.
    const du = f / 4 / ASPECT;
    const s = (x: number) => x * x * (3 - 2 * x);
    expect(at(r, 0.5 - du, 0.45)).toBeCloseTo(s(0.75), 1);
    expect(at(r, 0.5 + du, 0.45)).toBeCloseTo(s(0.25), 1);
    expect(at(r, 0.5 + (0.6 * f) / ASPECT, 0.45)).toBe(0);
    // Top edge (v = 0.6): the same profile in v without the aspect factor.
    expect(at(r, 0.45, 0.6 - f / 4)).toBeCloseTo(s(0.75), 1);
    expect(at(r, 0.45, 0.6 + 0.6 * f)).toBe(0);
    expect(at(r, 0.45, 0.6 - 0.6 * f)).toBe(1);
  });

  it('uses about one texel per 0.002 wall heights and leaves zero texels round the border', () => {
    const r = rasteriseRegionMask(square, 0.01, ASPECT);
    expect(((r.u1 - r.u0) * ASPECT) / r.width).toBeCloseTo(MASK_TEXEL_WALL_HEIGHTS, 6);
    expect((r.v1 - r.v0) / r.height).toBeCloseTo(MASK_TEXEL_WALL_HEIGHTS, 6);
    for (let i = 0; i < r.width; i++) {
      expect(r.data[i]).toBe(0);
      expect(r.data[(r.height - 1) * r.width + i]).toBe(0);
    }
  });

  it('caps the side at 2048 texels for huge regions', () => {
    const band: [number, number][] = [[-0.1, 0], [1.1, 0], [1.1, 1], [-0.1, 1]];
    const r = rasteriseRegionMask(band, 0.01, ASPECT);
    expect(r.width).toBeLessThanOrEqual(MASK_MAX_SIDE);
    expect(r.height).toBeLessThanOrEqual(MASK_MAX_SIDE);
    expect(at(r, 0.5, 0.5)).toBe(1);
    expect(at(r, 1.05, 0.5)).toBe(1);
  });

  it('keeps a hard edge when featherV is 0 and fills concave polygons even-odd', () => {
    const ell: [number, number][] = [[0, 0], [0.2, 0], [0.2, 0.1], [0.1, 0.1], [0.1, 0.5], [0, 0.5]];
    const r = rasteriseRegionMask(ell, 0, ASPECT);
    expect(at(r, 0.05, 0.4)).toBe(1);
    expect(at(r, 0.15, 0.05)).toBe(1);
    expect(at(r, 0.15, 0.3)).toBe(0);
    const values = new Set(r.data);
    expect([...values].sort()).toEqual([0, 255]);
  });
});

describe('rasteriseRegionMask across the seam of a closed hall', () => {
  const sky: [number, number][] = [[0, 0.55], [1, 0.55], [1, 1], [0, 1]];
  /** The shader's lookup on a round wall: u brought into the box's first turn, and the next turn if the box reaches it. */
  const wrapped = (r: RegionMaskRaster, u: number, v: number) => {
    const uu = r.u0 + (((u - r.u0) % 1) + 1) % 1;
    return Math.max(at(r, uu, v), uu + 1 <= r.u1 ? at(r, uu + 1, v) : 0);
  };

  it('matches the CPU model (RegionMask) on both sides of the seam, where it is 1, and off a round wall keeps the edge', () => {
    const region = { id: 'sky', name: 'Sky', polygon: sky, featherV: 0.08 };
    const r = rasteriseRegionMask(sky, 0.08, ASPECT, true);
    const cpu = new RegionMask(region, ASPECT, true);
    const texelU = (r.u1 - r.u0) / r.width;
    for (let du = -40; du <= 40; du++) {
      const u = du * texelU * 0.5;
      for (const v of [0.57, 0.7, 0.9]) expect(Math.abs(wrapped(r, u, v) - cpu.at(u, v)), `u = ${u}, v = ${v}`).toBeLessThanOrEqual(0.02);
      expect(wrapped(r, u, 0.8)).toBe(1);
    }
    const flat = rasteriseRegionMask(sky, 0.08, ASPECT, false);
    expect(at(flat, 0.0005, 0.8)).toBeLessThan(0.75);
    expect(at(flat, 0.5, 0.8)).toBe(1);
  });
});
