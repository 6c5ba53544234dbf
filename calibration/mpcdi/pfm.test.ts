import { describe, expect, it } from 'vitest';
import { readPfm, writePfm } from './pfm.ts';

describe('PFM', () => {
  it('writes the header, little-endian floats and rows from the bottom up, and reads them back (NaN kept)', () => {
    // 2 × 2 RGB, row 0 = top.
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, /* bottom row: */ 7, NaN, 9, 0.25, -1.5, 1e-7]);
    const bytes = writePfm({ width: 2, height: 2, channels: 3, data });
    const header = 'PF\n2 2\n-1.0\n';
    expect(String.fromCharCode(...bytes.subarray(0, header.length))).toBe(header);
    const view = new DataView(bytes.buffer, bytes.byteOffset + header.length);
    // The first row in the file is the bottom row of the image.
    expect(view.getFloat32(0, true)).toBe(7);
    expect(Number.isNaN(view.getFloat32(4, true))).toBe(true);
    expect(view.getFloat32(12, true)).toBe(0.25);
    expect(view.getFloat32(24, true)).toBe(1);
    const back = readPfm(bytes, 'w.pfm');
    expect(back.width).toBe(2);
    expect(back.height).toBe(2);
    expect(back.channels).toBe(3);
    for (let i = 0; i < data.length; i++) {
      if (Number.isNaN(data[i]!)) expect(Number.isNaN(back.data[i]!)).toBe(true);
      else expect(back.data[i]).toBe(data[i]);
    }
  });

  it('reads big-endian files (positive scale) and a one-channel "Pf"', () => {
    const header = 'Pf\n3 1\n1.0\n';
    const bytes = new Uint8Array(header.length + 12);
    for (let i = 0; i < header.length; i++) bytes[i] = header.charCodeAt(i);
    const view = new DataView(bytes.buffer, header.length);
    [0.5, -2, 3.25].forEach((v, i) => view.setFloat32(i * 4, v, false));
    const img = readPfm(bytes, 'g.pfm');
    expect(img.channels).toBe(1);
    expect([...img.data]).toEqual([0.5, -2, 3.25]);
  });

  it('refuses a truncated file and a file that is not PFM, naming the file', () => {
    const ok = writePfm({ width: 3, height: 3, channels: 3, data: new Float32Array(27) });
    expect(() => readPfm(ok.subarray(0, ok.length - 5), 'P01_warp.pfm')).toThrow(/P01_warp\.pfm: PFM data is truncated: 103 bytes after the header, 108 expected/);
    expect(() => readPfm(new Uint8Array([0x50, 0x36, 0x0a]), 'x.pfm')).toThrow(/x\.pfm: not a PFM file/);
  });
});
