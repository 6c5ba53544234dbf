import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where Chromium was found, or what to do about it. */
export type ChromiumLookup = { ok: true; path: string; source: string } | { ok: false; message: string };

/**
 * Finds a Chromium for browser tests and the Chromium runtime: $CHROMIUM_PATH, then Debian's
 * /usr/bin/chromium, then a Playwright-managed build if one happens to be installed.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return { ok: true, path: fromEnv, source: 'CHROMIUM_PATH' };
    return { ok: false, message: `CHROMIUM_PATH is set to ${fromEnv}, but no file is there. Fix the variable or unset it.` };
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return { ok: true, path: candidate, source: 'system' };
  }
  try {
    const require = createRequire(import.meta.url);
    const pw = require('playwright-core') as { chromium: { executablePath(): string } };
    const p = pw.chromium.executablePath();
    if (p && existsSync(p)) return { ok: true, path: p, source: 'playwright' };
  } catch {
    // playwright-core not installed or has no browser: fall through to the message.
  }
  return {
    ok: false,
    message:
      'No Chromium found for the browser tests. Install Debian\'s Chromium (sudo apt-get install chromium xvfb), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  };
}

/** Chromium flags for reproducible headless WebGL2 on SwiftShader (no GPU needed). */
export const CHROMIUM_TEST_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
] as const;
