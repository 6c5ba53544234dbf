/**
 * The painting pipeline: a huge scan (TIFF, PNG or JPEG) → the tile pyramid the renderer streams
 * (engine/core/painting/tilePyramid.ts). libvips (sharp) reads the scan once, top to bottom, and
 * writes every level as it goes (dzsave), so memory holds about one row of tiles, never the image.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { MAX_TILE_PX, MIN_TILE_PX, PYRAMID_FORMAT, PYRAMID_MANIFEST, PYRAMID_VERSION, pyramidLevels, pyramidTileCount, type PyramidLevel, type PyramidManifest } from '../../engine/core/painting/tilePyramid.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { probeScan } from './probeScan.ts';

/** Import options; sizes in pixels. */
export interface ImportOptions {
  /** Replace an existing painting folder (default false: refuse). */
  readonly force?: boolean;
  /** Tile edge (default 1024, 64…4096). */
  readonly tileSize?: number;
  /** Tile file type (default jpeg). */
  readonly fileType?: PyramidManifest['fileType'];
  /** JPEG / WebP quality 1…100 (default 90). */
  readonly quality?: number;
  /** Smallest scan accepted (default 1024 × 256: smaller images go in a show as plain images). */
  readonly minWidth?: number;
  readonly minHeight?: number;
  /** Called about twice a second with tiles written so far and the total the pyramid will have. */
  readonly onProgress?: (tilesDone: number, tilesTotal: number) => void;
  /** How often progress is measured (default 500 ms). */
  readonly progressIntervalMs?: number;
}

/** What an import made. */
export interface ImportResult {
  readonly manifest: PyramidManifest;
  /** The painting folder (absolute). */
  readonly outDir: string;
  readonly tiles: number;
  readonly seconds: number;
}

/** An import refused or failed for a reason the user can act on; `message` names the file. */
export class ImportError extends Error {}

/** The largest side accepted (the manifest's limit); far beyond any painting scan. */
const MAX_SIDE_PX = 1 << 22;

function countTiles(tilesDir: string): number {
  let n = 0;
  let levels: string[];
  try {
    levels = readdirSync(tilesDir);
  } catch {
    return 0;
  }
  for (const l of levels) {
    if (!/^\d+$/.test(l)) continue;
    try {
      n += readdirSync(join(tilesDir, l)).length;
    } catch {
      // a level folder being created
    }
  }
  return n;
}

/** Checks what libvips wrote against the expected pyramid; returns the levels as written. */
async function verifyTiles(tilesDir: string, expected: readonly PyramidLevel[], tileSize: number, ext: string): Promise<PyramidLevel[]> {
  const found = readdirSync(tilesDir).filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => a - b);
  if (found.length !== expected.length) throw new Error(`libvips wrote ${found.length} levels, expected ${expected.length}`);
  const levels: PyramidLevel[] = [];
  for (const e of expected) {
    const names = new Set(readdirSync(join(tilesDir, String(e.level))));
    if (names.size !== e.tiles) throw new Error(`level ${e.level} has ${names.size} tiles, expected ${e.tiles}`);
    for (let r = 0; r < e.rows; r++) for (let c = 0; c < e.columns; c++) if (!names.has(`${c}_${r}.${ext}`)) throw new Error(`tile ${e.level}/${c}_${r}.${ext} is missing`);
    // The last tile's size gives the level's exact size (libvips' rounding must be the manifest's).
    const last = await sharp(join(tilesDir, String(e.level), `${e.columns - 1}_${e.rows - 1}.${ext}`)).metadata();
    const width = (e.columns - 1) * tileSize + (last.width ?? 0);
    const height = (e.rows - 1) * tileSize + (last.height ?? 0);
    if (width !== e.width || height !== e.height) throw new Error(`level ${e.level} is ${width} × ${height} px, expected ${e.width} × ${e.height}`);
    levels.push(e);
  }
  return levels;
}

/** The temporary folder an import into `outDir` writes before renaming it into place. */
export function importTempDir(outDir: string): string {
  const out = resolve(outDir);
  return join(dirname(out), `.${basename(out)}.importing-${process.pid}`);
}

/**
 * Imports `scanFile` into the painting folder `outDir` (e.g. assets/paintings/dbp): the manifest
 * `tiles.json` and `tiles/<level>/<col>_<row>.<type>`. Everything is written in a temporary folder
 * beside `outDir` and renamed into place when complete, so a failed or interrupted import leaves no
 * half pyramid. Throws ImportError (naming the file) for input it refuses.
 */
export async function importPainting(scanFile: string, outDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const scan = resolve(scanFile);
  const out = resolve(outDir);
  const tileSize = options.tileSize ?? 1024;
  const fileType = options.fileType ?? 'jpeg';
  const quality = options.quality ?? 90;
  const minWidth = options.minWidth ?? 1024;
  const minHeight = options.minHeight ?? 256;
  if (!Number.isInteger(tileSize) || tileSize < MIN_TILE_PX || tileSize > MAX_TILE_PX) throw new ImportError(`tile size ${tileSize} is outside ${MIN_TILE_PX}…${MAX_TILE_PX} px`);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new ImportError(`quality ${quality} is outside 1…100`);

  const kind = probeScan(scan);
  if (!kind.ok) throw new ImportError(`${scan}: ${kind.reason}`);
  // Only the header is read here, so the pixel limit can wait until the size is known.
  let meta: Metadata;
  try {
    meta = await sharp(scan, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ImportError(`${scan}: cannot be read as a ${kind.kind.toUpperCase()} image (${(err as Error).message}): damaged or truncated?`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < minWidth || height < minHeight) {
    throw new ImportError(`${scan}: is ${width} × ${height} px, too small for a painting scan (at least ${minWidth} × ${minHeight} px; show a small image as a plain image layer instead)`);
  }
  if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) throw new ImportError(`${scan}: is ${width} × ${height} px, larger than ${MAX_SIDE_PX} px a side`);

  if (existsSync(out) && !options.force) throw new ImportError(`${out}: already exists; give --force to replace that painting`);
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const tmp = importTempDir(out);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);

  const expected = pyramidLevels(width, height, tileSize);
  const total = pyramidTileCount(expected);
  const tilesDir = join(tmp, 'tiles_files');
  const timer = options.onProgress
    ? setInterval(() => options.onProgress!(countTiles(tilesDir), total), options.progressIntervalMs ?? 500)
    : undefined;
  try {
    sharp.cache(false);
    let pipeline = sharp(scan, { limitInputPixels: width * height, sequentialRead: true, failOn: 'error' }).toColourspace('srgb');
    if (fileType === 'jpeg') pipeline = pipeline.jpeg({ quality });
    else if (fileType === 'webp') pipeline = pipeline.webp({ quality });
    else pipeline = pipeline.png({ compressionLevel: 6 });
    try {
      await pipeline.tile({ size: tileSize, overlap: 0, layout: 'dz', depth: 'onetile', container: 'fs' }).toFile(join(tmp, 'tiles'));
    } catch (err) {
      throw new ImportError(`${scan}: libvips could not read it to the end (${(err as Error).message.split('\n')[0]}): truncated or damaged?`);
    }
    if (timer) clearInterval(timer);
    const levels = await verifyTiles(tilesDir, expected, tileSize, fileType);
    rmSync(join(tmp, 'tiles.dzi'), { force: true });
    rmSync(join(tilesDir, 'vips-properties.xml'), { force: true });
    renameSync(tilesDir, join(tmp, 'tiles'));
    const manifest: PyramidManifest = {
      format: PYRAMID_FORMAT,
      version: PYRAMID_VERSION,
      width,
      height,
      tileSize,
      fileType,
      levels,
      source: { file: basename(scan), bytes: statSync(scan).size },
    };
    writeFileAtomic(join(tmp, PYRAMID_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    options.onProgress?.(total, total);
    if (existsSync(out)) {
      const old = join(parent, `.${basename(out)}.replaced-${process.pid}`);
      renameSync(out, old);
      renameSync(tmp, out);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, out);
    }
    return { manifest, outDir: out, tiles: total, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (timer) clearInterval(timer);
    rmSync(tmp, { recursive: true, force: true });
  }
}
