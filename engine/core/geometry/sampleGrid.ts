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
