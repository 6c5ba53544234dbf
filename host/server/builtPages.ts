import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** Where `vite build` puts the pages. */
export const BUILT_PAGES = join(root, 'dist/web');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|html|css|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web pages with Vite when the built copy is missing or older than any source (a second or
 * two), so the conductor serves a few bundled files instead of hundreds of dev modules: pages start and
 * reload fast, which matters when a crashed output must come back.
 */
export async function ensureBuiltPages(log: (m: string) => void): Promise<void> {
  const marker = join(BUILT_PAGES, 'output/index.html');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  // calibration/ code runs in the calibration page too; its profiles/ folder is data the pages never bundle.
  const calibration = readdirSync(join(root, 'calibration'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'profiles').map((d) => newestSource(join(root, 'calibration', d.name)));
  const sources = Math.max(newestSource(join(root, 'web')), newestSource(join(root, 'engine')), ...calibration, statSync(join(root, 'vite.config.ts')).mtimeMs);
  if (built > sources) return;
  log('building the web pages…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json' };

/** Serves the built pages (GET/HEAD only, never outside dist/web). */
export function builtPagesMiddleware(dir = BUILT_PAGES) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]!.split('#')[0]!);
    } catch {
      return next();
    }
    const file = resolve(dir, '.' + path);
    const rel = relative(dir, file);
    if (rel.startsWith('..') || rel.startsWith(sep) || !existsSync(file) || !statSync(file).isFile()) return next();
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', path.startsWith('/bundle/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}
