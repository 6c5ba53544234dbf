import { describe, expect, it } from 'vitest';
import { frameAsTestPattern, frameName, fromGray, grayBitCount, grayCodeFrames, grayImageFromRgba, grayPixel, toGray } from './grayCode.ts';

describe('Gray code patterns', () => {
  it('converts binary ↔ Gray and neighbours differ in one bit', () => {
    for (let n = 0; n < 5000; n++) {
      expect(fromGray(toGray(n))).toBe(n);
      const d = toGray(n) ^ toGray(n + 1);
      expect(d & (d - 1)).toBe(0);
    }
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(toGray)).toEqual([0, 1, 3, 2, 6, 7, 5, 4]);
  });

  it('lists white, black, then x and y bits from the most significant, each with its inverse', () => {
    const f = grayCodeFrames(1280, 800);
    expect(grayBitCount(1280)).toBe(11);
    expect(grayBitCount(800)).toBe(10);
    expect(grayBitCount(1024)).toBe(10);
    expect(f).toHaveLength(2 + 2 * 11 + 2 * 10);
    expect(f.slice(0, 4).map(frameName)).toEqual(['white', 'black', 'x0', 'x0i']);
    expect(frameName(f[24]!)).toBe('y0');
    expect(frameAsTestPattern(f[3]!)).toEqual({ grayCode: { axis: 'x', bit: 0, inverse: true } });
  });

  it('follows the contract formula: column c white when (gray(c) >> (nbits − 1 − bit)) & 1', () => {
    // W = 8: 3 bits. Columns 0..7 have Gray codes 000 001 011 010 110 111 101 100.
    const col = (bit: number, inverse = false) => Array.from({ length: 8 }, (_, c) => grayPixel({ kind: 'gray', axis: 'x', bit, inverse }, c + 0.5, 0, 8, 4));
    expect(col(0)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(col(1)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(col(2)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(col(2, true)).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    // Rows count from the top; x does not matter for a y frame.
    expect(grayPixel({ kind: 'gray', axis: 'y', bit: 0, inverse: false }, 5, 3.9, 8, 4)).toBe(1);
    expect(grayPixel({ kind: 'gray', axis: 'y', bit: 0, inverse: false }, 5, 1, 8, 4)).toBe(0);
    expect(grayPixel({ kind: 'white' }, 0, 0, 8, 4)).toBe(1);
    expect(grayPixel({ kind: 'black' }, 0, 0, 8, 4)).toBe(0);
  });

  it('decodes every column of a 1920-wide output back from its bits', () => {
    const n = grayBitCount(1920);
    for (let c = 0; c < 1920; c++) {
      let g = 0;
      for (let bit = 0; bit < n; bit++) g = (g << 1) | grayPixel({ kind: 'gray', axis: 'x', bit, inverse: false }, c, 0, 1920, 1080);
      expect(fromGray(g)).toBe(c);
    }
  });

  it('turns an RGBA camera frame into an 8-bit grey image (Rec. 601 luma)', () => {
    const img = grayImageFromRgba(Uint8ClampedArray.from([255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]), 2, 2);
    expect([...img.data]).toEqual([255, 76, 150, 29]);
    expect(() => grayImageFromRgba(new Uint8Array(12), 2, 2)).toThrow(/12 bytes is not 2 × 2 RGBA \(16 bytes\)/);
  });
});
