import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';
import { untilValue, type Pending } from '../support/waitFor.ts';

const root = resolve(import.meta.dirname, '../..');
let running: Awaited<ReturnType<typeof startConductor>>;
let browser: Browser;

const narration = (id: string, startS: number, durationS: number, texts: Record<string, string>, fallback?: string) => ({
  id,
  startS,
  durationS,
  source: { type: 'narration', variants: Object.fromEntries(Object.entries(texts).map(([l, text]) => [l, { src: `narration/${l}/${id}.wav`, text }])), ...(fallback ? { fallback } : {}) },
});

const until = <T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, timeoutMs = 10_000): Promise<T> => untilValue(what, f, { timeoutMs, everyMs: 20 });

async function open(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 800, height: 450 } });
  // The visitor token: the subtitles are a visitor's page.
  await page.goto(`${running.url}/subtitles/index.html${query}#token=${running.visitorToken}`);
  // Record every change of the text with this machine's epoch (the conductor's clock on the same machine).
  await page.evaluate(() => {
    const w = window as unknown as { changes: { epochS: number; text: string }[] };
    w.changes = [];
    const el = document.getElementById('text')!;
    new MutationObserver(() => w.changes.push({ epochS: (performance.timeOrigin + performance.now()) / 1000, text: el.textContent ?? '' })).observe(el, { childList: true, subtree: true, characterData: true });
  });
  // A page is ready when it has the show and its clock link has settled (its first 32 quick exchanges):
  // a show played before that is a page opened late, not a subtitle shown late.
  await until(
    'the page to have the show and a settled clock',
    () =>
      page.evaluate(() => {
        const w = window as unknown as { panoramaSubtitles?: { view: { note: string } }; panoramaLink?: { estimate: unknown; exchanges: number } };
        return !!w.panoramaSubtitles && !w.panoramaSubtitles.view.note.startsWith('Waiting') && w.panoramaLink?.estimate != null && w.panoramaLink.exchanges >= 32;
      }),
    20_000,
  );
  return page;
}

const text = (p: Page) => p.evaluate(() => document.getElementById('text')!.textContent ?? '');
const changes = (p: Page) => p.evaluate(() => (window as unknown as { changes: { epochS: number; text: string }[] }).changes);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'subtitles-e2e-'));
  const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
  show.id = 'subtitles-e2e';
  show.tracks.push({
    id: 'voice',
    type: 'audio',
    clips: [
      narration('dusk', 3, 4, { vi: 'Hoàng hôn trên thung lũng', en: 'Dusk over the valley', fr: 'Le crépuscule sur la vallée' }),
      narration('guns', 9, 3, { vi: 'Tiếng pháo vang lên', en: 'The guns open fire' }, 'vi'),
    ],
  });
  writeFileSync(join(dir, 'sub.show.json'), JSON.stringify(show));
  // The recordings are missing on purpose: the show runs, the clips are silent, the subtitles still follow the clock.
  running = await startConductor({ show: join(dir, 'sub.show.json'), profile: 'preview-3', language: 'fr', port: 0, oscPort: null, settingsDir: dir, assetRoot: dir, log: () => {} });
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  browser = await chromium.launch({ executablePath: found.path, args: [...CHROMIUM_TEST_ARGS] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('subtitle page on a running conductor', () => {
  it('shows each narration from its start to its end on the show clock, in order and never early', async () => {
    const fr = await open('?lang=fr');
    const follow = await open('');
    const c = running.conductor;
    c.perform({ command: 'seek', toS: 2.5 });
    c.perform({ command: 'play' });
    const playEpochS = c.transport.anchorEpochS;
    await until('the end of the second narration', async () => (await changes(fr)).length >= 4 && (await changes(follow)).length >= 4, 20_000);
    c.perform({ command: 'pause' });
    const expected = [
      { showS: 3, text: 'Le crépuscule sur la vallée' },
      { showS: 7, text: '' },
      { showS: 9, text: 'Tiếng pháo vang lên' },
      { showS: 12, text: '' },
    ];
    let worstMs = 0;
    for (const page of [fr, follow]) {
      const seen = (await changes(page)).slice(0, 4);
      expect(seen.map((s) => s.text)).toEqual(expected.map((e) => e.text));
      seen.forEach((s, i) => {
        const lateMs = (2.5 + (s.epochS - playEpochS) - expected[i]!.showS) * 1000;
        expect(lateMs, `change ${i} must not come early`).toBeGreaterThan(-2);
        worstMs = Math.max(worstMs, lateMs);
      });
    }
    // The page redraws on animation frames, so a change lands a frame or two after its show time when
    // the machine is not starved (27–39 ms here under load 9 on 2 cores). A fresh CI machine busy with
    // other browsers once took 386 ms, so this test bounds only what a logic fault would give (the wrong
    // clock, a missed offset: a second or more); the figure itself is printed, never timed as a pass.
    process.stdout.write(`subtitles: worst change ${worstMs.toFixed(1)} ms after its show time\n`);
    expect(worstMs).toBeLessThan(1000);
  }, 60_000);

  it('a language changed during a showing changes the following page at the next showing, never the light', async () => {
    const follow = await open('');
    const c = running.conductor;
    c.perform({ command: 'stop' });
    c.perform({ command: 'play' });
    c.perform({ command: 'seek', toS: 4 });
    await until('the French line', async () => (await text(follow)) === 'Le crépuscule sur la vallée');
    const generation = c.generation;
    const segment = c.transport.segment;
    expect(c.perform({ command: 'language', lang: 'en' }).message).toBe('language en from the next showing (fr until this one stops or ends)');
    await new Promise((r) => setTimeout(r, 300));
    expect(await text(follow)).toBe('Le crépuscule sur la vallée');
    expect(c.transport.segment).toBe(segment);
    c.perform({ command: 'stop' });
    await until('no line while stopped', async () => (await text(follow)) === '');
    c.perform({ command: 'play' });
    c.perform({ command: 'seek', toS: 4 });
    await until('the English line in the next showing', async () => (await text(follow)) === 'Dusk over the valley');
    expect(c.generation).toBe(generation);
    expect(c.status().audioProblems.map((p) => p.file)).toContain('narration/fr/dusk.wav');
  }, 60_000);
});
