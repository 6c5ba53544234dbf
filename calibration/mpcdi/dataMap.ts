import { decode, encode } from 'fast-png';
import { MpcdiError, type MpcdiDataMap, type MpcdiWarning } from './MpcdiDocument.ts';

/**
 * Decodes an alpha or beta map PNG (1 or 3 channels, 8 or 16 bit; grey+alpha and RGBA are accepted,
 * their alpha channel ignored) into one channel 0..1. Three channels that differ are averaged, with a warning.
 */
export function decodeDataMap(bytes: Uint8Array, name: string, warnings: MpcdiWarning[]): MpcdiDataMap {
  let png;
  try {
    png = decode(bytes);
  } catch (err) {
    throw new MpcdiError(`not a readable PNG (${err instanceof Error ? err.message : String(err)})`, name);
  }
  if (png.palette) throw new MpcdiError('is a palette PNG (expected grey or RGB, 8 or 16 bit)', name);
  const depth = png.depth;
  if (depth !== 8 && depth !== 16) throw new MpcdiError(`has ${depth}-bit samples (expected 8 or 16)`, name);
  const ch = png.channels;
  const colour = ch >= 3;
  const max = depth === 16 ? 65535 : 255;
  const n = png.width * png.height;
  const out = new Float32Array(n);
  let differ = false;
  for (let i = 0; i < n; i++) {
    if (colour) {
      const r = png.data[i * ch]!;
      const g = png.data[i * ch + 1]!;
      const b = png.data[i * ch + 2]!;
      if (r !== g || g !== b) differ = true;
      out[i] = (r + g + b) / (3 * max);
    } else out[i] = png.data[i * ch]! / max;
  }
  if (differ) warnings.push({ code: 'mapChannels', file: name, message: `${name}: the red, green and blue channels differ; their mean is used (the engine blends all colours alike)` });
  return { width: png.width, height: png.height, data: out, componentDepth: colour ? 3 : 1, bitDepth: depth };
}

/** Encodes a 0..1 map as a PNG with 1 or 3 identical channels at 8 or 16 bit (values clamped, rounded). */
export function encodeDataMap(map: MpcdiDataMap): Uint8Array {
  const n = map.width * map.height;
  const ch = map.componentDepth;
  const max = map.bitDepth === 16 ? 65535 : 255;
  const data = map.bitDepth === 16 ? new Uint16Array(n * ch) : new Uint8Array(n * ch);
  for (let i = 0; i < n; i++) {
    const v = Math.round(Math.min(Math.max(map.data[i]!, 0), 1) * max);
    for (let c = 0; c < ch; c++) data[i * ch + c] = v;
  }
  return encode({ width: map.width, height: map.height, data, depth: map.bitDepth, channels: ch });
}

/**
 * Bilinear sample of a map stretched over an output image of width × height pixels: map pixel (i, j)
 * covers output pixels [i·W/w, (i+1)·W/w) and its value sits at its centre; edges clamp.
 */
export function sampleDataMap(map: MpcdiDataMap, width: number, height: number, x: number, y: number): number {
  const fx = Math.min(Math.max((x / width) * map.width - 0.5, 0), map.width - 1);
  const fy = Math.min(Math.max((y / height) * map.height - 0.5, 0), map.height - 1);
  const i = Math.min(Math.floor(fx), Math.max(map.width - 2, 0));
  const j = Math.min(Math.floor(fy), Math.max(map.height - 2, 0));
  const tx = fx - i;
  const ty = fy - j;
  const i1 = Math.min(i + 1, map.width - 1);
  const j1 = Math.min(j + 1, map.height - 1);
  const d = map.data;
  const a = d[j * map.width + i]!;
  const b = d[j * map.width + i1]!;
  const c = d[j1 * map.width + i]!;
  const e = d[j1 * map.width + i1]!;
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + e * tx) * ty;
}
