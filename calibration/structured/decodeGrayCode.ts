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
