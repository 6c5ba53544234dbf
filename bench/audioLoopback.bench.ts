import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wavFile } from './audioEngine.bench.ts';

const SR = 48_000;

/** Starts a private PulseAudio server with one null sink; resolves once it answers. */
async function startPulse(dir: string): Promise<{ server: string; proc: ChildProcess }> {
  const socket = join(dir, 'native');
  const proc = spawn('pulseaudio', ['--daemonize=no', '-n', '--exit-idle-time=-1', '--use-pid-file=no', '--system=no', '-F', '/dev/null', `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`, '--load=module-null-sink sink_name=bench rate=48000 channels=2'], {
    env: { ...process.env, PULSE_RUNTIME_PATH: dir, HOME: dir },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) {
    proc.kill();
    throw new Error('audioLoopback: PulseAudio did not start (install pulseaudio, or leave this suite out)');
  }
  return { server: `unix:${socket}`, proc };
}

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
  const pulse = await startPulse(pulseDir);
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
  const rec = spawn('parec', ['-d', 'bench.monitor', `--rate=${SR}`, '--channels=1', '--format=float32le', '--latency-msec=2'], { env });
  const chunks: Buffer[] = [];
  const arrivals: [number, number][] = [];
  let frames = 0;
  rec.stdout.on('data', (d: Buffer) => {
    const now = epochNow();
    chunks.push(d);
    frames += d.length / 4;
    arrivals.push([frames, now]);
  });
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
    rec.kill();
    const all = Buffer.concat(chunks);
    const x = new Float32Array(all.buffer, all.byteOffset, Math.floor(all.length / 4));
    // Line under the arrivals: the least-delayed chunk of each half (after the first two seconds).
    const a = arrivals.filter((p) => p[0] > 2 * SR);
    const half = a.length >> 1;
    const least = (ps: [number, number][]) => ps.reduce((b, p) => (p[1] - p[0] / SR < b[1] - b[0] / SR ? p : b));
    const [p1, p2] = [least(a.slice(0, half)), least(a.slice(half))];
    const epochOf = (i: number) => p1[1] + ((i - p1[0]) * (p2[1] - p1[1])) / (p2[0] - p1[0]);
    const onsets: number[] = [];
    let last = -Infinity;
    for (let i = 0; i < x.length; i++) {
      if (Math.abs(x[i]!) <= 0.05) continue;
      if (i - last > SR / 20) onsets.push(i);
      last = i;
    }
    const expected = clicks.map((c) => t.anchorEpochS + (c.startS - t.anchorTravelS) / t.rate);
    if (onsets.length !== expected.length) throw new Error(`audioLoopback: ${onsets.length} clicks recorded, ${expected.length} on the timeline`);
    const errorsMs = onsets.map((i, k) => (epochOf(i) - expected[k]!) * 1000);
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    return {
      'audio.loopbackOnsetErrorMaxMs': r3(Math.max(...errorsMs.map(Math.abs))),
      'audio.loopbackOnsetErrorMeanMs': r3(errorsMs.reduce((s, e) => s + e, 0) / errorsMs.length),
      'audio.loopbackSinkClockPpm': Math.round(((p2[1] - p1[1]) / ((p2[0] - p1[0]) / SR) - 1) * 1e6),
    };
  } finally {
    rec.kill();
    await browser.close();
    await running.stop();
    pulse.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
