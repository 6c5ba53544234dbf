import type { WarpGridConfig } from '../../engine/core/profile/profileSchema.ts';
import { WarpGrid } from '../../engine/core/warp/WarpGrid.ts';

/** How many edits undo can go back (older ones are forgotten). */
export const WARP_HISTORY_LIMIT = 200;

/** One projector's warp being edited: the grid, the selected control point and the edit history. */
export interface WarpEditState {
  /** Output image size, pixels. */
  readonly width: number;
  readonly height: number;
  readonly grid: WarpGridConfig;
  /** Index of the selected control point (row-major from the top-left). */
  readonly selected: number;
  /** Earlier grids, oldest first, with what changed them. */
  readonly past: readonly { readonly grid: WarpGridConfig; readonly label: string }[];
  /** Undone grids, most recently undone last. */
  readonly future: readonly { readonly grid: WarpGridConfig; readonly label: string }[];
  /** A drag is under way: its moves are one edit (recorded when it starts). */
  readonly dragging: boolean;
}

/** What the technician does to a warp. */
export type WarpAction =
  | { readonly type: 'select'; readonly index: number }
  /** Tab / shift-tab: the next (+1) or previous (−1) control point, wrapping round. */
  | { readonly type: 'selectNext'; readonly step: 1 | -1 }
  /** Moves the selected point's image by (dx, dy) output pixels (arrow keys). */
  | { readonly type: 'nudge'; readonly dx: number; readonly dy: number }
  | { readonly type: 'dragStart'; readonly index: number }
  /** The point's image is now at output pixel (x, y). */
  | { readonly type: 'dragTo'; readonly x: number; readonly y: number }
  | { readonly type: 'dragEnd' }
  /** A new grid size, the current warp resampled onto it (its shape kept). */
  | { readonly type: 'resize'; readonly cols: number; readonly rows: number }
  /** Every offset back to zero. */
  | { readonly type: 'reset' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  /** The warp changed elsewhere (the conductor's profile): take it, keep the history. */
  | { readonly type: 'replace'; readonly grid: WarpGridConfig };

/** Smallest and largest grid side the profile schema allows. */
export const GRID_MIN = 2;
export const GRID_MAX = 129;

/** An identity grid of cols × rows points. */
export function identityGrid(cols: number, rows: number): WarpGridConfig {
  return { cols, rows, offsetsPx: Array.from({ length: cols * rows }, () => [0, 0] as [number, number]) };
}

/** The editing state of a projector's warp (a 9 × 9 identity grid when it has none). */
export function initialWarpState(width: number, height: number, grid: WarpGridConfig | undefined): WarpEditState {
  return { width, height, grid: grid ?? identityGrid(9, 9), selected: 0, past: [], future: [], dragging: false };
}

/** Output pixel of control point `index` before any offset. */
export function controlPointPx(s: Pick<WarpEditState, 'width' | 'height' | 'grid'>, index: number): [number, number] {
  const col = index % s.grid.cols;
  const row = Math.floor(index / s.grid.cols);
  return [(col * s.width) / (s.grid.cols - 1), (row * s.height) / (s.grid.rows - 1)];
}

/** Where the technician sees control point `index`: its position plus its offset (where its image went). */
export function handlePx(s: Pick<WarpEditState, 'width' | 'height' | 'grid'>, index: number): [number, number] {
  const [x, y] = controlPointPx(s, index);
  const [dx, dy] = s.grid.offsetsPx[index] ?? [0, 0];
  return [x + dx, y + dy];
}

/**
 * The warp resampled onto a cols × rows grid: each new control point takes the offset the current
 * Catmull-Rom surface has there, so the shape is kept (exactly at points both grids share).
 */
export function resampleGrid(width: number, height: number, grid: WarpGridConfig, cols: number, rows: number): WarpGridConfig {
  const w = new WarpGrid(width, height, grid);
  const offsetsPx: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [dx, dy] = w.offset((c * width) / (cols - 1), (r * height) / (rows - 1));
      offsetsPx.push([round6(dx), round6(dy)]);
    }
  }
  return { cols, rows, offsetsPx };
}

// Offsets are stored to a millionth of a pixel: enough for 0.1 px nudges, and no 0.30000000000000004 in files.
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function withOffset(grid: WarpGridConfig, index: number, dx: number, dy: number): WarpGridConfig {
  const offsetsPx = grid.offsetsPx.map((o, i) => (i === index ? ([round6(dx), round6(dy)] as [number, number]) : o));
  return { ...grid, offsetsPx };
}

function record(s: WarpEditState, grid: WarpGridConfig, label: string): WarpEditState {
  const past = [...s.past, { grid: s.grid, label }].slice(-WARP_HISTORY_LIMIT);
  return { ...s, grid, past, future: [] };
}

const clampGrid = (n: number): number => Math.min(GRID_MAX, Math.max(GRID_MIN, Math.round(n)));

/** Applies one action; pure (the input state is never changed). */
export function warpReducer(s: WarpEditState, a: WarpAction): WarpEditState {
  const count = s.grid.cols * s.grid.rows;
  switch (a.type) {
    case 'select':
      return a.index >= 0 && a.index < count ? { ...s, selected: a.index } : s;
    case 'selectNext':
      return { ...s, selected: (s.selected + a.step + count) % count };
    case 'nudge': {
      const [dx, dy] = s.grid.offsetsPx[s.selected] ?? [0, 0];
      return record(s, withOffset(s.grid, s.selected, dx + a.dx, dy + a.dy), `point ${s.selected} nudged (${signed(a.dx)}, ${signed(a.dy)}) px`);
    }
    case 'dragStart':
      if (a.index < 0 || a.index >= count) return s;
      return { ...record(s, s.grid, `point ${a.index} dragged`), selected: a.index, dragging: true };
    case 'dragTo': {
      if (!s.dragging) return s;
      const [x0, y0] = controlPointPx(s, s.selected);
      return { ...s, grid: withOffset(s.grid, s.selected, a.x - x0, a.y - y0) };
    }
    case 'dragEnd':
      return s.dragging ? { ...s, dragging: false } : s;
    case 'resize': {
      const cols = clampGrid(a.cols);
      const rows = clampGrid(a.rows);
      if (cols === s.grid.cols && rows === s.grid.rows) return s;
      const grid = resampleGrid(s.width, s.height, s.grid, cols, rows);
      return { ...record(s, grid, `grid ${s.grid.cols} × ${s.grid.rows} → ${cols} × ${rows}`), selected: Math.min(s.selected, cols * rows - 1) };
    }
    case 'reset':
      return record(s, identityGrid(s.grid.cols, s.grid.rows), 'warp reset');
    case 'undo': {
      const last = s.past.at(-1);
      if (!last || s.dragging) return s;
      const selected = Math.min(s.selected, last.grid.cols * last.grid.rows - 1);
      return { ...s, grid: last.grid, selected, past: s.past.slice(0, -1), future: [...s.future, { grid: s.grid, label: last.label }] };
    }
    case 'redo': {
      const next = s.future.at(-1);
      if (!next || s.dragging) return s;
      const selected = Math.min(s.selected, next.grid.cols * next.grid.rows - 1);
      return { ...s, grid: next.grid, selected, future: s.future.slice(0, -1), past: [...s.past, { grid: s.grid, label: next.label }] };
    }
    case 'replace': {
      if (sameGrid(a.grid, s.grid)) return s;
      return { ...s, grid: a.grid, selected: Math.min(s.selected, a.grid.cols * a.grid.rows - 1), dragging: false };
    }
  }
}

/** True when two grids are the same size with the same offsets. */
export function sameGrid(a: WarpGridConfig, b: WarpGridConfig): boolean {
  if (a.cols !== b.cols || a.rows !== b.rows || a.offsetsPx.length !== b.offsetsPx.length) return false;
  return a.offsetsPx.every(([dx, dy], i) => dx === b.offsetsPx[i]![0] && dy === b.offsetsPx[i]![1]);
}

const signed = (v: number): string => (v > 0 ? `+${v}` : `${v}`);

/** The nudge step of an arrow key: 1 px, 10 px with Shift, 0.1 px with Alt or Ctrl. */
export function nudgeStepPx(mods: { readonly shiftKey: boolean; readonly altKey: boolean; readonly ctrlKey: boolean; readonly metaKey?: boolean }): number {
  if (mods.altKey || mods.ctrlKey || mods.metaKey) return 0.1;
  return mods.shiftKey ? 10 : 1;
}

/** The warp action of a key press in the warp view, or null when the key means nothing there. */
export function warpActionForKey(e: { readonly key: string; readonly shiftKey: boolean; readonly altKey: boolean; readonly ctrlKey: boolean; readonly metaKey?: boolean }): WarpAction | null {
  const step = nudgeStepPx(e);
  switch (e.key) {
    case 'ArrowLeft':
      return { type: 'nudge', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { type: 'nudge', dx: step, dy: 0 };
    case 'ArrowUp':
      return { type: 'nudge', dx: 0, dy: -step };
    case 'ArrowDown':
      return { type: 'nudge', dx: 0, dy: step };
    case 'Tab':
      return { type: 'selectNext', step: e.shiftKey ? -1 : 1 };
    default:
      break;
  }
  const mod = e.ctrlKey || e.metaKey === true;
  if (mod && (e.key === 'z' || e.key === 'Z')) return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
  if (mod && (e.key === 'y' || e.key === 'Y')) return { type: 'redo' };
  return null;
}
