/**
 * Grids of samples spread evenly over an image, corners included: sample k of n sits at k·extent/(n−1).
 * Blend maps and fine-warp grids both use this layout (and the output shader mirrors it), so the
 * position → cell mapping lives here once.
 */

/** Continuous grid coordinate of position x (pixels) on a grid of n samples over [0, extent], clamped to the grid. */
export function gridCoord(x: number, extent: number, n: number): number {
  return Math.min(Math.max((x / extent) * (n - 1), 0), n - 1);
}

/** The cell (index of its first sample) holding grid coordinate g; the last sample belongs to the last cell. */
export function gridCell(g: number, n: number): number {
  return Math.min(Math.floor(g), n - 2);
}

/** A position on a grid: its cell (column, row of the cell's first sample) and the fraction across it. */
export interface GridPos {
  col: number;
  row: number;
  tx: number;
  ty: number;
}

/** Where pixel (x, y) of a width × height image falls on a cols × rows grid over it, into `out` (no allocation). */
export function gridPos(x: number, y: number, width: number, height: number, cols: number, rows: number, out: GridPos): GridPos {
  const gx = gridCoord(x, width, cols);
  const gy = gridCoord(y, height, rows);
  out.col = gridCell(gx, cols);
  out.row = gridCell(gy, rows);
  out.tx = gx - out.col;
  out.ty = gy - out.row;
  return out;
}
