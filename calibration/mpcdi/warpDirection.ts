import type { MpcdiWarp } from './MpcdiDocument.ts';

/** How a 2d warp file is to be read: inverse (grid over output pixels → region coordinates), forward (grid over the region → output coordinates) or decided from the data. */
export type WarpDirection = 'forward' | 'inverse' | 'auto';

/** What auto-detection decided and why, in words a technician can check. */
export interface DirectionDecision {
  readonly direction: 'forward' | 'inverse';
  readonly reason: string;
}

/** Facts about the region needed to judge a 2d warp. */
export interface RegionShape {
  readonly xResolution: number;
  readonly yResolution: number;
  /** Region size in buffer pixels (xSize · buffer width, ySize · buffer height). */
  readonly contentWidth: number;
  readonly contentHeight: number;
}

const finite = (w: MpcdiWarp, i: number, j: number): boolean => {
  const k = (j * w.cols + i) * 3;
  return Number.isFinite(w.data[k]!) && Number.isFinite(w.data[k + 1]!);
};

/**
 * Decides whether a 2d warp is stored inverse or forward by which reading agrees with the region's
 * placement. Inverse (the engine's own and the usual reading): the grid spans the projector's pixels,
 * so its aspect is the projector's, and every value lies in the region box (the box is where the
 * projector lands). Forward: the grid spans the region box, so its aspect is the box's; values outside
 * 0..1 are region points the projector does not reach, and NaN corners with lit edge middles are the
 * box's corners beyond a non-rectangular footprint. When the aspects cannot tell, values that do not
 * fill the box mean forward.
 */
export function decideWarpDirection(w: MpcdiWarp, region: RegionShape): DirectionDecision {
  let n = 0;
  let out = 0;
  for (let k = 0; k < w.cols * w.rows; k++) {
    const x = w.data[k * 3]!;
    const y = w.data[k * 3 + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++;
    if (x < -0.01 || x > 1.01 || y < -0.01 || y > 1.01) out++;
  }
  if (n > 0 && out / n > 0.01) {
    return { direction: 'forward', reason: `${((100 * out) / n).toFixed(1)} % of the values lie outside 0..1: outside the region box, so they are output coordinates of region points the projector does not reach` };
  }
  const ci = [0, w.cols - 1];
  const cj = [0, w.rows - 1];
  const cornersNaN = ci.every((i) => cj.every((j) => !finite(w, i, j)));
  const mi = Math.floor((w.cols - 1) / 2);
  const mj = Math.floor((w.rows - 1) / 2);
  const edgeMiddlesLit = finite(w, mi, 0) && finite(w, mi, w.rows - 1) && finite(w, 0, mj) && finite(w, w.cols - 1, mj);
  if (cornersNaN && edgeMiddlesLit) {
    return { direction: 'forward', reason: 'the four grid corners are empty while the middle of every edge is lit: the grid spans the region box, whose corners lie beyond the projector\'s image' };
  }
  const gridAspect = (w.cols - 1) / (w.rows - 1);
  const eInv = Math.abs(Math.log(gridAspect / (region.xResolution / region.yResolution)));
  const eFwd = Math.abs(Math.log(gridAspect / (region.contentWidth / region.contentHeight)));
  const fmt = (v: number) => v.toFixed(3);
  if (eFwd + 0.05 < eInv) {
    return { direction: 'forward', reason: `the grid's aspect ${fmt(gridAspect)} matches the region box in the buffer (${fmt(region.contentWidth / region.contentHeight)}), not the projector (${fmt(region.xResolution / region.yResolution)})` };
  }
  if (eInv + 0.05 < eFwd) {
    return { direction: 'inverse', reason: `the grid's aspect ${fmt(gridAspect)} matches the projector (${fmt(region.xResolution / region.yResolution)}) and every value lies in the region box` };
  }
  // Aspect undecided: an inverse warp spans its region box (the box is where the projector lands), a forward one
  // only spans the part of the image that falls in the box.
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let k = 0; k < w.cols * w.rows; k++) {
    const x = w.data[k * 3]!;
    const y = w.data[k * 3 + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const gap = Math.max(Math.abs(x0), Math.abs(1 - x1), Math.abs(y0), Math.abs(1 - y1));
  if (gap > 0.02) {
    return { direction: 'forward', reason: `the grid's aspect fits both readings, but the values span only x ${fmt(x0)}..${fmt(x1)}, y ${fmt(y0)}..${fmt(y1)}: an inverse warp would fill its region box, a forward one covers the part of the image inside the box` };
  }
  return { direction: 'inverse', reason: 'both readings fit the region\'s placement (the projector lands nearly square on its box, and its values fill the box), so the usual inverse reading is taken; pass --warp forward if the vendor says otherwise' };
}

/**
 * Turns a forward warp (grid over the region, values = normalised output coordinates) into the inverse
 * one (grid of `cols` × `rows` over the output image, values = normalised region coordinates) by
 * inverting the bilinear forward map cell by cell. Output samples no cell reaches are NaN.
 */
export function invertForwardWarp(fwd: MpcdiWarp, cols: number, rows: number): MpcdiWarp {
  const B = 64;
  const buckets: number[][] = Array.from({ length: B * B }, () => []);
  const val = (i: number, j: number, c: number) => fwd.data[(j * fwd.cols + i) * 3 + c]!;
  for (let j = 0; j < fwd.rows - 1; j++) {
    for (let i = 0; i < fwd.cols - 1; i++) {
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      let ok = true;
      for (const [di, dj] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const x = val(i + di, j + dj, 0);
        const y = val(i + di, j + dj, 1);
        if (!Number.isFinite(x) || !Number.isFinite(y)) ok = false;
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
      if (!ok || x1 < 0 || y1 < 0 || x0 > 1 || y0 > 1) continue;
      const bi0 = Math.max(0, Math.floor(x0 * B)), bi1 = Math.min(B - 1, Math.floor(x1 * B));
      const bj0 = Math.max(0, Math.floor(y0 * B)), bj1 = Math.min(B - 1, Math.floor(y1 * B));
      for (let bj = bj0; bj <= bj1; bj++) for (let bi = bi0; bi <= bi1; bi++) buckets[bj * B + bi]!.push(j * fwd.cols + i);
    }
  }
  const data = new Float32Array(cols * rows * 3).fill(NaN);
  for (let t = 0; t < rows; t++) {
    for (let s = 0; s < cols; s++) {
      const qx = s / (cols - 1);
      const qy = t / (rows - 1);
      const bucket = buckets[Math.min(B - 1, Math.floor(qy * B)) * B + Math.min(B - 1, Math.floor(qx * B))]!;
      for (const cell of bucket) {
        const i = cell % fwd.cols;
        const j = (cell - i) / fwd.cols;
        const hit = inverseBilinear(qx, qy, val(i, j, 0), val(i, j, 1), val(i + 1, j, 0), val(i + 1, j, 1), val(i, j + 1, 0), val(i, j + 1, 1), val(i + 1, j + 1, 0), val(i + 1, j + 1, 1));
        if (hit === null) continue;
        const k = (t * cols + s) * 3;
        data[k] = (i + hit[0]) / (fwd.cols - 1);
        data[k + 1] = (j + hit[1]) / (fwd.rows - 1);
        data[k + 2] = 0;
        break;
      }
    }
  }
  return { cols, rows, data };
}

/** Solves bilinear(a, b) = q for (a, b) in the unit square by Newton's method; null when outside. */
function inverseBilinear(qx: number, qy: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] | null {
  let a = 0.5;
  let b = 0.5;
  for (let it = 0; it < 20; it++) {
    const px = (ax * (1 - a) + bx * a) * (1 - b) + (cx * (1 - a) + dx * a) * b;
    const py = (ay * (1 - a) + by * a) * (1 - b) + (cy * (1 - a) + dy * a) * b;
    const ex = px - qx;
    const ey = py - qy;
    const j11 = (bx - ax) * (1 - b) + (dx - cx) * b;
    const j12 = (cx - ax) * (1 - a) + (dx - bx) * a;
    const j21 = (by - ay) * (1 - b) + (dy - cy) * b;
    const j22 = (cy - ay) * (1 - a) + (dy - by) * a;
    const det = j11 * j22 - j12 * j21;
    if (Math.abs(det) < 1e-300) return null;
    const da = (j22 * ex - j12 * ey) / det;
    const db = (-j21 * ex + j11 * ey) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) break;
  }
  const eps = 1e-9;
  return a >= -eps && a <= 1 + eps && b >= -eps && b <= 1 + eps ? [a, b] : null;
}
