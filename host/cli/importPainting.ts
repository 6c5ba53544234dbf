/**
 * npm run assets:import -- SCAN --out assets/paintings/NAME [--force] [--tile-size PX] [--format jpeg|png|webp] [--quality Q]
 * Turns a huge painting scan into the tile pyramid the renderer streams (assets/CONTEXT.md), with a
 * progress bar on stderr. A show then uses it as `paintings/NAME/tiles.json`.
 */
import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { PYRAMID_MANIFEST, pyramidLevels, pyramidTileCount } from '../../engine/core/painting/tilePyramid.ts';
import { ImportError, importPainting, importTempDir } from '../painting/importPainting.ts';
import { formatDuration, ProgressBar } from '../painting/progressBar.ts';
import { parseArgs, runCli } from './args.ts';

const USAGE = 'usage: npm run assets:import -- SCAN --out assets/paintings/NAME [--force] [--tile-size 1024] [--format jpeg|png|webp] [--quality 90]';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['out', 'tile-size', 'format', 'quality'], ['force']);
  const fail = (msg: string, code = 2) => {
    process.stderr.write(`assets:import: ${msg}\n${code === 2 ? USAGE + '\n' : ''}`);
    return code;
  };
  if (typeof args === 'string') return fail(args);
  if (args.rest.length !== 1) return fail(args.rest.length === 0 ? 'give the scan file' : `give one scan file, got ${args.rest.length}`);
  const v = args.values;
  if (!v.has('out')) return fail('missing --out (the painting folder, e.g. assets/paintings/dbp)');
  const tileSize = v.has('tile-size') ? Number(v.get('tile-size')) : 1024;
  const quality = v.has('quality') ? Number(v.get('quality')) : 90;
  const format = v.get('format') ?? 'jpeg';
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') return fail(`--format must be jpeg, png or webp, got "${format}"`);

  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const scan = resolve(cwd, args.rest[0]!);
  const out = resolve(cwd, v.get('out')!);
  // Ctrl-C: the temporary folder goes too, so no half pyramid is ever left behind.
  const interrupted = (signal: NodeJS.Signals) => {
    rmSync(importTempDir(out), { recursive: true, force: true });
    process.stderr.write(`\nassets:import: interrupted (${signal}); nothing was written to ${out}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const bar = new ProgressBar(process.stderr, 'tiles');
  try {
    const r = await importPainting(scan, out, {
      force: args.flags.has('force'),
      tileSize,
      quality,
      fileType: format,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.end();
    const m = r.manifest;
    const levels = pyramidLevels(m.width, m.height, m.tileSize);
    process.stdout.write(
      `wrote ${r.outDir}: ${m.width} × ${m.height} px in ${levels.length} levels, ${pyramidTileCount(levels)} tiles of ${m.tileSize} px (${m.fileType}), ${formatDuration(r.seconds)}\n` +
        `use it in a show as "src": "${assetPath(out)}"\n`,
    );
    return 0;
  } catch (err) {
    bar.end();
    if (err instanceof ImportError) return fail(err.message, 1);
    throw err;
  }
}

/** The manifest path a show writes: relative to the assets folder when the painting is in one. */
function assetPath(out: string): string {
  const parts = out.split(/[\\/]/);
  const i = parts.lastIndexOf('assets');
  const rel = i >= 0 ? parts.slice(i + 1).join('/') : relative(process.cwd(), out).split(/[\\/]/).join('/');
  return `${rel}/${PYRAMID_MANIFEST}`;
}

runCli('assets:import', main);
