import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';
import { audioUrl, calibrationUrl, controlUrl, outputUrl, visitUrl, withToken } from '../../host/runtime/windowOptions.ts';

let running: Awaited<ReturnType<typeof startConductor>>;
let browser: Browser;

beforeAll(async () => {
  running = await startConductor({ show: 'demo', profile: 'preview-3', port: 0, oscPort: null, settingsDir: mkdtempSync(join(tmpdir(), 'csp-e2e-')), pages: 'built', log: () => {} });
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS, '--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('every page works under the Content-Security-Policy', () => {
  const pages: [string, () => string, string][] = [
    ['output', () => withToken(outputUrl(running.url, 'P01'), running.token), 'output'],
    ['control', () => withToken(controlUrl(running.url), running.token), 'control'],
    ['audio', () => withToken(audioUrl(running.url), running.token), 'audio'],
    ['subtitles', () => `${running.url}/subtitles/index.html#token=${running.token}`, 'monitor'],
    ['visit', () => withToken(visitUrl(running.url, 'follow', true), running.token), 'monitor'],
    ['calibration', () => withToken(calibrationUrl(running.url), running.token), 'control'],
  ];

  for (const [name, url, role] of pages) {
    it(`${name}: served with the policy, connects to the conductor, and nothing is refused`, async () => {
      const page = await browser.newPage({ viewport: { width: 800, height: 450 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      await page.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const before = new Set(running.server.clientStats().map((c) => c.clientId));
      const res = await page.goto(url());
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res?.headers()['x-content-type-options']).toBe('nosniff');
      // The page said hello over its WebSocket (connect-src) and got its documents.
      const t0 = performance.now();
      while (!running.server.clientStats().some((c) => c.clientId !== null && !before.has(c.clientId) && c.role === role)) {
        if (performance.now() - t0 > 30_000) throw new Error(`${name} never connected: ${problems.join('; ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Workers, worklets, textures and fonts start in the next seconds.
      await new Promise((r) => setTimeout(r, 4000));
      const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      expect(violations).toEqual([]);
      expect(problems.filter((p) => /Content.Security.Policy|Refused/i.test(p))).toEqual([]);
      await page.close();
    });
  }
});
