import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';
import { showTimeAt } from '../../engine/core/clock/transport.ts';

let running: Awaited<ReturnType<typeof startConductor>>;
const DAWN = (JSON.parse(readFileSync(join(import.meta.dirname, '../../shows/demo.show.json'), 'utf8')) as { chapters: { title: { en: string } }[] }).chapters.findIndex((c) => c.title.en === 'Dawn');
let browser: Browser;
let page: Page;

type Visit = { panoramaVisit: { stats: { frames: number; lastShowS: number | null }; session: { getState(): { language: string | null; transport: { status: string } | null } } } };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'visit-e2e-'));
  // The demo show on preview-3, built pages: what `npm start -- --visit` opens.
  running = await startConductor({ show: 'demo', profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, log: () => {} });
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS] });
  page = await browser.newPage({ viewport: { width: 640, height: 400 } });
  await page.goto(`${running.url}/visit/index.html?projectorPx=160&wallPx=1024#token=${running.token}`);
  await page.waitForFunction(() => ((window as unknown as Partial<Visit>).panoramaVisit?.stats.frames ?? 0) > 0, undefined, { timeout: 120_000 });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('the virtual visit following a conductor', () => {
  it('draws the conductor\'s show time (from the transport and the shared epoch), and seeks with it', async () => {
    expect(running.conductor.perform({ command: 'seek', toS: 50 }).ok).toBe(true);
    expect(running.conductor.perform({ command: 'pause' }).ok).toBe(true);
    await page.waitForFunction(() => (window as unknown as Visit).panoramaVisit.stats.lastShowS === 50, undefined, { timeout: 30_000 });
    // Playing: every frame drawn is at the conductor's show time for the moment it was drawn (≤ 0.5 s behind on SwiftShader).
    expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
    await page.waitForFunction(() => ((window as unknown as Visit).panoramaVisit.stats.lastShowS ?? 0) > 50.5, undefined, { timeout: 30_000 });
    const drawn = await page.evaluate(() => (window as unknown as Visit).panoramaVisit.stats.lastShowS!);
    const now = showTimeAt(running.conductor.transport, (performance.timeOrigin + performance.now()) / 1000);
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThanOrEqual(now + 0.05);
    expect(now - drawn).toBeLessThan(2);
  });

  it('sends a chapter button and the language picker to the conductor with the token', async () => {
    expect(running.conductor.perform({ command: 'stop' }).ok).toBe(true);
    await page.getByRole('button', { name: 'Dawn' }).click();
    await expect.poll(() => running.conductor.status().transport.showS, { timeout: 10_000 }).toBeGreaterThanOrEqual(85);
    const other = running.conductor.status().languages.find((l) => l !== running.conductor.language)!;
    await page.getByLabel('Language').selectOption(other);
    await expect.poll(() => running.conductor.language, { timeout: 10_000 }).toBe(other);
    await page.waitForFunction((l) => (window as unknown as Visit).panoramaVisit.session.getState().language === l, other, { timeout: 10_000 });
  });

  it('with the visitor token: follows the showing with its controls off and the reason shown, moves nothing, and the conductor refuses its commands', async () => {
    expect(running.conductor.perform({ command: 'stop' }).ok).toBe(true);
    const visitor = await browser.newPage({ viewport: { width: 640, height: 400 } });
    try {
      await visitor.goto(`${running.url}/visit/index.html?projectorPx=160&wallPx=1024#token=${running.visitorToken}`);
      // The token left the address at once.
      expect(visitor.url()).not.toContain('token');
      await visitor.getByTestId('viewer-note').waitFor({ timeout: 60_000 });
      expect(await visitor.getByTestId('viewer-note').textContent()).toMatch(/only the operator can move it/);
      // The chapter that starts at 85 s (its title is in the showing's language, changed above).
      const dawn = visitor.locator('.chapters button').nth(DAWN);
      expect(await dawn.isDisabled()).toBe(true);
      await dawn.click({ force: true });
      await new Promise((r) => setTimeout(r, 500));
      expect(running.conductor.status().transport.showS).toBe(0);
      // The page's own request with its token, past the disabled button: refused by the conductor.
      const answer = await visitor.evaluate(async (token) => {
        const res = await fetch('/api/command', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ command: 'chapter', index: 2 }) });
        return { status: res.status, body: (await res.json()) as { message: string } };
      }, running.visitorToken);
      expect(answer).toEqual({ status: 403, body: { ok: false, message: expect.stringMatching(/^chapter needs the operator role/) } });
      expect(running.conductor.status().transport.showS).toBe(0);
      // Its local preview explores the chapters on its own clock only.
      await visitor.getByRole('button', { name: 'open as a local preview' }).click();
      await dawn.click();
      await visitor.waitForFunction(() => ((window as unknown as Visit).panoramaVisit.stats.lastShowS ?? 0) >= 85, undefined, { timeout: 30_000 });
      expect(running.conductor.status().transport.showS).toBe(0);
    } finally {
      await visitor.close();
    }
  });
});
