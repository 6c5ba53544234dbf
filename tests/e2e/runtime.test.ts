import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { killRenderers } from '../../host/browser/killRenderers.ts';
import { startHeadlessConductor, type HeadlessConductor } from '../support/headlessConductor.ts';

const root = resolve(import.meta.dirname, '../..');
const PORT = 18431;
const OSC_PORT = 19031;
const BASE = `http://127.0.0.1:${PORT}`;
let dir: string;
let conductor: ChildProcess;
let token: string;
const browsers: BrowserContext[] = [];
const pages: Page[] = [];
let started: HeadlessConductor | undefined;

/** A small three-projector hall so three output pages render quickly on a software GPU. */
function smallProfile(): unknown {
  const p = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
  for (const pr of p.projectors) pr.resolution = { width: 320, height: 200 };
  p.id = 'e2e-small';
  return p;
}

async function api(path: string, init: RequestInit = {}, withToken = true): Promise<Response> {
  return fetch(`${BASE}${path}`, { ...init, headers: { ...(withToken ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' } });
}

async function command(body: unknown): Promise<{ ok: boolean; message: string }> {
  const r = await api('/api/command', { method: 'POST', body: JSON.stringify(body) });
  return (await r.json()) as { ok: boolean; message: string };
}

/** Waits until every page's transport satisfies `pred`, returning how long it took (ms). */
async function reachAll(pred: string, timeoutMs = 5000): Promise<number> {
  const t0 = performance.now();
  await Promise.all(pages.map((p) => p.waitForFunction(`(() => { const a = window.panoramaOutput; return !!a && !!a.transport && (${pred}); })()`, undefined, { timeout: timeoutMs, polling: 5 })));
  return performance.now() - t0;
}

/** Show time each page would render for the same local instant (one machine: one clock). */
async function showTimesAtSameInstant(): Promise<number[]> {
  const localS = (performance.timeOrigin + performance.now()) / 1000 + 0.05;
  return Promise.all(pages.map((p) => p.evaluate((l) => (window as unknown as { panoramaOutput: { showTimeForLocal(x: number): number } }).panoramaOutput.showTimeForLocal(l), localS)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-e2e-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(smallProfile()));
  started = await startHeadlessConductor({ profile: join(dir, 'small.json'), settingsDir: dir, port: PORT, oscPort: OSC_PORT });
  conductor = started.child;
  token = started.token;
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  // One browser per output, as the runtime runs one window process per output: killing one renderer leaves the others.
  for (const id of ['P01', 'P02', 'P03']) {
    const userDataDir = join(dir, `browser-${id}`);
    // String predicates (waitForFunction) are evaluated in the page, which its CSP forbids; the pages
    // themselves run under it in tests/e2e/securityHeaders.test.ts.
    const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: found.path, args: [...CHROMIUM_TEST_ARGS], viewport: { width: 320, height: 200 }, bypassCSP: true });
    browsers.push(browser);
    const page = browser.pages()[0] ?? (await browser.newPage());
    // 5 fps: three software-GL browsers on a 2-core machine must leave the CPU some room.
    await page.goto(`${BASE}/output/index.html?projector=${id}&maxFps=5#token=${token}`);
    pages.push(page);
  }
  await reachAll('window.panoramaOutput.frames > 2 && window.panoramaOutput.link.estimate && window.panoramaOutput.link.estimate.samples >= 8', 60_000);
}, 180_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  conductor?.kill('SIGTERM');
});

describe('runtime end to end: conductor + three output pages in Chromium', () => {
  it('the control API needs the token', async () => {
    expect((await api('/api/status', {}, false)).status).toBe(401);
    expect((await fetch(`${BASE}/api/command`, { method: 'POST', body: '{"command":"stop"}', headers: { Authorization: 'Bearer wrong-token-000000' } })).status).toBe(401);
    const ok = await api('/api/status');
    expect(ok.status).toBe(200);
    const status = (await ok.json()) as { profile: { id: string }; outputs: { projectorId: string }[] };
    expect(status.profile.id).toBe('e2e-small');
  });

  it('play, pause and seek reach every page within 100 ms, and the pages agree on show time', async () => {
    // Latency = when each page received the new state (its clock; one machine, one clock) − when the command was sent.
    const latencyMs = async (body: unknown, pred: string) => {
      const sentS = (performance.timeOrigin + performance.now()) / 1000;
      expect((await command(body)).ok).toBe(true);
      await reachAll(pred);
      const received = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { panoramaOutput: { transportReceivedS: number } }).panoramaOutput.transportReceivedS)));
      return Math.max(...received.map((r) => (r - sentS) * 1000));
    };
    // Three rounds of pause, seek and play. On a 2-core machine whose three pages render in software
    // (SwiftShader), one delivery now and then waits for a page's frame to finish; the median is the
    // system's latency, and the worst one is kept in sight with a looser bound.
    const all: number[] = [];
    for (let round = 0; round < 3; round++) {
      const to = 42.5 + round;
      all.push(await latencyMs({ command: 'pause' }, "window.panoramaOutput.transport.status === 'paused'"));
      all.push(await latencyMs({ command: 'seek', toS: to }, `window.panoramaOutput.transport.segmentStartTravelS === ${to}`));
      all.push(await latencyMs({ command: 'play' }, "window.panoramaOutput.transport.status === 'playing'"));
    }
    const sorted = [...all].sort((a, b) => a - b);
    for (const ms of all) expect(ms).toBeGreaterThan(0);
    expect(sorted[sorted.length >> 1]).toBeLessThan(100);
    expect(sorted[sorted.length - 1]).toBeLessThan(500);
    const times = await showTimesAtSameInstant();
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(0.005);
  });

  it('an OSC message from a separate process changes the transport', async () => {
    const r = spawnSync('oscsend', ['127.0.0.1', String(OSC_PORT), '/panorama/seek', 'f', '77.25'], { encoding: 'utf8' });
    expect(r.error, 'oscsend (Debian liblo-tools) is needed for this test').toBeUndefined();
    await reachAll("window.panoramaOutput.transport.segmentStartTravelS === 77.25");
    spawnSync('oscsend', ['127.0.0.1', String(OSC_PORT), '/panorama/pause']);
    await reachAll("window.panoramaOutput.transport.status === 'paused'");
  });

  it('survives malformed and oversized socket messages', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${PORT}/ws`);
    await new Promise((ok) => ws.once('open', ok));
    ws.send('not json at all');
    ws.send(JSON.stringify({ type: 'hello', token, role: 'monitor', clientId: 'fuzz' }));
    ws.send(JSON.stringify({ type: 'command', command: { command: 'seek', toS: -5 } }));
    ws.send(JSON.stringify({ type: 'report', projectorId: 'x'.repeat(70_000) }));
    ws.send('{"type":"ping","id":1,"t1":1e999}');
    ws.send(Buffer.alloc(2048, 1));
    ws.send('['.repeat(100_000));
    await new Promise((r) => setTimeout(r, 300));
    const big = new WebSocket(`ws://127.0.0.1:${PORT}/ws`);
    await new Promise((ok) => big.once('open', ok));
    const closed = new Promise<number>((ok) => big.once('close', (code) => ok(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009); // over the hard limit the socket is closed, the server lives on
    ws.close();
    const status = await api('/api/status');
    expect(status.status).toBe(200);
    const body = (await status.json()) as { events: { message: string }[] };
    expect(body.events.some((e) => /dropped/.test(e.message))).toBe(true);
    // A wrong token is refused with 4401.
    const intruder = new WebSocket(`ws://127.0.0.1:${PORT}/ws`);
    await new Promise((ok) => intruder.once('open', ok));
    const refused = new Promise<number>((ok) => intruder.once('close', (code) => ok(code)));
    intruder.send(JSON.stringify({ type: 'hello', token: 'nope-nope-nope-nope', role: 'control', clientId: 'x' }));
    expect(await refused).toBe(4401);
    // The pages are still in sync.
    await command({ command: 'seek', toS: 10 });
    await reachAll('Math.abs(window.panoramaOutput.transport.segmentStartTravelS - 10) < 1e-9');
  });

  it('a killed page comes back and is in sync again', async () => {
    await command({ command: 'play' });
    const dead = pages[1]!;
    // The page removed its #token from the address (so it stays out of History): a person reopening it uses the link with the token again.
    const url = `${dead.url()}#token=${token}`;
    let crashedFlag = false;
    dead.once('crash', () => (crashedFlag = true));
    const waitCrash = async (ms: number) => {
      const until = performance.now() + ms;
      while (!crashedFlag && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
      return crashedFlag;
    };
    const killed = killRenderers(join(dir, 'browser-P02'));
    expect(killed).toBeGreaterThan(0);
    if (!(await waitCrash(10_000))) {
      // The page's renderer was not among those killed (Chromium can keep a spare one): crash it directly.
      const cdp = await dead.context().newCDPSession(dead).catch(() => null);
      await cdp?.send('Page.crash').catch(() => undefined);
    }
    // A page whose renderer is gone no longer answers, even where the crash event is not delivered.
    const answers = await Promise.race([dead.evaluate(() => 1).then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    expect((await waitCrash(1000)) || !answers, `output page P02 did not crash (${killed} renderer processes killed)`).toBe(true);
    // The runtime reopens a dead output window (ChromiumRuntime / the Electron shell); the test does the same.
    const t0 = performance.now();
    const victim = await browsers[1]!.newPage();
    pages[1] = victim;
    await victim.goto(url, { timeout: 60_000 });
    // Back in sync as the product defines it: a frame drawn with its clock estimate bounded within 0.5 ms.
    await victim.waitForFunction('(() => { const a = window.panoramaOutput; return !!a && a.frames > 0 && a.synced; })()', undefined, { timeout: 60_000, polling: 20 });
    const recoveredMs = performance.now() - t0;
    const times = await showTimesAtSameInstant();
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(0.005);
    expect(recoveredMs).toBeGreaterThan(0);
  });
});
