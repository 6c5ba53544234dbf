import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeDataMap, encodeDataMap, sampleDataMap } from './dataMap.ts';
import type { MpcdiWarning } from './MpcdiDocument.ts';

describe('alpha and beta map PNGs', () => {
  it('8-bit grey and 16-bit grey decode to 0..1', () => {
    const w: MpcdiWarning[] = [];
    const g8 = decodeDataMap(encode({ width: 3, height: 1, data: Uint8Array.from([0, 51, 255]), depth: 8, channels: 1 }), 'a.png', w);
    expect(g8.bitDepth).toBe(8);
    expect(g8.componentDepth).toBe(1);
    expect([...g8.data]).toEqual([0, 0.2, 1].map(Math.fround));
    const g16 = decodeDataMap(encode({ width: 2, height: 1, data: Uint16Array.from([32768, 65535]), depth: 16, channels: 1 }), 'b.png', w);
    expect(g16.bitDepth).toBe(16);
    expect(g16.data[0]).toBeCloseTo(32768 / 65535, 7);
    expect(g16.data[1]).toBe(1);
    expect(w).toEqual([]);
  });

  it('3-channel 8- and 16-bit decode; differing channels are averaged with a warning naming the file', () => {
    const w: MpcdiWarning[] = [];
    const rgb8 = decodeDataMap(encode({ width: 1, height: 1, data: Uint8Array.from([255, 255, 255]), depth: 8, channels: 3 }), 'c.png', w);
    expect(rgb8.componentDepth).toBe(3);
    expect(rgb8.data[0]).toBe(1);
    expect(w).toEqual([]);
    const rgb16 = decodeDataMap(encode({ width: 1, height: 1, data: Uint16Array.from([0, 65535, 65535]), depth: 16, channels: 3 }), 'd.png', w);
    expect(rgb16.data[0]).toBeCloseTo(2 / 3, 6);
    expect(w[0]?.code).toBe('mapChannels');
    expect(w[0]?.message).toMatch(/^d\.png: /);
  });

  it('encodes 1 or 3 channels at 8 or 16 bit and reads back within one step', () => {
    const data = Float32Array.from([0, 0.1, 0.5, 0.999, 1, 0.3333]);
    for (const bitDepth of [8, 16] as const) {
      for (const componentDepth of [1, 3] as const) {
        const back = decodeDataMap(encodeDataMap({ width: 3, height: 2, data, componentDepth, bitDepth }), 'm.png', []);
        expect(back.componentDepth).toBe(componentDepth);
        expect(back.bitDepth).toBe(bitDepth);
        const step = 1 / (bitDepth === 16 ? 65535 : 255);
        data.forEach((v, i) => expect(Math.abs(back.data[i]! - v)).toBeLessThanOrEqual(step / 2 + 1e-7));
      }
    }
  });

  it('samples a map stretched over the output with values at the pixel centres', () => {
    const map = { width: 2, height: 1, data: Float32Array.from([0, 1]), componentDepth: 1 as const, bitDepth: 16 as const };
    expect(sampleDataMap(map, 100, 10, 25, 5)).toBe(0);
    expect(sampleDataMap(map, 100, 10, 75, 5)).toBe(1);
    expect(sampleDataMap(map, 100, 10, 50, 5)).toBeCloseTo(0.5, 12);
    expect(sampleDataMap(map, 100, 10, 0, 0)).toBe(0);
  });
});
