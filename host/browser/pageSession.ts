import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { assetMiddleware } from '../server/assetMiddleware.ts';
import { CHROMIUM_TEST_ARGS, findChromium } from './findChromium.ts';

/** A headless Chromium page on the project's web pages, served by Vite, with the asset folder. */
export interface PageSession {
  readonly page: Page;
  readonly url: string;
  close(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts a Vite server for web/ on a free loopback port and opens `pagePath` in headless Chromium
 * (WebGL2 on SwiftShader where there is no GPU). Throws a plain message when Chromium is missing.
 */
export async function openPage(pagePath: string, options: { assetRoot?: string; viewport?: { width: number; height: number } } = {}): Promise<PageSession> {
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await createServer({
      configFile: resolve(root, 'vite.config.ts'),
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
      plugins: [
        {
          name: 'panorama-assets',
          configureServer(s) {
            s.middlewares.use(assetMiddleware(options.assetRoot ?? resolve(root, 'assets')));
          },
        },
      ],
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the page server did not start');
    const url = `http://127.0.0.1:${address.port}/${pagePath}`;
    browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS] });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { panoramaReady?: boolean }).panoramaReady === true, undefined, { timeout: 60_000 }).catch(() => {
      throw new Error(`the page ${pagePath} did not start${errors.length ? ': ' + errors.join('; ') : ''}`);
    });
    const b = browser;
    const s = server;
    return {
      page,
      url,
      async close() {
        await b.close();
        await s.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.close();
    throw err;
  }
}
