import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickOnsets, recordSink, startPulse, wavFile } from '../tests/support/pulseAudio.ts';

const SR = 48_000;

/**
 * The whole path to a loudspeaker, as far as a machine without one allows: a conductor with 20
 * clicks, the audio page in Chromium playing into a PulseAudio null sink, and `parec` recording the
 * sink. The recording's clock is mapped to the system clock (a line under the arrival times of its
 * chunks), so each click gets the conductor epoch at which it left the sink, compared with the
 * timeline's. Unlike audioLive this does not trust the page's own clock map: it checks it, and the
 * null sink's clock runs some hundreds of ppm off the system clock, which the map must follow.
 */
export async function benchAudioLoopback(): Promise<Record<string, number>> {
  const { chromium } = await import('playwright-core');
  const { epochNow, startConductor } = await import('../host/conductor/startConductor.ts');
  const { CHROMIUM_TEST_ARGS, findChromium } = await import('../host/browser/findChromium.ts');
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  const dir = mkdtempSync(join(tmpdir(), 'panorama-audio-loopback-'));
  const pulseDir = join(dir, 'pulse');
  mkdirSync(pulseDir);
  const pulse = await startPulse(pulseDir, 'bench');
  const env = { ...process.env, PULSE_SERVER: pulse.server };
  const clicks = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, startS: 3 + i * 0.5 }));
  mkdirSync(join(dir, 'assets'));
  const click = new Float32Array(4800);
  click[0] = 1;
  writeFileSync(join(dir, 'assets', 'click.wav'), wavFile(click, SR));
  writeFileSync(join(dir, 'loopback.show.json'), JSON.stringify({
    schemaVersion: 2, id: 'loopback', title: { en: 'Loopback' }, languages: ['en'], defaultLanguage: 'en', durationS: 30, chapters: [], regions: [],
    tracks: [{ id: 't', type: 'audio', clips: clicks.map((c) => ({ id: c.id, startS: c.startS, durationS: 0.2, source: { type: 'file', src: 'click.wav' } })) }],
  }));
  const running = await startConductor({ show: join(dir, 'loopback.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, assetRoot: join(dir, 'assets'), pages: 'dev', log: () => {} });
  // Playwright mutes headless Chromium by default: this one must be heard.
  const browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS], ignoreDefaultArgs: ['--mute-audio'], env });
  const rec = recordSink(pulse.server, 'bench', SR, epochNow);
  try {
    const page = await browser.newPage();
    await page.goto(`${running.url}/audio/index.html#token=${running.token}`);
    type Page = { panoramaAudio?: { status(): { clipsLoaded: number; state: string }; app: { clock: { ready: boolean } } } };
    await page.waitForFunction(() => {
      const a = (window as unknown as Page).panoramaAudio;
      return !!a && a.status().clipsLoaded === 20 && a.status().state === 'running' && a.app.clock.ready;
    }, undefined, { timeout: 60_000 });
    if (!running.conductor.perform({ command: 'play' }).ok) throw new Error('play refused');
    await new Promise((r) => setTimeout(r, 14_000));
    const t = running.conductor.transport;
    const { samples: x, timeOf: epochOf } = rec.stop();
    const onsets = clickOnsets(x, SR);
    const expected = clicks.map((c) => t.anchorEpochS + (c.startS - t.anchorTravelS) / t.rate);
    if (onsets.length !== expected.length) throw new Error(`audioLoopback: ${onsets.length} clicks recorded, ${expected.length} on the timeline`);
    const errorsMs = onsets.map((i, k) => (epochOf(i) - expected[k]!) * 1000);
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    return {
      'audio.loopbackOnsetErrorMaxMs': r3(Math.max(...errorsMs.map(Math.abs))),
      'audio.loopbackOnsetErrorMeanMs': r3(errorsMs.reduce((s, e) => s + e, 0) / errorsMs.length),
      'audio.loopbackSinkClockPpm': Math.round(((epochOf(SR * 10) - epochOf(0)) / 10 - 1) * 1e6),
    };
  } finally {
    rec.stop();
    await browser.close();
    await running.stop();
    pulse.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
