import { describe, expect, it } from 'vitest';
import { WarpGrid } from '../../engine/core/warp/WarpGrid.ts';
import { handlePx, identityGrid, initialWarpState, resampleGrid, warpActionForKey, warpReducer, type WarpAction, type WarpEditState } from './warpEditor.ts';

const W = 1280;
const H = 800;
const run = (s: WarpEditState, ...actions: WarpAction[]): WarpEditState => actions.reduce(warpReducer, s);

/** A smooth, non-linear warp on a 5 × 5 grid (a barrel-like bulge plus a shear). */
function bulge(cols: number, rows: number) {
  const offsetsPx: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = c / (cols - 1) - 0.5;
      const y = r / (rows - 1) - 0.5;
      offsetsPx.push([12 * x * (1 - 4 * y * y) + 3 * y, -8 * y * (1 - 4 * x * x)]);
    }
  }
  return { cols, rows, offsetsPx };
}

describe('warp editing', () => {
  it('nudges the selected point by the key steps: 1 px, 10 px with shift, 0.1 px with alt or ctrl', () => {
    let s = run(initialWarpState(W, H, undefined), { type: 'select', index: 40 });
    const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean }> = {}) => warpActionForKey({ key: k, shiftKey: false, altKey: false, ctrlKey: false, ...mods })!;
    s = run(s, key('ArrowRight'), key('ArrowDown', { shiftKey: true }), key('ArrowLeft', { altKey: true }), key('ArrowUp', { ctrlKey: true }));
    expect(s.grid.offsetsPx[40]).toEqual([0.9, 9.9]);
    expect(s.grid.offsetsPx.filter(([dx, dy]) => dx !== 0 || dy !== 0)).toHaveLength(1);
    expect(s.past).toHaveLength(4);
    // Tab walks the points, wrapping round both ways.
    s = run(s, key('Tab'));
    expect(s.selected).toBe(41);
    s = run(s, { type: 'select', index: 0 }, key('Tab', { shiftKey: true }));
    expect(s.selected).toBe(80);
    expect(warpActionForKey({ key: 'z', ctrlKey: true, shiftKey: false, altKey: false })).toEqual({ type: 'undo' });
    expect(warpActionForKey({ key: 'Z', ctrlKey: true, shiftKey: true, altKey: false })).toEqual({ type: 'redo' });
    expect(warpActionForKey({ key: 'q', ctrlKey: false, shiftKey: false, altKey: false })).toBeNull();
  });

  it('a drag puts the point\'s image where the pointer is, and is one edit in the history', () => {
    let s = initialWarpState(W, H, undefined);
    s = run(s, { type: 'dragStart', index: 10 }, { type: 'dragTo', x: 200, y: 110 }, { type: 'dragTo', x: 170.5, y: 104 }, { type: 'dragEnd' });
    // Point 10 of a 9 × 9 grid sits at (160, 100).
    expect(s.grid.offsetsPx[10]).toEqual([10.5, 4]);
    expect(handlePx(s, 10)).toEqual([170.5, 104]);
    expect(s.past).toHaveLength(1);
    s = run(s, { type: 'undo' });
    expect(s.grid.offsetsPx[10]).toEqual([0, 0]);
    s = run(s, { type: 'redo' });
    expect(s.grid.offsetsPx[10]).toEqual([10.5, 4]);
  });

  it('undo and redo walk the history; a new edit clears what was undone', () => {
    let s = run(initialWarpState(W, H, undefined), { type: 'select', index: 5 }, { type: 'nudge', dx: 1, dy: 0 }, { type: 'nudge', dx: 1, dy: 0 }, { type: 'nudge', dx: 0, dy: 2 });
    expect(s.grid.offsetsPx[5]).toEqual([2, 2]);
    s = run(s, { type: 'undo' }, { type: 'undo' });
    expect(s.grid.offsetsPx[5]).toEqual([1, 0]);
    expect(s.future).toHaveLength(2);
    s = run(s, { type: 'redo' });
    expect(s.grid.offsetsPx[5]).toEqual([2, 0]);
    s = run(s, { type: 'nudge', dx: -5, dy: 0 });
    expect(s.future).toHaveLength(0);
    expect(run(s, { type: 'redo' })).toBe(s);
    s = run(s, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }, { type: 'undo' });
    expect(s.grid).toEqual(identityGrid(9, 9));
    expect(run(s, { type: 'undo' })).toBe(s);
  });

  it('resizing resamples the warp through its Catmull-Rom surface: the shape is kept, and undo brings the old grid back', () => {
    const start = bulge(5, 5);
    let s = initialWarpState(W, H, start);
    s = run(s, { type: 'resize', cols: 9, rows: 9 });
    expect(s.grid.cols).toBe(9);
    expect(s.grid.offsetsPx).toHaveLength(81);
    // Every old control point is a new one (5 → 9 halves the spacing): its offset is unchanged.
    for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) {
      const [dx, dy] = s.grid.offsetsPx[2 * r * 9 + 2 * c]!;
      expect(dx).toBeCloseTo(start.offsetsPx[r * 5 + c]![0], 5);
      expect(dy).toBeCloseTo(start.offsetsPx[r * 5 + c]![1], 5);
    }
    // Everywhere on the image the two surfaces agree closely.
    const before = new WarpGrid(W, H, start);
    const after = new WarpGrid(W, H, s.grid);
    let worst = 0;
    for (let y = 0; y <= H; y += 40) for (let x = 0; x <= W; x += 40) {
      const a = before.offset(x, y);
      const b = after.offset(x, y);
      worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1]));
    }
    expect(worst).toBeLessThan(0.05);
    // A coarser grid keeps the shape at its own points.
    const coarse = resampleGrid(W, H, s.grid, 3, 3);
    expect(coarse.offsetsPx[4]![0]).toBeCloseTo(before.offset(W / 2, H / 2)[0], 5);
    s = run(s, { type: 'undo' });
    expect(s.grid).toEqual(start);
  });

  it('takes a warp changed elsewhere without losing the history', () => {
    let s = run(initialWarpState(W, H, undefined), { type: 'nudge', dx: 3, dy: 0 });
    s = run(s, { type: 'replace', grid: bulge(3, 3) });
    expect(s.grid.cols).toBe(3);
    expect(s.past).toHaveLength(1);
    expect(s.selected).toBeLessThan(9);
  });
});
