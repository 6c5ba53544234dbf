import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChromiumRuntime } from '../../host/runtime/ChromiumRuntime.ts';
import { controlUrl, outputUrl, subtitlesUrl } from '../../host/runtime/windowOptions.ts';
import { chromiumRuntime, startSmallConductor } from '../support/smallConductor.ts';
import { untilValue, type Pending } from '../support/waitFor.ts';

// Attack 4: the token was on Chromium's command line (`--app=URL#token=…`, readable by every user
// with ps) and in the profile's History, Top Sites and Sessions. Here the real runtime opens headed
// app windows (under Xvfb, so the hand-off launches `--app=URL` as in a hall) and the tokens must be
// in no process's command line while they run, and in no file of the browser profile after.

let dir: string;
let running: Awaited<ReturnType<typeof startSmallConductor>>;
let runtime: ChromiumRuntime;
let xvfb: ChildProcess | null = null;
const priorDisplay = process.env['DISPLAY'];
const reports: string[] = [];

const until = <T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, timeoutMs: number): Promise<T> => untilValue(what, f, { timeoutMs, everyMs: 50, said: () => `runtime said: ${reports.join(' | ') || 'nothing'}` });

/** A free X display number and an Xvfb on it. */
async function startXvfb(): Promise<string> {
  if (!existsSync('/usr/bin/Xvfb')) throw new Error('this test needs Xvfb (apt install xvfb) to open headed Chromium app windows');
  let n = 90 + (process.pid % 50);
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  xvfb = spawn('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await until('Xvfb up', () => existsSync(`/tmp/.X11-unix/X${n}`), 10_000);
  return `:${n}`;
}

/** Every process's command line (what ps shows), as raw bytes joined by spaces. */
function allCommandLines(): { pid: string; cmdline: string }[] {
  const out: { pid: string; cmdline: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      out.push({ pid: e, cmdline: readFileSync(`/proc/${e}/cmdline`).toString('latin1').replaceAll('\0', ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Every file under `folder` (no symlinks followed). */
function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The ways a token could be stored: UTF-8/Latin-1 (SQLite, JSON, LevelDB), UTF-16 (LevelDB strings, V8), URL-encoded. */
const encodings = (token: string): Buffer[] => [Buffer.from(token, 'utf8'), Buffer.from(token, 'utf16le'), Buffer.from(encodeURIComponent(token), 'utf8')];

const subtitlesReady = `(() => { const l = window.panoramaLink; return !!l && l.exchanges > 0 && location.href; })()`;
const controlReady = `(() => document.querySelector('.control-room.phase-open') !== null && location.href)()`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'token-handoff-e2e-'));
  running = await startSmallConductor(dir, 'e2e-tokens');
  running.conductor.perform({ command: 'play' });
  process.env['DISPLAY'] = await startXvfb();
  runtime = chromiumRuntime(dir, reports);
  const bounds = { x: 0, y: 0, width: 480, height: 320 };
  runtime.open([
    { name: 'P01', url: `${outputUrl(running.url, 'P01')}&maxFps=5`, token: running.token, bounds, kiosk: false },
    { name: 'control', url: controlUrl(running.url), token: running.token, bounds, kiosk: false },
    { name: 'subtitles', url: subtitlesUrl(running.url, 'fr'), token: running.visitorToken, bounds, kiosk: false },
  ]);
}, 240_000);

afterAll(async () => {
  await runtime?.close();
  await running?.stop();
  xvfb?.kill('SIGTERM');
  if (priorDisplay === undefined) delete process.env['DISPLAY'];
  else process.env['DISPLAY'] = priorDisplay;
});

describe('tokens handed to the runtime\'s windows over the DevTools pipe', () => {
  it('connects every page (the output reports, the control window is live, the subtitles follow with the visitor token) with no token in any URL', async () => {
    await until('the output P01 reporting frames', () => running.conductor.status().outputs.some((o) => o.projectorId === 'P01' && o.connected && o.frames > 0), 150_000);
    const controlHref = await until('the control window connected', () => runtime.evaluate('control', controlReady).catch(() => false) as Promise<string | false>, 90_000);
    const subtitlesHref = await until('the subtitles page connected', () => runtime.evaluate('subtitles', subtitlesReady).catch(() => false) as Promise<string | false>, 90_000);
    for (const href of [controlHref, subtitlesHref]) {
      expect(href).not.toContain('token');
      expect(href).not.toContain(running.token);
      expect(href).not.toContain(running.visitorToken);
    }
    // The subtitles page has the visitor token, not the operator's: the conductor knows it as a viewer.
    expect(await runtime.evaluate('subtitles', 'window.__panoramaToken === ' + JSON.stringify(running.visitorToken))).toBe(true);
  }, 240_000);

  it('shows neither token in any process\'s command line while the windows are open', () => {
    const lines = allCommandLines();
    const browsers = lines.filter((l) => l.cmdline.includes(`--user-data-dir=${runtime.browserDir()}`));
    // The browser and its renderers (one per page) are there: the check looks at the right processes.
    expect(browsers.length).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.cmdline.includes('--app=') && l.cmdline.includes('/output/index.html?projector=P01'))).toBe(true);
    for (const token of [running.token, running.visitorToken]) {
      const leaking = lines.filter((l) => l.cmdline.includes(token) || l.cmdline.includes(encodeURIComponent(token)));
      expect(leaking.map((l) => `${l.pid}: ${l.cmdline.slice(0, 200)}`)).toEqual([]);
    }
    // And no token of any kind on this browser's own command lines (other programs on a shared machine are not ours to judge).
    expect(browsers.filter((l) => /[#?&]token=/.test(l.cmdline)).map((l) => l.pid)).toEqual([]);
  });

  it('reconnects a page that reloads, the token handed again by the new-document script (a renderer killed: chromiumRuntime.test.ts)', async () => {
    const before = running.conductor.status().outputs.find((o) => o.projectorId === 'P01' && o.connected)!.clientId;
    await runtime.evaluate('P01', 'location.reload()').catch(() => undefined);
    await until('P01 reporting again after a reload', () => running.conductor.status().outputs.some((o) => o.projectorId === 'P01' && o.connected && o.frames > 0 && o.clientId !== before), 90_000);
  }, 120_000);

  it('leaves neither token in any file of the browser profile once the browser is closed', async () => {
    const profile = runtime.browserDir();
    await runtime.close();
    await until('no Chromium left on the profile', () => allCommandLines().every((l) => !l.cmdline.includes(`--user-data-dir=${profile}`)), 15_000);
    const files = filesUnder(profile);
    // The profile was really written (History, Preferences, caches): the search has something to search.
    expect(files.some((f) => f.endsWith('/History'))).toBe(true);
    expect(files.length).toBeGreaterThan(20);
    const history = readFileSync(files.find((f) => f.endsWith('/History'))!);
    expect(history.includes(Buffer.from('/subtitles/index.html'))).toBe(true);
    const found: string[] = [];
    let bytes = 0;
    for (const f of files) {
      const data = readFileSync(f);
      bytes += statSync(f).size;
      for (const token of [running.token, running.visitorToken]) for (const enc of encodings(token)) if (data.includes(enc)) found.push(f);
    }
    expect(found).toEqual([]);
    reports.push(`searched ${files.length} files, ${bytes} bytes`);
    process.stdout.write(`token search: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB of the browser profile, no token\n`);
  }, 60_000);
});
