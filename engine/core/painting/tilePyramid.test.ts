import { describe, expect, it } from 'vitest';
import { chooseLevel, parsePyramidManifestText, parsePyramidManifestValue, pyramidLevels, pyramidTileCount, tilesInBox, tilePath, type PyramidManifest } from './tilePyramid.ts';

function manifest(width: number, height: number, tileSize = 1024): PyramidManifest {
  return { format: 'panorama-tile-pyramid', version: 1, width, height, tileSize, fileType: 'jpeg', levels: pyramidLevels(width, height, tileSize) };
}

describe('pyramidLevels', () => {
  it('halves 65,536 × 10,240 down to one 1024-px tile: 7 levels, 871 tiles', () => {
    const levels = pyramidLevels(65536, 10240, 1024);
    expect(levels.map((l) => [l.width, l.height])).toEqual([
      [1024, 160],
      [2048, 320],
      [4096, 640],
      [8192, 1280],
      [16384, 2560],
      [32768, 5120],
      [65536, 10240],
    ]);
    expect(levels[6]).toMatchObject({ columns: 64, rows: 10, tiles: 640 });
    expect(pyramidTileCount(levels)).toBe(640 + 160 + 48 + 16 + 4 + 2 + 1);
  });

  it('rounds odd sizes up and keeps partial edge tiles', () => {
    const levels = pyramidLevels(1001, 301, 256);
    expect(levels.map((l) => [l.width, l.height, l.columns, l.rows])).toEqual([
      [251, 76, 1, 1],
      [501, 151, 2, 1],
      [1001, 301, 4, 2],
    ]);
  });
});

describe('the manifest', () => {
  it('accepts what pyramidLevels describes, and names the tile files', () => {
    const m = manifest(65536, 1024);
    expect(parsePyramidManifestText(JSON.stringify(m))).toEqual({ ok: true, value: m });
    expect(tilePath(m, 6, 63, 0)).toBe('tiles/6/63_0.jpeg');
  });

  it('names the field when a level does not match the image', () => {
    const m = manifest(4096, 1024);
    const bad = { ...m, levels: m.levels.map((l, i) => (i === m.levels.length - 1 ? { ...l, width: 4000 } : l)) };
    const r = parsePyramidManifestValue(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain(`levels.${m.levels.length - 1}`);
  });

  it('refuses another format, a tile over 4096 px and broken JSON', () => {
    const m = manifest(4096, 1024);
    const other = parsePyramidManifestValue({ ...m, format: 'dzi' });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.problems[0]!.path).toBe('format');
    const big = parsePyramidManifestValue({ ...m, tileSize: 8192 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.problems[0]!.path).toBe('tileSize');
    const cut = parsePyramidManifestText(JSON.stringify(m).slice(0, 40));
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.problems[0]!.message).toMatch(/invalid JSON|ends too early/);
  });
});

describe('chooseLevel and tilesInBox', () => {
  const m = manifest(65536, 10240);

  it('takes the coarsest level that is not magnified, else the finest', () => {
    expect(chooseLevel(m, 5000, 700).width).toBe(8192);
    expect(chooseLevel(m, 8192, 1280).width).toBe(8192);
    expect(chooseLevel(m, 8193, 10).width).toBe(16384);
    expect(chooseLevel(m, 100000, 10).width).toBe(65536);
  });

  it('lists the tiles under a box, rows from the top, across the seam on a round wall', () => {
    const full = m.levels[6]!;
    // u 0.5 ± half a tile, upper tenth of the wall: columns 31 and 32 (of 64), row 0 (of 10).
    expect([...tilesInBox(full, 1024, { u0: 0.5 - 1 / 128, u1: 0.5 + 1 / 128, v0: 0.95, v1: 1 }, false)].sort()).toEqual(['31,0', '32,0']);
    expect([...tilesInBox(full, 1024, { u0: 0.99, u1: 1.01, v0: 0, v1: 0.05 }, true)].sort()).toEqual(['0,9', '63,9']);
    expect([...tilesInBox(full, 1024, { u0: 0.99, u1: 1.01, v0: 0, v1: 0.05 }, false)]).toEqual(['63,9']);
    expect(tilesInBox(full, 1024, { u0: -0.2, u1: 1.3, v0: 0, v1: 1 }, true).size).toBe(640);
  });
});
