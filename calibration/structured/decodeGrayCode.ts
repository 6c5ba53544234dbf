import { fromGray, grayBitCount, type GrayImage, type StructuredFrame } from './grayCode.ts';

/** Decoder thresholds, in 8-bit camera units (OpenCV's GrayCodePattern defaults). */
export interface DecodeOptions {
  /** A camera pixel is lit by the projector when white − black exceeds this (default 40). */
  readonly shadowThreshold?: number;
  /** A bit is reliable when |pattern − inverse| reaches this (default 5). */
  readonly reliabilityThreshold?: number;
}

/** One captured frame. */
export interface Capture {
  readonly frame: StructuredFrame;
  readonly image: GrayImage;
}

/**
 * Per camera pixel: the projector output position it sees (pixel units, centres at +0.5) or NaN, and
 * the width of the range that position is known to (1: every bit decoded; 2^k: the k lowest bits were
 * unreliable and the centre of the remaining range was taken).
 */
export interface DecodedMap {
  readonly width: number;
  readonly height: number;
  readonly projectorWidth: number;
  readonly projectorHeight: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly rangeX: Uint16Array;
  readonly rangeY: Uint16Array;
  /** Camera pixels lit by the projector (white − black over the shadow threshold). */
  readonly litPixels: number;
  /** Lit pixels with a position on both axes. */
  readonly decodedPixels: number;
  /** Lit pixels with every bit of both axes reliable. */
  readonly exactPixels: number;
}

/**
 * Decodes Gray-code captures (white, black, and each bit with its inverse on both axes, any order) of
 * a projector of projectorWidth × projectorHeight pixels. Shadow mask: white − black > threshold;
 * bit = pattern > inverse, unreliable when |pattern − inverse| < threshold; after the first unreliable
 * bit the lower ones are dropped and the centre of the remaining range is taken (Gray code changes one
 * bit between neighbours, so an unreliable bit means "on that bit's transition": the range centre).
 */
export function decodeGrayCode(captures: readonly Capture[], projectorWidth: number, projectorHeight: number, options: DecodeOptions = {}): DecodedMap {
  const shadow = options.shadowThreshold ?? 40;
  const reliable = options.reliabilityThreshold ?? 5;
  const find = (pred: (f: StructuredFrame) => boolean, what: string): GrayImage => {
    const c = captures.find((c) => pred(c.frame));
    if (!c) throw new Error(`Gray-code decoding: no ${what} frame among the ${captures.length} captures`);
    return c.image;
  };
  const white = find((f) => f.kind === 'white', 'white');
  const black = find((f) => f.kind === 'black', 'black');
  const W = white.width;
  const H = white.height;
  for (const c of captures) {
    if (c.image.width !== W || c.image.height !== H || c.image.data.length !== W * H) {
      throw new Error(`Gray-code decoding: every capture must be ${W} × ${H} (a frame is ${c.image.width} × ${c.image.height} with ${c.image.data.length} bytes)`);
    }
  }
  const axisImages = (axis: 'x' | 'y', size: number) => {
    const n = grayBitCount(size);
    const out: { pat: Uint8Array; inv: Uint8Array }[] = [];
    for (let bit = 0; bit < n; bit++) {
      const pat = find((f) => f.kind === 'gray' && f.axis === axis && f.bit === bit && !f.inverse, `${axis} bit ${bit}`).data;
      const inv = find((f) => f.kind === 'gray' && f.axis === axis && f.bit === bit && f.inverse, `${axis} bit ${bit} inverse`).data;
      out.push({ pat, inv });
    }
    return out;
  };
  const bitsX = axisImages('x', projectorWidth);
  const bitsY = axisImages('y', projectorHeight);
  const x = new Float32Array(W * H).fill(NaN);
  const y = new Float32Array(W * H).fill(NaN);
  const rangeX = new Uint16Array(W * H);
  const rangeY = new Uint16Array(W * H);
  let lit = 0;
  let decoded = 0;
  let exact = 0;
  const out = { value: 0, range: 0 };
  for (let p = 0; p < W * H; p++) {
    if (white.data[p]! - black.data[p]! <= shadow) continue;
    lit++;
    if (!decodeAxis(bitsX, p, reliable, projectorWidth, out)) continue;
    const vx = out.value;
    const rx = out.range;
    if (!decodeAxis(bitsY, p, reliable, projectorHeight, out)) continue;
    x[p] = vx;
    y[p] = out.value;
    rangeX[p] = rx;
    rangeY[p] = out.range;
    decoded++;
    if (rx === 1 && out.range === 1) exact++;
  }
  return { width: W, height: H, projectorWidth, projectorHeight, x, y, rangeX, rangeY, litPixels: lit, decodedPixels: decoded, exactPixels: exact };
}

function decodeAxis(bits: readonly { pat: Uint8Array; inv: Uint8Array }[], p: number, reliable: number, size: number, out: { value: number; range: number }): boolean {
  const n = bits.length;
  let g = 0;
  let m = 0;
  for (; m < n; m++) {
    const d = bits[m]!.pat[p]! - bits[m]!.inv[p]!;
    if (d < reliable && d > -reliable) break;
    g = (g << 1) | (d > 0 ? 1 : 0);
  }
  if (m === 0) return false;
  const k = n - m;
  const lo = fromGray(g) * 2 ** k;
  if (lo >= size) return false;
  const hi = Math.min(lo + 2 ** k, size);
  out.value = (lo + hi) / 2;
  out.range = hi - lo;
  return true;
}

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
  const cols = Math.ceil(map.projectorWidth / cell);
  const rows = Math.ceil(map.projectorHeight / cell);
  // Per cell: n, Σw, Σwu, Σwv, Σwuu, Σwuv, Σwvv, Σwx, Σwux, Σwvx, Σwy, Σwuy, Σwvy, Σwxx, Σwyy, min u, max u, min v, max v (u, v about the cell's first pixel).
  const F = 19;
  const acc = new Float64Array(cols * rows * F);
  const origin = new Float64Array(cols * rows * 2).fill(NaN);
  const edge = nearUndecoded(map, options.edgePx ?? 2);
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
      const u = i + 0.5 - origin[c * 2]!;
      const v = j + 0.5 - origin[c * 2 + 1]!;
      const w = 1 / (rx * rx + ry * ry);
      const a = c * F;
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
  }
  const out: CellCorrespondence[] = [];
  for (let c = 0; c < cols * rows; c++) {
    const a = c * F;
    if (acc[a]! < minPixels || tainted[c]) continue;
    const s = acc.subarray(a, a + F);
    // Normal equations of [1 u v]: M β = r, for X and Y.
    const M = [s[1]!, s[2]!, s[3]!, s[2]!, s[4]!, s[5]!, s[3]!, s[5]!, s[6]!];
    const bx = solve3(M, [s[7]!, s[8]!, s[9]!]);
    const by = solve3(M, [s[10]!, s[11]!, s[12]!]);
    if (bx === null || by === null) continue;
    const sseX = s[13]! - (bx[0] * s[7]! + bx[1] * s[8]! + bx[2] * s[9]!);
    const sseY = s[14]! - (by[0] * s[10]! + by[1] * s[11]! + by[2] * s[12]!);
    const rms = Math.sqrt(Math.max(0, sseX + sseY) / s[1]!);
    if (!(rms <= maxRms)) continue;
    const cxp = ((c % cols) + 0.5) * cell;
    const cyp = (Math.floor(c / cols) + 0.5) * cell;
    // Only whole cells: a cell cut by the image border sees one side of its centre only.
    if (cxp + cell / 2 > map.projectorWidth || cyp + cell / 2 > map.projectorHeight) continue;
    // Solve [bx1 bx2; by1 by2] [u v]ᵀ = [cx − bx0, cy − by0].
    const det = bx[1] * by[2] - bx[2] * by[1];
    if (!(Math.abs(det) > 1e-9)) continue;
    const rxv = cxp - bx[0];
    const ryv = cyp - by[0];
    const u = (rxv * by[2] - bx[2] * ryv) / det;
    const v = (bx[1] * ryv - by[1] * rxv) / det;
    if (u < s[15]! - 0.5 || u > s[16]! + 0.5 || v < s[17]! - 0.5 || v > s[18]! + 0.5) continue;
    out.push({ projectorPx: [cxp, cyp], cameraPx: [u + origin[c * 2]!, v + origin[c * 2 + 1]!], pixels: s[0]!, fitRmsPx: rms });
  }
  return out;
}

/** 1 for decoded pixels with an undecoded pixel (or the image border) within r pixels (Chebyshev distance). */
function nearUndecoded(map: DecodedMap, r: number): Uint8Array {
  const W = map.width;
  const H = map.height;
  // Distance to the nearest undecoded pixel along rows, then the max over a column window.
  const bad = new Uint8Array(W * H);
  for (let p = 0; p < W * H; p++) if (Number.isNaN(map.x[p]!)) bad[p] = 1;
  const rowNear = new Uint8Array(W * H);
  for (let j = 0; j < H; j++) {
    let last = -Infinity;
    for (let i = 0; i < W; i++) {
      if (bad[j * W + i]) last = i;
      if (i - last <= r || i < r) rowNear[j * W + i] = 1;
    }
    last = Infinity;
    for (let i = W - 1; i >= 0; i--) {
      if (bad[j * W + i]) last = i;
      if (last - i <= r || i >= W - r) rowNear[j * W + i] = 1;
    }
  }
  const out = new Uint8Array(W * H);
  for (let i = 0; i < W; i++) {
    let last = -Infinity;
    for (let j = 0; j < H; j++) {
      if (rowNear[j * W + i]) last = j;
      if (j - last <= r || j < r) out[j * W + i] = 1;
    }
    last = Infinity;
    for (let j = H - 1; j >= 0; j--) {
      if (rowNear[j * W + i]) last = j;
      if (last - j <= r || j >= H - r) out[j * W + i] = 1;
    }
  }
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
