import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
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

// `vite build --mode test` builds the same pages into dist/web-test with their test hooks on
// (web/shared/testHooks.ts); the default production build into dist/web has none.
export default defineConfig(({ mode }) => ({
  root: webRoot,
  base: './',
  plugins: [react()],
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
