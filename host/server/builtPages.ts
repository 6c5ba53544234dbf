import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** Where `vite build` puts the pages users get (no test hooks). */
export const BUILT_PAGES = join(root, 'dist/web');
/** Where `vite build --mode test` puts the same pages with their test hooks on (web/shared/testHooks.ts). */
export const BUILT_TEST_PAGES = join(root, 'dist/web-test');

/** Which build of the pages: 'production' for users, 'test' for tests, benches and the soak. */
export type PagesBuild = 'production' | 'test';

/**
 * The build the conductor serves: 'test' when the environment says PANORAMA_PAGES=test (the e2e
 * test project, `npm run bench` and `npm run soak` set it, and conductors they spawn inherit it),
 * else 'production'. Read at each call, so a runner may set it after its imports.
 */
export function pagesBuild(): PagesBuild {
  return process.env['PANORAMA_PAGES'] === 'test' ? 'test' : 'production';
}

/** The folder holding a build of the pages. */
export function builtPagesDir(build: PagesBuild = pagesBuild()): string {
  return build === 'test' ? BUILT_TEST_PAGES : BUILT_PAGES;
}

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
export async function ensureBuiltPages(log: (m: string) => void, build: PagesBuild = pagesBuild()): Promise<void> {
  const marker = join(builtPagesDir(build), 'output/index.html');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  // calibration/ code runs in the calibration page too; its profiles/ folder is data the pages never bundle.
  const calibration = readdirSync(join(root, 'calibration'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'profiles').map((d) => newestSource(join(root, 'calibration', d.name)));
  const sources = Math.max(newestSource(join(root, 'web')), newestSource(join(root, 'engine')), ...calibration, statSync(join(root, 'vite.config.ts')).mtimeMs);
  if (built > sources) return;
  log(build === 'test' ? 'building the web pages (test build)…' : 'building the web pages…');
  const vite = await import('vite');
  await vite.build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', mode: build });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json' };

/** Serves the built pages (GET/HEAD only, never outside the build's folder: dist/web, or dist/web-test for tests). */
export function builtPagesMiddleware(dir = builtPagesDir()) {
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
