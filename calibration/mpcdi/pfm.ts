import { MpcdiError } from './MpcdiDocument.ts';

/** A decoded PFM image: `channels` floats per pixel, row 0 at the TOP (the file stores rows bottom to top). */
export interface PfmImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Float32Array;
}

const MAX_SIDE = 1 << 15;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Reads a Portable Float Map: "PF" (RGB) or "Pf" (grey), then width and height, then the scale, whose
 * sign gives the byte order (negative: little-endian), each token followed by one whitespace byte; then
 * rows of 32-bit floats from the bottom of the image to the top. `name` is used in errors.
 */
export function readPfm(bytes: Uint8Array, name: string): PfmImage {
  let p = 0;
  const token = (): string => {
    while (p < bytes.length && isSpace(bytes[p]!)) p++;
    const start = p;
    while (p < bytes.length && !isSpace(bytes[p]!) && p - start < 32) p++;
    let s = '';
    for (let i = start; i < p; i++) s += String.fromCharCode(bytes[i]!);
    p++; // exactly one whitespace byte ends the token
    return s;
  };
  const magic = token();
  if (magic !== 'PF' && magic !== 'Pf') throw new MpcdiError(`not a PFM file (starts with "${magic.slice(0, 8)}", expected "PF" or "Pf")`, name);
  const channels = magic === 'PF' ? 3 : 1;
  const w = Number(token());
  const h = Number(token());
  const scale = Number(token());
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
    throw new MpcdiError(`PFM header gives a size of ${w} × ${h} (expected whole numbers from 1 to ${MAX_SIDE})`, name);
  }
  if (!Number.isFinite(scale) || scale === 0) throw new MpcdiError(`PFM header scale is "${scale}" (expected a non-zero number: negative for little-endian)`, name);
  const need = w * h * channels * 4;
  if (bytes.length - p < need) {
    throw new MpcdiError(`PFM data is truncated: ${bytes.length - p} bytes after the header, ${need} expected for ${w} × ${h} × ${channels} floats`, name);
  }
  const little = scale < 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + p, need);
  const data = new Float32Array(w * h * channels);
  const rowLen = w * channels;
  for (let fileRow = 0; fileRow < h; fileRow++) {
    const row = h - 1 - fileRow;
    for (let k = 0; k < rowLen; k++) data[row * rowLen + k] = view.getFloat32((fileRow * rowLen + k) * 4, little);
  }
  return { width: w, height: h, channels, data };
}

/** Writes a little-endian PFM ("PF" for 3 channels, "Pf" for 1), rows bottom to top as the format says; data row 0 is the top. */
export function writePfm(img: PfmImage): Uint8Array {
  const header = `${img.channels === 3 ? 'PF' : 'Pf'}\n${img.width} ${img.height}\n-1.0\n`;
  const rowLen = img.width * img.channels;
  if (img.data.length !== rowLen * img.height) throw new Error(`writePfm: ${img.data.length} floats for ${img.width} × ${img.height} × ${img.channels}`);
  const out = new Uint8Array(header.length + rowLen * img.height * 4);
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, header.length);
  for (let fileRow = 0; fileRow < img.height; fileRow++) {
    const row = img.height - 1 - fileRow;
    for (let k = 0; k < rowLen; k++) view.setFloat32((fileRow * rowLen + k) * 4, img.data[row * rowLen + k]!, true);
  }
  return out;
}
