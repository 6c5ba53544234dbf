import { wavFile } from '../tests/support/pulseAudio.ts';
import { openPage } from '../host/browser/pageSession.ts';

/** What the audio page's benchmark mode returns (numbers only: the rendered audio stays in the page). */
interface AudioBenchFigures {
  readonly expected: number;
  readonly detected: number;
  readonly onsetErrorMaxSamples: number;
  readonly gainErrorMaxDb: number;
  readonly seekErrorsMs: number[];
  readonly seekOffsetErrorMaxMs: number;
}

/**
 * The audio engine in headless Chromium (the audio page with ?bench=1, Tone.Offline at 48 kHz):
 * audio.onsetErrorMaxSamples — a 50-clip show of clicks played through seeks, a pause, a rate change,
 * a stop and repeated messages, every click's first sample against the timeline's; and
 * audio.seekOffsetErrorMaxMs — audio started mid-clip (after seeks and a resume) located in its
 * source by cross-correlation. Targets ≤ 1 sample and ≤ 1 ms.
 */
export async function benchAudio(): Promise<Record<string, number>> {
  const session = await openPage('audio/index.html?bench=1');
  try {
    const f = (await session.page.evaluate(async () => {
      type Scenarios = typeof import('../engine/audio/scenarios.ts');
      const s = (window as unknown as { panoramaAudioBench: Scenarios }).panoramaAudioBench;
      const onsets = await s.runOnsetScenario();
      const seek = await s.runSeekScenario();
      return {
        expected: onsets.expected,
        detected: onsets.detected,
        onsetErrorMaxSamples: onsets.unmatched.length > 0 ? -1 : onsets.maxErrorSamples,
        gainErrorMaxDb: onsets.maxGainErrorDb,
        seekErrorsMs: [...seek.errorsMs],
        seekOffsetErrorMaxMs: seek.maxErrorMs,
      };
    })) as AudioBenchFigures;
    if (f.onsetErrorMaxSamples < 0 || f.detected !== f.expected) throw new Error(`audio onsets: ${f.detected} heard, ${f.expected} on the timeline (doubled or lost onsets)`);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      'audio.onsetErrorMaxSamples': f.onsetErrorMaxSamples,
      'audio.onsetCount': f.expected,
      'audio.gainErrorMaxDb': r3(f.gainErrorMaxDb),
      'audio.seekOffsetErrorMaxMs': r3(f.seekOffsetErrorMaxMs),
    };
  } finally {
    await session.close();
  }
}

/**
 * The live path, as a show runs: a conductor (headless, real clock) with a show of 20 clicks, the
 * audio page in Chromium with ?record=1, play; every click the page's recorder captured is mapped
 * through the page's clock map to the conductor epoch at which it is heard, and compared with the
 * epoch at which the timeline (the conductor's transport) puts it. Also the recorded onsets against
 * what the engine scheduled (context samples).
 */
export async function benchAudioLive(): Promise<Record<string, number>> {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { chromium } = await import('playwright-core');
  const { startConductor } = await import('../host/conductor/startConductor.ts');
  const { CHROMIUM_TEST_ARGS, findChromium } = await import('../host/browser/findChromium.ts');
  const dir = mkdtempSync(join(tmpdir(), 'panorama-audio-live-'));
  const clicks = Array.from({ length: 20 }, (_, i) => ({ id: `click${i}`, startS: 2 + i * 0.5 + (i % 3) * 0.01 }));
  mkdirSync(join(dir, 'assets', 'sound'), { recursive: true });
  const click = new Float32Array(4800);
  click[0] = 1;
  writeFileSync(join(dir, 'assets', 'sound', 'click.wav'), wavFile(click, 48_000));
  const show = {
    schemaVersion: 2, id: 'audio-live', title: { en: 'Audio live check' }, languages: ['en'], defaultLanguage: 'en', durationS: 30, chapters: [], regions: [],
    tracks: [{ id: 'clicks', type: 'audio', clips: clicks.map((c) => ({ id: c.id, startS: c.startS, durationS: 0.2, source: { type: 'file', src: 'sound/click.wav' } })) }],
  };
  writeFileSync(join(dir, 'audio-live.show.json'), JSON.stringify(show));
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  const running = await startConductor({ show: join(dir, 'audio-live.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, assetRoot: join(dir, 'assets'), pages: 'dev', log: () => {} });
  const browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${running.url}/audio/index.html?record=1#token=${running.token}`);
    type Live = { panoramaAudio: { status(): { state: string; clipsLoaded: number }; app: { clock: { ready: boolean } }; recorder: { onsets(): { ctxS: number; channel: number }[] } | null; onsets(): { ctxS: number; clipId: string; atClipStart: boolean }[]; epochOfCtx(c: number): number } };
    await page.waitForFunction(() => {
      const a = (window as unknown as Partial<Live>).panoramaAudio;
      return !!a && a.status().clipsLoaded === 20 && a.app.clock.ready;
    }, undefined, { timeout: 60_000 });
    if (!running.conductor.perform({ command: 'play' }).ok) throw new Error('play refused');
    await page.waitForFunction(() => (window as unknown as Live).panoramaAudio.status().state === 'running', undefined, { timeout: 10_000 });
    await new Promise((ok) => setTimeout(ok, 13_000));
    const t = running.conductor.transport;
    const live = await page.evaluate(() => {
      const a = (window as unknown as Live).panoramaAudio;
      const heard = (a.recorder?.onsets() ?? []).filter((o) => o.channel === 0);
      return { heard: heard.map((o) => ({ ctxS: o.ctxS, epochS: a.epochOfCtx(o.ctxS) })), planned: a.onsets().filter((o) => o.atClipStart).map((o) => o.ctxS) };
    });
    const expected = clicks.map((c) => t.anchorEpochS + (c.startS - t.anchorTravelS) / t.rate);
    if (live.heard.length !== expected.length) throw new Error(`audio live: ${live.heard.length} clicks recorded, ${expected.length} on the timeline`);
    const errorsMs = live.heard.map((h, i) => (h.epochS - expected[i]!) * 1000);
    const vsPlanned = live.heard.map((h, i) => Math.abs(h.ctxS - (live.planned[i] ?? Infinity)) * 48_000);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      'audio.liveOnsetErrorMaxMs': r3(Math.max(...errorsMs.map(Math.abs))),
      'audio.liveOnsetErrorMeanMs': r3(errorsMs.reduce((s, e) => s + e, 0) / errorsMs.length),
      'audio.liveRecordedVsScheduledMaxSamples': Math.max(...vsPlanned),
    };
  } finally {
    await browser.close();
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
