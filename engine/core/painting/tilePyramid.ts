/**
 * The painting tile pyramid: the format `npm run assets:import` writes and the renderer streams.
 *
 * A pyramid lives in one folder of the asset folder (`paintings/NAME/`): a manifest `tiles.json` and
 * the tiles `tiles/<level>/<column>_<row>.<fileType>`. Level 0 is the coarsest (the whole painting
 * in one tile); each next level doubles the resolution; the last level is the scan itself. Tiles are
 * `tileSize` square except in the last column and row; column 0, row 0 is the top-left.
 * Pure: shared by the importer (Node) and the renderer (browser).
 */
import { z } from 'zod';
import { parseJsonText, type ParseResult, type Problem } from '../json/parseJsonText.ts';
import { problemsFromZod } from '../json/zodProblems.ts';

/** The manifest's `format` value. */
export const PYRAMID_FORMAT = 'panorama-tile-pyramid';
/** The manifest version this engine writes and reads. */
export const PYRAMID_VERSION = 1;
/** The manifest's file name inside a painting folder. */
export const PYRAMID_MANIFEST = 'tiles.json';
/** Largest tile edge: every tile is one texture, well under any GPU's limit (8192 here). */
export const MAX_TILE_PX = 4096;
/** Smallest tile edge accepted. */
export const MIN_TILE_PX = 64;

const dim = z.number().int().min(1).max(1 << 22);

/** One level of the pyramid: its size in pixels and its grid of tiles. */
export const PyramidLevelSchema = z.strictObject({
  level: z.number().int().min(0).max(32),
  width: dim,
  height: dim,
  columns: dim,
  rows: dim,
  tiles: z.number().int().min(1),
});

/** The manifest `tiles.json` (zod schema; see the module comment for the folder layout). */
export const PyramidManifestSchema = z.strictObject({
  format: z.literal(PYRAMID_FORMAT),
  version: z.literal(PYRAMID_VERSION),
  width: dim,
  height: dim,
  tileSize: z.number().int().min(MIN_TILE_PX).max(MAX_TILE_PX),
  fileType: z.enum(['jpeg', 'png', 'webp']),
  /** Coarsest first; the last level is width × height. */
  levels: z.array(PyramidLevelSchema).min(1).max(33),
  /** Where it came from (file name and size in bytes), for people reading the folder. */
  source: z.strictObject({ file: z.string().max(1024), bytes: z.number().int().min(0) }).optional(),
});

/** A pyramid level. */
export type PyramidLevel = z.infer<typeof PyramidLevelSchema>;
/** A pyramid manifest. */
export type PyramidManifest = z.infer<typeof PyramidManifestSchema>;

/**
 * The levels of a width × height image cut in tileSize tiles: halved (rounding up) until the image
 * fits in one tile, as libvips' dzsave with depth "onetile" writes them. Coarsest first.
 */
export function pyramidLevels(width: number, height: number, tileSize: number): PyramidLevel[] {
  const sizes: [number, number][] = [[width, height]];
  for (;;) {
    const [w, h] = sizes[sizes.length - 1]!;
    if (w <= tileSize && h <= tileSize) break;
    sizes.push([Math.ceil(w / 2), Math.ceil(h / 2)]);
  }
  sizes.reverse();
  return sizes.map(([w, h], level) => {
    const columns = Math.ceil(w / tileSize);
    const rows = Math.ceil(h / tileSize);
    return { level, width: w, height: h, columns, rows, tiles: columns * rows };
  });
}

/** Total tiles of a pyramid (all levels). */
export function pyramidTileCount(levels: readonly PyramidLevel[]): number {
  return levels.reduce((n, l) => n + l.tiles, 0);
}

/** The relative path of a tile inside the painting folder. */
export function tilePath(manifest: Pick<PyramidManifest, 'fileType'>, level: number, column: number, row: number): string {
  return `tiles/${level}/${column}_${row}.${manifest.fileType}`;
}

/** Checks what zod cannot: the levels form a pyramid of the stated size and tile grid. */
function consistencyProblems(m: PyramidManifest): Problem[] {
  const problems: Problem[] = [];
  m.levels.forEach((l, i) => {
    const at = `levels.${i}`;
    if (l.level !== i) problems.push({ path: `${at}.level`, message: `is ${l.level}`, expected: `${i}: levels are listed coarsest first, numbered from 0` });
    if (l.columns !== Math.ceil(l.width / m.tileSize) || l.rows !== Math.ceil(l.height / m.tileSize)) {
      problems.push({ path: at, message: `has ${l.columns} × ${l.rows} tiles for ${l.width} × ${l.height} px`, expected: `${Math.ceil(l.width / m.tileSize)} × ${Math.ceil(l.height / m.tileSize)} tiles of ${m.tileSize} px` });
    }
    if (l.tiles !== l.columns * l.rows) problems.push({ path: `${at}.tiles`, message: `is ${l.tiles}`, expected: `columns × rows = ${l.columns * l.rows}` });
    const next = m.levels[i + 1];
    if (next && (l.width !== Math.ceil(next.width / 2) || l.height !== Math.ceil(next.height / 2))) {
      problems.push({ path: at, message: `is ${l.width} × ${l.height} px`, expected: `half the next level, ${Math.ceil(next.width / 2)} × ${Math.ceil(next.height / 2)} px` });
    }
  });
  const last = m.levels[m.levels.length - 1]!;
  if (last.width !== m.width || last.height !== m.height) {
    problems.push({ path: `levels.${m.levels.length - 1}`, message: `is ${last.width} × ${last.height} px`, expected: `the full image, ${m.width} × ${m.height} px` });
  }
  return problems;
}

/** Validates a parsed manifest value (zod, then the pyramid's arithmetic). */
export function parsePyramidManifestValue(value: unknown): ParseResult<PyramidManifest> {
  const r = PyramidManifestSchema.safeParse(value, { reportInput: true });
  if (!r.success) return { ok: false, problems: problemsFromZod(r.error.issues) };
  const problems = consistencyProblems(r.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: r.data };
}

/** Parses and validates manifest text. */
export function parsePyramidManifestText(text: string): ParseResult<PyramidManifest> {
  const json = parseJsonText(text, `a tile pyramid manifest (${PYRAMID_MANIFEST})`);
  return json.ok ? parsePyramidManifestValue(json.value) : json;
}

/**
 * The level to draw when the painting must show at least `widthPx` × `heightPx` texels for the whole
 * painting: the coarsest level at least that large (so it is never magnified), else the finest.
 */
export function chooseLevel(manifest: PyramidManifest, widthPx: number, heightPx: number): PyramidLevel {
  for (const l of manifest.levels) if (l.width >= widthPx && l.height >= heightPx) return l;
  return manifest.levels[manifest.levels.length - 1]!;
}

/** A painting-space box (u may pass 1 on a round wall; v from 0 at the bottom to 1 at the top). */
export interface PaintingBox {
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

/**
 * The tiles of a level that a painting-space box touches, as `column,row` keys (a box crossing the
 * seam, u beyond [0, 1), takes tiles from both ends when `wrapsU`). Tile rows count from the top.
 */
export function tilesInBox(level: PyramidLevel, tileSize: number, box: PaintingBox, wrapsU: boolean): Set<string> {
  const keys = new Set<string>();
  const v0 = Math.max(0, Math.min(box.v0, box.v1));
  const v1 = Math.min(1, Math.max(box.v0, box.v1));
  if (v1 <= v0) return keys;
  // Image y grows downward: v = 1 is row 0.
  const row0 = Math.max(0, Math.floor(((1 - v1) * level.height) / tileSize));
  const row1 = Math.min(level.rows - 1, Math.ceil(((1 - v0) * level.height) / tileSize) - 1);
  const lo = Math.min(box.u0, box.u1);
  const hi = Math.max(box.u0, box.u1);
  const spans: [number, number][] = [];
  if (!wrapsU) spans.push([Math.max(0, lo), Math.min(1, hi)]);
  else if (hi - lo >= 1) spans.push([0, 1]);
  else {
    const a = lo - Math.floor(lo);
    const b = a + (hi - lo);
    if (b <= 1) spans.push([a, b]);
    else spans.push([a, 1], [0, b - 1]);
  }
  for (const [a, b] of spans) {
    if (b <= a) continue;
    const col0 = Math.max(0, Math.floor((a * level.width) / tileSize));
    const col1 = Math.min(level.columns - 1, Math.ceil((b * level.width) / tileSize) - 1);
    for (let r = row0; r <= row1; r++) for (let c = col0; c <= col1; c++) keys.add(`${c},${r}`);
  }
  return keys;
}
