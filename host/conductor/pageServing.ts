import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { ViteDevServer } from 'vite';
import { assetMiddleware } from '../server/assetMiddleware.ts';
import { builtPagesMiddleware, ensureBuiltPages } from '../server/builtPages.ts';

/** How to serve the web pages: 'built' (bundled by Vite first, fast to load), 'dev' (Vite dev server), or 'none'. */
export type PagesMode = 'built' | 'dev' | 'none';

/** Serves the installation's assets and the web pages; `close` stops a dev server. */
export interface PageServing {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.end('not found');
}

/**
 * The conductor's pages and assets: /assets/ is the installation's asset folder (`assetRoot`); the
 * pages come from the bundle (built first when needed, its files under /bundle/) or a Vite dev server.
 */
export async function startPageServing(mode: PagesMode, assetRoot: string, log: (message: string) => void): Promise<PageServing> {
  let vite: ViteDevServer | null = null;
  if (mode === 'dev') {
    const { createServer } = await import('vite');
    vite = await createServer({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'error', appType: 'mpa', server: { middlewareMode: true, hmr: false } });
  } else if (mode === 'built') {
    await ensureBuiltPages(log);
  }
  const assets = assetMiddleware(assetRoot);
  const pages = mode === 'built' ? builtPagesMiddleware() : null;
  return {
    handle: (req, res) =>
      assets(req, res, () => {
        if (vite) vite.middlewares(req, res, () => notFound(res));
        else if (pages) pages(req, res, () => notFound(res));
        else notFound(res);
      }),
    close: async () => {
      await vite?.close();
    },
  };
}
