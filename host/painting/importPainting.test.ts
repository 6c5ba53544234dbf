import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parsePyramidManifestText, pyramidLevels } from '../../engine/core/painting/tilePyramid.ts';
import { ImportError, importPainting } from './importPainting.ts';
import { probeScan } from './probeScan.ts';
import { formatDuration, progressLine } from './progressBar.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-lib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importPainting (library)', () => {
  it('imports an odd-sized JPEG and a tiled TIFF: levels as libvips writes them, pixels kept', async () => {
    const gradient = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 40, b: 90 } } });
    await gradient(3001, 517).jpeg({ quality: 95 }).toFile(join(dir, 'odd.jpg'));
    await gradient(2500, 700).tiff({ tile: true, tileWidth: 256, tileHeight: 256 }).toFile(join(dir, 'scan.tif'));
    for (const [file, w, h] of [
      ['odd.jpg', 3001, 517],
      ['scan.tif', 2500, 700],
    ] as const) {
      const progress: [number, number][] = [];
      const r = await importPainting(join(dir, file), join(dir, 'out', file), { tileSize: 256, onProgress: (d, t) => progress.push([d, t]), progressIntervalMs: 20 });
      expect(r.manifest.levels).toEqual(pyramidLevels(w, h, 256));
      const text = readFileSync(join(dir, 'out', file, 'tiles.json'), 'utf8');
      expect(parsePyramidManifestText(text).ok).toBe(true);
      expect(progress.at(-1)).toEqual([r.tiles, r.tiles]);
      const last = r.manifest.levels.at(-1)!;
      const { data, info } = await sharp(join(dir, 'out', file, `tiles/${last.level}/${last.columns - 1}_${last.rows - 1}.jpeg`)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([w - 256 * (last.columns - 1), h - 256 * (last.rows - 1)]);
      expect(Math.abs(data[0]! - 200) + Math.abs(data[1]! - 40) + Math.abs(data[2]! - 90)).toBeLessThan(12);
    }
  });

  it('a failure leaves neither the temporary folder nor a painting', async () => {
    const png = await sharp({ create: { width: 2048, height: 512, channels: 3, background: '#336699' } }).png().toBuffer();
    // IEND kept, image data cut: the probe passes, libvips fails while reading.
    const cut = Buffer.concat([png.subarray(0, Math.floor(png.length / 2)), png.subarray(png.length - 12)]);
    writeFileSync(join(dir, 'cut.png'), cut);
    mkdirSync(join(dir, 'cutout'), { recursive: true });
    await expect(importPainting(join(dir, 'cut.png'), join(dir, 'cutout', 'p'))).rejects.toThrow(ImportError);
    await expect(importPainting(join(dir, 'cut.png'), join(dir, 'cutout', 'p'))).rejects.toThrow(/cut\.png: .*truncated or damaged/);
    expect(readdirSync(join(dir, 'cutout'))).toEqual([]);
    expect(existsSync(join(dir, 'cutout', 'p'))).toBe(false);
  });
});

describe('probeScan', () => {
  it('knows the kinds by their bytes and sees truncated JPEG and TIFF files', async () => {
    const jpg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer();
    writeFileSync(join(dir, 'a.png'), jpg); // a JPEG with a PNG name
    expect(probeScan(join(dir, 'a.png'))).toEqual({ ok: true, kind: 'jpeg' });
    writeFileSync(join(dir, 'cut.jpg'), jpg.subarray(0, jpg.length - 40));
    expect(probeScan(join(dir, 'cut.jpg'))).toMatchObject({ ok: false, reason: expect.stringMatching(/JPEG file that ends early/) });
    const tif = Buffer.alloc(64);
    tif.write('II', 0, 'latin1');
    tif.writeUInt16LE(42, 2);
    tif.writeUInt32LE(100000, 4);
    writeFileSync(join(dir, 'cut.tif'), tif);
    expect(probeScan(join(dir, 'cut.tif'))).toMatchObject({ ok: false, reason: expect.stringMatching(/first directory \(at byte 100000\) lies outside its 64 bytes/) });
    writeFileSync(join(dir, 'empty.tif'), '');
    expect(probeScan(join(dir, 'empty.tif'))).toEqual({ ok: false, reason: 'is empty' });
    expect(probeScan(dir)).toEqual({ ok: false, reason: 'is a folder, not an image file' });
  });
});

describe('progressLine', () => {
  it('gives no estimate before 1 % and 2 s, then the time left at the rate so far', () => {
    expect(progressLine(0, 871, 0.5)).toMatch(/0% {2}0\/871 tiles {2}1 s elapsed, estimating time left…/);
    expect(progressLine(100, 1000, 10)).toBe('[###...........................]  10%  100/1000 tiles  10 s elapsed, about 1 min 30 s left');
    expect(progressLine(871, 871, 23)).toMatch(/100% {2}871\/871 tiles {2}23 s elapsed, done$/);
    expect(formatDuration(3725)).toBe('1 h 02 min');
  });
});
