import { describe, expect, it } from 'vitest';
import { WarpGrid } from '../../engine/core/warp/WarpGrid.ts';
import { fitWarpGrid, warpStencil } from './fitWarpGrid.ts';

describe('fine-warp grid fit', () => {
  it('the stencil reproduces WarpGrid.offset exactly, edges and corners included', () => {
    const cols = 5, rows = 4, W = 400, H = 300;
    const offsetsPx = Array.from({ length: cols * rows }, (_, k) => [Math.sin(k * 1.7) * 3, Math.cos(k * 0.9) * 2] as [number, number]);
    const grid = new WarpGrid(W, H, { cols, rows, offsetsPx });
    const idx = new Int32Array(64);
    const w = new Float64Array(64);
    for (const [x, y] of [[0, 0], [400, 300], [13, 290], [399.5, 1], [200, 150], [57, 222], [100, 0]] as const) {
      const m = warpStencil(cols, rows, W, H, x, y, idx, w);
      let dx = 0, dy = 0;
      for (let q = 0; q < m; q++) {
        dx += w[q]! * offsetsPx[idx[q]!]![0];
        dy += w[q]! * offsetsPx[idx[q]!]![1];
      }
      const [ex, ey] = grid.offset(x, y);
      expect(dx).toBeCloseTo(ex, 12);
      expect(dy).toBeCloseTo(ey, 12);
    }
  });

  it('recovers a grid of the same layout from dense samples of its offsets (to 1e-6 px)', () => {
    const cols = 7, rows = 5, W = 1280, H = 800;
    const offsetsPx = Array.from({ length: cols * rows }, (_, k) => [((k * 37) % 11) - 5, ((k * 53) % 7) - 3] as [number, number]);
    const truth = new WarpGrid(W, H, { cols, rows, offsetsPx });
    const samples = [];
    for (let y = 0; y <= H; y += 20) for (let x = 0; x <= W; x += 20) {
      const [dx, dy] = truth.offset(x, y);
      samples.push({ x, y, dx, dy });
    }
    const fit = fitWarpGrid(samples, W, H, cols, rows);
    expect(fit.maxPx).toBeLessThan(1e-6);
    fit.warp.offsetsPx.forEach(([dx, dy], k) => {
      expect(dx).toBeCloseTo(offsetsPx[k]![0], 6);
      expect(dy).toBeCloseTo(offsetsPx[k]![1], 6);
    });
  });
});
