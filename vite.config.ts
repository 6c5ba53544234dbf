import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = resolve(import.meta.dirname, 'web');

/** One HTML entry per page role: every web/<role>/index.html is a page (output, control, editor, …). */
function pageEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const role of readdirSync(webRoot, { withFileTypes: true })) {
    const html = resolve(webRoot, role.name, 'index.html');
    if (role.isDirectory() && existsSync(html)) entries[role.name] = html;
  }
  return entries;
}

/**
 * What every page's head holds, written once: the character set, no referrer sent anywhere, the dark
 * colour scheme and a viewport for phones (subtitles, visit), and zod's jitless switch, which must
 * run before any module (the pages' CSP allows no eval). Each index.html keeps only its title, its
 * own styles and its body.
 */
function pageHead(): Plugin {
  const meta = (attrs: Record<string, string>): HtmlTagDescriptor => ({ tag: 'meta', attrs, injectTo: 'head-prepend' });
  return {
    name: 'panorama-page-head',
    transformIndexHtml: () => [
      meta({ charset: 'utf-8' }),
      meta({ name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      meta({ name: 'referrer', content: 'no-referrer' }),
      meta({ name: 'color-scheme', content: 'dark' }),
      { tag: 'script', attrs: { src: '/zod-jitless.js' }, injectTo: 'head' },
    ],
  };
}

// `vite build --mode test` builds the same pages into dist/web-test with their test hooks on
// (web/shared/testHooks.ts); the default production build into dist/web has none.
export default defineConfig(({ mode }) => ({
  root: webRoot,
  base: './',
  plugins: [pageHead(), react()],
  build: {
    outDir: resolve(import.meta.dirname, mode === 'test' ? 'dist/web-test' : 'dist/web'),
    emptyOutDir: true,
    // The bundle's files live under /bundle/: /assets/ is the installation's asset folder.
    assetsDir: 'bundle',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: pageEntries() },
  },
  server: { fs: { allow: [import.meta.dirname] } },
}));
