/**
 * Dense sub-pixel correspondences from a decoded Gray-code map: camera pixels gathered per projector
 * cell, a weighted local linear fit per cell inverted at the cell centre.
 */
import type { DecodedMap } from './decodeGrayCode.ts';

/** A sub-pixel correspondence: the centre of a projector cell and the camera position that sees it. */
export interface CellCorrespondence {
  /** Projector output pixel position (the cell centre), pixels. */
  readonly projectorPx: readonly [number, number];
  /** Camera image position seeing it, pixels (centres at +0.5). */
  readonly cameraPx: readonly [number, number];
  /** Camera pixels that decoded into the cell. */
  readonly pixels: number;
  /** RMS of the decoded positions about the cell's local linear fit, projector pixels. */
  readonly fitRmsPx: number;
}

/** How camera pixels are gathered into projector cells. */
export interface CellOptions {
  /** Cell size in projector pixels (default: from the camera's sampling, 6 camera pixels across, 8 to 64 projector px in steps of 4). */
  readonly cellPx?: number;
  /** Fewest decoded camera pixels a cell needs (default 8). */
  readonly minPixels?: number;
  /** Largest RMS of decoded positions about the cell's fit, projector pixels (default cellPx / 4). */
  readonly maxFitRmsPx?: number;
  /** Cells seen within this many camera pixels of an undecoded pixel are dropped (default 2). */
  readonly edgePx?: number;
}

/**
 * Camera pixels gathered by the projector cell their decoded position falls in: per cell, the sums of
 * the weighted linear fit of projector position against camera position.
 */
interface CellSums {
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  /** F sums per cell (layout in gatherCells). */
  readonly acc: Float64Array;
  /** Camera position (x, y) of each cell's first pixel; u, v are about it. */
  readonly origin: Float64Array;
  /** Cells seen beside an undecoded pixel: not used. */
  readonly tainted: Uint8Array;
}

/** Sums per cell: n, Σw, Σwu, Σwv, Σwuu, Σwuv, Σwvv, Σwx, Σwux, Σwvx, Σwy, Σwuy, Σwvy, Σwxx, Σwyy, min u, max u, min v, max v. */
const F = 19;

/** Adds camera pixel (u, v) (about its cell's origin) decoded at (X, Y) with weight w to the sums at a. */
function addToCell(acc: Float64Array, a: number, u: number, v: number, X: number, Y: number, w: number): void {
  if (acc[a] === 0) {
    acc[a + 15] = acc[a + 16] = u;
    acc[a + 17] = acc[a + 18] = v;
  }
  acc[a]! += 1;
  acc[a + 1]! += w;
  acc[a + 2]! += w * u;
  acc[a + 3]! += w * v;
  acc[a + 4]! += w * u * u;
  acc[a + 5]! += w * u * v;
  acc[a + 6]! += w * v * v;
  acc[a + 7]! += w * X;
  acc[a + 8]! += w * u * X;
  acc[a + 9]! += w * v * X;
  acc[a + 10]! += w * Y;
  acc[a + 11]! += w * u * Y;
  acc[a + 12]! += w * v * Y;
  acc[a + 13]! += w * X * X;
  acc[a + 14]! += w * Y * Y;
  acc[a + 15] = Math.min(acc[a + 15]!, u);
  acc[a + 16] = Math.max(acc[a + 16]!, u);
  acc[a + 17] = Math.min(acc[a + 17]!, v);
  acc[a + 18] = Math.max(acc[a + 18]!, v);
}

/**
 * Gathers decoded camera pixels into projector cells of `cell` px (weights 1 / range²), leaving out
 * pixels whose range is wider than half a cell and marking cells seen within edgePx of an undecoded pixel.
 */
function gatherCells(map: DecodedMap, cell: number, edgePx: number): CellSums {
  const cols = Math.ceil(map.projectorWidth / cell);
  const rows = Math.ceil(map.projectorHeight / cell);
  const acc = new Float64Array(cols * rows * F);
  const origin = new Float64Array(cols * rows * 2).fill(NaN);
  const edge = nearUndecoded(map, edgePx);
  const tainted = new Uint8Array(cols * rows);
  for (let j = 0; j < map.height; j++) {
    for (let i = 0; i < map.width; i++) {
      const p = j * map.width + i;
      const X = map.x[p]!;
      if (Number.isNaN(X)) continue;
      if (edge[p]) {
        // Beside the edge of what the camera sees lit (image border, wall edge, an occluder): blur and
        // partial pixels pull positions inward, so the cell is not used.
        tainted[Math.min(cols - 1, Math.floor(X / cell)) + Math.min(rows - 1, Math.floor(map.y[p]! / cell)) * cols] = 1;
        continue;
      }
      const rx = map.rangeX[p]!;
      const ry = map.rangeY[p]!;
      if (rx > cell / 2 || ry > cell / 2) continue;
      const Y = map.y[p]!;
      const c = Math.min(cols - 1, Math.floor(X / cell)) + Math.min(rows - 1, Math.floor(Y / cell)) * cols;
      if (Number.isNaN(origin[c * 2]!)) {
        origin[c * 2] = i + 0.5;
        origin[c * 2 + 1] = j + 0.5;
      }
      addToCell(acc, c * F, i + 0.5 - origin[c * 2]!, j + 0.5 - origin[c * 2 + 1]!, X, Y, 1 / (rx * rx + ry * ry));
    }
  }
  return { cell, cols, rows, acc, origin, tainted };
}

/**
 * Cell c's correspondence: the weighted linear fit of decoded position against camera position,
 * inverted at the cell centre; null when the fit is singular or too loose (RMS over maxRms), the cell
 * is cut by the image border, or the centre falls outside the pixels that saw the cell.
 */
function cellCorrespondence(g: CellSums, c: number, map: DecodedMap, maxRms: number): CellCorrespondence | null {
  const { cell, cols } = g;
  const s = g.acc.subarray(c * F, c * F + F);
  // Normal equations of [1 u v]: M β = r, for X and Y.
  const M = [s[1]!, s[2]!, s[3]!, s[2]!, s[4]!, s[5]!, s[3]!, s[5]!, s[6]!];
  const bx = solve3(M, [s[7]!, s[8]!, s[9]!]);
  const by = solve3(M, [s[10]!, s[11]!, s[12]!]);
  if (bx === null || by === null) return null;
  const sseX = s[13]! - (bx[0] * s[7]! + bx[1] * s[8]! + bx[2] * s[9]!);
  const sseY = s[14]! - (by[0] * s[10]! + by[1] * s[11]! + by[2] * s[12]!);
  const rms = Math.sqrt(Math.max(0, sseX + sseY) / s[1]!);
  if (!(rms <= maxRms)) return null;
  const cxp = ((c % cols) + 0.5) * cell;
  const cyp = (Math.floor(c / cols) + 0.5) * cell;
  // Only whole cells: a cell cut by the image border sees one side of its centre only.
  if (cxp + cell / 2 > map.projectorWidth || cyp + cell / 2 > map.projectorHeight) return null;
  // Solve [bx1 bx2; by1 by2] [u v]ᵀ = [cx − bx0, cy − by0].
  const det = bx[1] * by[2] - bx[2] * by[1];
  if (!(Math.abs(det) > 1e-9)) return null;
  const rxv = cxp - bx[0];
  const ryv = cyp - by[0];
  const u = (rxv * by[2] - bx[2] * ryv) / det;
  const v = (bx[1] * ryv - by[1] * rxv) / det;
  if (u < s[15]! - 0.5 || u > s[16]! + 0.5 || v < s[17]! - 0.5 || v > s[18]! + 0.5) return null;
  return { projectorPx: [cxp, cyp], cameraPx: [u + g.origin[c * 2]!, v + g.origin[c * 2 + 1]!], pixels: s[0]!, fitRmsPx: rms };
}

/**
 * Dense sub-pixel correspondences from a decoded map: camera pixels are gathered by the projector cell
 * their decoded position falls in (pixels whose range is wider than half a cell are left out); in each
 * cell a weighted linear fit (weights 1 / range²) of decoded projector position against camera position
 * is inverted at the cell centre. Cells with too few pixels, an inconsistent spread (fit RMS) or a
 * centre outside the pixels that saw them (the image edge) are rejected.
 */
export function cellCorrespondences(map: DecodedMap, options: CellOptions = {}): CellCorrespondence[] {
  const cell = options.cellPx ?? autoCellPx(map);
  const minPixels = options.minPixels ?? 8;
  const maxRms = options.maxFitRmsPx ?? cell / 4;
  const g = gatherCells(map, cell, options.edgePx ?? 2);
  const out: CellCorrespondence[] = [];
  for (let c = 0; c < g.cols * g.rows; c++) {
    if (g.acc[c * F]! < minPixels || g.tainted[c]) continue;
    const corr = cellCorrespondence(g, c, map, maxRms);
    if (corr !== null) out.push(corr);
  }
  return out;
}

/**
 * Marks in `out` the elements of one line of `src` (first index `start`, `stride` apart, `n` long)
 * within r elements of a set one or of the line's ends.
 */
function markNear(src: Uint8Array, out: Uint8Array, start: number, stride: number, n: number, r: number): void {
  let last = -Infinity;
  for (let k = 0; k < n; k++) {
    if (src[start + k * stride]) last = k;
    if (k - last <= r || k < r) out[start + k * stride] = 1;
  }
  last = Infinity;
  for (let k = n - 1; k >= 0; k--) {
    if (src[start + k * stride]) last = k;
    if (last - k <= r || k >= n - r) out[start + k * stride] = 1;
  }
}

/** 1 for decoded pixels with an undecoded pixel (or the image border) within r pixels (Chebyshev distance). */
function nearUndecoded(map: DecodedMap, r: number): Uint8Array {
  const W = map.width;
  const H = map.height;
  // Near along rows, then near that along columns: the square window, separably.
  const bad = new Uint8Array(W * H);
  for (let p = 0; p < W * H; p++) if (Number.isNaN(map.x[p]!)) bad[p] = 1;
  const rowNear = new Uint8Array(W * H);
  for (let j = 0; j < H; j++) markNear(bad, rowNear, j * W, 1, W, r);
  const out = new Uint8Array(W * H);
  for (let i = 0; i < W; i++) markNear(rowNear, out, i, W, H, r);
  return out;
}

/** Projector pixels per camera pixel (median over a sparse sample, 8-pixel baselines), or NaN. */
export function projectorPxPerCameraPx(map: DecodedMap): number {
  const d: number[] = [];
  const step = 8;
  const W = map.width;
  for (let j = 0; j + step < map.height; j += 5) {
    for (let i = 0; i + step < W; i += 5) {
      const p = j * W + i;
      const x = map.x[p]!;
      if (Number.isNaN(x)) continue;
      for (const q of [p + step, p + step * W]) {
        const xq = map.x[q]!;
        if (!Number.isNaN(xq)) d.push(Math.hypot(xq - x, map.y[q]! - map.y[p]!) / step);
      }
    }
  }
  if (d.length === 0) return NaN;
  d.sort((a, b) => a - b);
  return d[d.length >> 1]!;
}

function autoCellPx(map: DecodedMap): number {
  const s = projectorPxPerCameraPx(map);
  if (!Number.isFinite(s)) return 16;
  return Math.min(64, Math.max(8, Math.round((6 * s) / 4) * 4));
}

/** Solves a symmetric 3 × 3 system (row-major) by Cramer's rule; null when singular. */
function solve3(m: readonly number[], r: readonly number[]): [number, number, number] | null {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const scale = Math.abs(a * e * i) + 1e-300;
  if (!(Math.abs(det) > 1e-12 * scale)) return null;
  const [x, y, z] = r as [number, number, number];
  return [
    (x * (e * i - f * h) - b * (y * i - f * z) + c * (y * h - e * z)) / det,
    (a * (y * i - f * z) - x * (d * i - f * g) + c * (d * z - y * g)) / det,
    (a * (e * z - y * h) - b * (d * z - y * g) + x * (d * h - e * g)) / det,
  ];
}
