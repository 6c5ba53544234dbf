/**
 * Gray-code structured light (MATHS.md "Pose from points and structured light"): the frames a
 * projector shows for camera calibration, and the one formula that says which output pixels are
 * white in each. Part of the shared contract: the output page (engine/core/protocol
 * GrayCodeFrameSchema) draws the same frames, so both import `grayPixel` / `grayBitCount` from here.
 */

/** One frame of the sequence: all white, all black, or one Gray-code bit (with or without inversion). */
export type StructuredFrame =
  | { readonly kind: 'white' }
  | { readonly kind: 'black' }
  | { readonly kind: 'gray'; readonly axis: 'x' | 'y'; readonly bit: number; readonly inverse: boolean };

/** An 8-bit grey camera image, row-major from the top-left (getUserMedia frames or the simulated camera). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Number of Gray-code bits for an output dimension of `size` pixels: ceil(log2 size), at least 1. */
export function grayBitCount(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(size)));
}

/** Binary → reflected Gray code. */
export function toGray(n: number): number {
  return (n ^ (n >>> 1)) >>> 0;
}

/** Reflected Gray code → binary (b₀ = g₀, bᵢ = bᵢ₋₁ xor gᵢ from the most significant bit). */
export function fromGray(g: number): number {
  let b = g >>> 0;
  for (let shift = b >>> 1; shift !== 0; shift >>>= 1) b ^= shift;
  return b >>> 0;
}

/**
 * The whole capture sequence for a W × H output: white, black, then the x bits from the most
 * significant, each followed by its inverse, then the y bits likewise.
 */
export function grayCodeFrames(width: number, height: number): StructuredFrame[] {
  const out: StructuredFrame[] = [{ kind: 'white' }, { kind: 'black' }];
  for (const [axis, size] of [['x', width], ['y', height]] as const) {
    const n = grayBitCount(size);
    for (let bit = 0; bit < n; bit++) {
      out.push({ kind: 'gray', axis, bit, inverse: false });
      out.push({ kind: 'gray', axis, bit, inverse: true });
    }
  }
  return out;
}

/**
 * Value (0 or 1) of Gray-code bit `bit` (0 = most significant of `nbits`) at integer index c:
 * (gray(c) >> (nbits − 1 − bit)) & 1, swapped when `inverse`.
 */
export function grayBit(c: number, bit: number, nbits: number, inverse: boolean): 0 | 1 {
  const v = (toGray(c) >>> (nbits - 1 - bit)) & 1;
  return (inverse ? 1 - v : v) as 0 | 1;
}

/**
 * Whether output pixel (x, y) of a width × height output is white (1) or black (0) in `frame`. x and y
 * are pixel indices (column, row from the top-left; a fractional position is floored to its pixel).
 */
export function grayPixel(frame: StructuredFrame, x: number, y: number, width: number, height: number): 0 | 1 {
  if (frame.kind === 'white') return 1;
  if (frame.kind === 'black') return 0;
  const c = Math.floor(frame.axis === 'x' ? x : y);
  return grayBit(c, frame.bit, grayBitCount(frame.axis === 'x' ? width : height), frame.inverse);
}

/** A stable short name for a frame ("white", "black", "x3", "x3i"): labels, seeds and file names. */
export function frameName(frame: StructuredFrame): string {
  return frame.kind === 'gray' ? `${frame.axis}${frame.bit}${frame.inverse ? 'i' : ''}` : frame.kind;
}

/** The frame as the conductor's `testPattern` command carries it (engine/core/protocol). */
export function frameAsTestPattern(frame: StructuredFrame): 'white' | 'black' | { grayCode: { axis: 'x' | 'y'; bit: number; inverse: boolean } } {
  return frame.kind === 'gray' ? { grayCode: { axis: frame.axis, bit: frame.bit, inverse: frame.inverse } } : frame.kind;
}

/**
 * An 8-bit grey image from RGBA pixels (a canvas ImageData of a getUserMedia frame): Rec. 601 luma,
 * rounded. The page's camera capture hands this to recalibrateProjector.
 */
export function grayImageFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  if (rgba.length !== width * height * 4) throw new Error(`grayImageFromRgba: ${rgba.length} bytes is not ${width} × ${height} RGBA (${width * height * 4} bytes)`);
  const data = new Uint8Array(width * height);
  for (let p = 0, q = 0; p < data.length; p++, q += 4) data[p] = Math.round(0.299 * rgba[q]! + 0.587 * rgba[q + 1]! + 0.114 * rgba[q + 2]!);
  return { width, height, data };
}
