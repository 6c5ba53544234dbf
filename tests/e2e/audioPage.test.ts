/**
 * The audio page against a real conductor (real clocks, real Chromium audio, the page's own recorder):
 * files decoded from the asset folder, a missing and an undecodable file named in the conductor's
 * status while the show runs, clicks heard when the timeline says, and the language of the next
 * showing chosen between showings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';
import type { AudioStatus } from '../../engine/core/protocol/status.ts';
import { wavFile } from '../support/pulseAudio.ts';
import { untilValue, type Pending } from '../support/waitFor.ts';

let running: Awaited<ReturnType<typeof startConductor>>;
let browser: Browser;
let page: Page;
let dir: string;

const SR = 48_000;
const wav = (samples: Float32Array) => wavFile(samples, SR);
const clicks = Array.from({ length: 8 }, (_, i) => ({ id: `click${i}`, startS: 1.5 + i * 0.4 }));

type PageAudio = {
  panoramaAudio: {
    status(): { state: string; clipsLoaded: number; language: string };
    app: { clock: { ready: boolean } };
    recorder: { onsets(): { ctxS: number; channel: number }[]; clear(): void } | null;
    onsets(): { key: string; ctxS: number; atClipStart: boolean; cancelled: boolean }[];
    epochOfCtx(c: number): number;
  };
};

const until = <T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, timeoutMs = 20_000): Promise<T> => untilValue(what, f, { timeoutMs, everyMs: 50 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audio-e2e-'));
  mkdirSync(join(dir, 'assets', 'sound'), { recursive: true });
  const click = new Float32Array(SR / 10);
  click[0] = 1;
  writeFileSync(join(dir, 'assets', 'sound', 'click.wav'), wav(click));
  writeFileSync(join(dir, 'assets', 'sound', 'en.wav'), wav(new Float32Array(SR).fill(0.1)));
  writeFileSync(join(dir, 'assets', 'sound', 'fr.wav'), wav(new Float32Array(SR).fill(0.1)));
  writeFileSync(join(dir, 'assets', 'sound', 'broken.ogg'), 'OggS but not really an Ogg stream');
  const show = {
    schemaVersion: 2,
    id: 'audio-e2e',
    title: { en: 'Audio page', fr: 'Page audio' },
    languages: ['en', 'fr'],
    defaultLanguage: 'en',
    durationS: 60,
    chapters: [],
    regions: [],
    tracks: [
      { id: 'clicks', type: 'audio', clips: clicks.map((c) => ({ id: c.id, startS: c.startS, durationS: 0.2, source: { type: 'file', src: 'sound/click.wav' } })) },
      {
        id: 'voice',
        type: 'audio',
        clips: [
          { id: 'intro', startS: 6, durationS: 1, route: { azimuthDeg: 0 }, source: { type: 'narration', variants: { en: { src: 'sound/en.wav', text: 'Hello' }, fr: { src: 'sound/fr.wav', text: 'Bonjour' } } } },
          { id: 'lost', startS: 8, durationS: 1, source: { type: 'file', src: 'sound/missing.wav' } },
          { id: 'garbled', startS: 9, durationS: 1, source: { type: 'file', src: 'sound/broken.ogg' } },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'audio.show.json'), JSON.stringify(show));
  running = await startConductor({ show: join(dir, 'audio.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, assetRoot: join(dir, 'assets'), pages: 'dev', log: () => {} });
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS] });
  page = await browser.newPage();
  await page.goto(`${running.url}/audio/index.html?record=1#token=${running.token}`);
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('audio page', () => {
  it('reports to the conductor: files decoded, the missing and the undecodable named with the reason, sound running', async () => {
    const audio = await until('the audio report', () => {
      const a = running.conductor.status().audio;
      return a && a.clipsLoaded === 9 && a.state === 'running' ? a : null;
    }, 90_000); // the dev server compiles the page and Tone on first load: slow on a busy 2-core machine
    expect(audio.language).toBe('en');
    expect(audio.connected).toBe(true);
    const failed = [...audio.clipsFailed].sort((a, b) => a.clipId.localeCompare(b.clipId)) as AudioStatus['clipsFailed'];
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ clipId: 'garbled', file: 'sound/broken.ogg' });
    expect(failed[0]!.reason).toMatch(/could not be decoded/);
    expect(failed[1]).toEqual({ clipId: 'lost', file: 'sound/missing.wav', reason: 'is missing from the assets folder (HTTP 404)' });
    expect(running.conductor.status().events.some((e) => e.message.includes('sound/missing.wav'))).toBe(true);
  });

  it('plays every click when the timeline says (recorded output through the clock map), once each', async () => {
    await until('the clock map', () => page.evaluate(() => (window as unknown as PageAudio).panoramaAudio.app.clock.ready));
    await page.evaluate(() => (window as unknown as PageAudio).panoramaAudio.recorder!.clear());
    expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
    const t = running.conductor.transport;
    await new Promise((r) => setTimeout(r, 5500));
    const heard = await page.evaluate(() => {
      const a = (window as unknown as PageAudio).panoramaAudio;
      return a.recorder!.onsets().filter((o) => o.channel === 0).map((o) => a.epochOfCtx(o.ctxS));
    });
    const expected = clicks.map((c) => t.anchorEpochS + (c.startS - t.anchorTravelS) / t.rate);
    expect(heard).toHaveLength(clicks.length);
    const errorsMs = expected.map((e, i) => Math.abs(heard[i]! - e) * 1000);
    // Through the page's own clock map (no loopback device here): well inside lip-sync tolerance.
    expect(Math.max(...errorsMs)).toBeLessThan(5);
  });

  it('a language chosen between showings is the next showing\'s narration; the failed clips stay silent and the show runs', async () => {
    await until('the narration', async () => (await page.evaluate(() => (window as unknown as PageAudio).panoramaAudio.onsets().map((o) => o.key))).includes('intro@en'));
    expect(running.conductor.perform({ command: 'stop' }).ok).toBe(true);
    expect(running.conductor.perform({ command: 'language', lang: 'fr' }).ok).toBe(true);
    await until('the page in French', () => running.conductor.status().audio?.language === 'fr');
    expect(running.conductor.perform({ command: 'seek', toS: 5.5 }).ok).toBe(true);
    expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
    const keys = await until('the French narration', async () => {
      const k = await page.evaluate(() => (window as unknown as PageAudio).panoramaAudio.onsets().filter((o) => !o.cancelled).map((o) => o.key));
      return k.includes('intro@fr') ? k : null;
    });
    expect(keys.filter((k) => k === 'intro@fr')).toHaveLength(1);
    expect(keys.some((k) => k.startsWith('lost@') || k.startsWith('garbled@'))).toBe(false);
    expect(running.conductor.status().transport.status).toBe('playing');
  });

  it('a suspended context (as a browser that wants a gesture leaves it) shows a big button; a click starts the sound', async () => {
    // Headless Chromium runs audio without a gesture whatever the autoplay flag, so the hold is made by hand.
    const p = await browser.newPage();
    try {
      await p.goto(`${running.url}/audio/index.html#token=${running.token}`);
      await until('the page running', async () => (await p.evaluate(() => (window as unknown as PageAudio).panoramaAudio?.status().state)) === 'running');
      await p.evaluate(() => (window as unknown as { panoramaAudio: { app: { context: { rawContext: AudioContext } } } }).panoramaAudio.app.context.rawContext.suspend());
      await until('the button', async () => (await p.locator('#enable').isVisible()) || null);
      expect(await p.evaluate(() => (window as unknown as PageAudio).panoramaAudio.status().state)).toBe('suspended');
      await until('the report', () => running.conductor.status().audio?.state === 'suspended');
      await p.locator('#enable').click();
      await until('running sound', async () => (await p.evaluate(() => (window as unknown as PageAudio).panoramaAudio.status().state)) === 'running');
      await until('the button gone', async () => !(await p.locator('#enable').isVisible()));
    } finally {
      await p.close();
    }
  });
});
