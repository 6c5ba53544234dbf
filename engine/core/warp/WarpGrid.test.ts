import { describe, expect, it } from 'vitest';
import { WarpGrid } from './WarpGrid.ts';

const W = 1920;
const H = 1080;

describe('WarpGrid', () => {
  it('the identity grid changes nothing', () => {
    const g = new WarpGrid(W, H);
    expect(g.identity).toBe(true);
    expect(g.unwarp(123.4, 567.8)).toEqual([123.4, 567.8]);
    expect(g.warp(123.4, 567.8)).toEqual([123.4, 567.8]);
  });

  it('passes through every control point (any grid size)', () => {
    for (const [cols, rows] of [[9, 9], [2, 2], [5, 3], [17, 11]] as const) {
      const offsetsPx = Array.from({ length: cols * rows }, (_, i) => [Math.sin(i * 2.1) * 10, Math.cos(i * 0.7) * 8] as [number, number]);
      const g = new WarpGrid(W, H, { cols, rows, offsetsPx });
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const [x, y] = g.controlPoint(c, r);
          const [dx, dy] = g.offset(x, y);
          expect(dx).toBeCloseTo(offsetsPx[r * cols + c]![0], 9);
          expect(dy).toBeCloseTo(offsetsPx[r * cols + c]![1], 9);
        }
      }
    }
  });

  it('moving one point moves the image there and fades smoothly to zero two cells away', () => {
    const offsetsPx = Array.from({ length: 81 }, () => [0, 0] as [number, number]);
    offsetsPx[4 * 9 + 4] = [12, -5]; // the centre point
    const g = new WarpGrid(W, H, { cols: 9, rows: 9, offsetsPx });
    expect(g.offset(W / 2, H / 2)).toEqual([12, -5]);
    // The output pixel at the control point shows the content that was 12 px left and 5 px below
    // (y down): the image there moved by the offset.
    expect(g.unwarp(W / 2, H / 2)).toEqual([W / 2 - 12, H / 2 + 5]);
    const [x, y] = g.warp(W / 2 - 12, H / 2 + 5);
    expect(x).toBeCloseTo(W / 2, 8);
    expect(y).toBeCloseTo(H / 2, 8);
    // Catmull-Rom has local support: two cells away nothing moves.
    expect(g.offset(W / 2 + (2 * W) / 8, H / 2)).toEqual([0, 0]);
    // Half a cell away it moves part of the way (the Catmull-Rom weight at t = ½ is 9/16).
    const [hx] = g.offset(W / 2 + W / 16, H / 2);
    expect(hx).toBeCloseTo(12 * (9 / 16), 9);
  });

  it('keeps a linear warp exactly linear, up to the edges', () => {
    const cols = 5;
    const rows = 4;
    const lin = (x: number, y: number): [number, number] => [0.01 * x + 3, -0.02 * y + 0.005 * x];
    const offsetsPx = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) offsetsPx.push(lin((c * W) / (cols - 1), (r * H) / (rows - 1)));
    const g = new WarpGrid(W, H, { cols, rows, offsetsPx });
    for (const [x, y] of [[0, 0], [W, H], [13, 1000], [1900, 7], [960, 540]] as const) {
      const [dx, dy] = g.offset(x, y);
      expect(dx).toBeCloseTo(lin(x, y)[0], 9);
      expect(dy).toBeCloseTo(lin(x, y)[1], 9);
    }
  });

  it('warp inverts unwarp', () => {
    const offsetsPx = Array.from({ length: 81 }, (_, i) => [Math.sin(i) * 20, Math.cos(i * 1.7) * 15] as [number, number]);
    const g = new WarpGrid(W, H, { cols: 9, rows: 9, offsetsPx });
    for (const [x, y] of [[100, 100], [960, 540], [1800, 1000]] as const) {
      const [ux, uy] = g.unwarp(x, y);
      const [bx, by] = g.warp(ux, uy);
      expect(bx).toBeCloseTo(x, 8);
      expect(by).toBeCloseTo(y, 8);
    }
  });
});
