import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { grayPixel } from '../../calibration/structured/grayCode.ts';
import { CHROMIUM_TEST_ARGS, findChromium } from '../../host/browser/findChromium.ts';
import { startHeadlessConductor, type HeadlessConductor } from '../support/headlessConductor.ts';

const root = resolve(import.meta.dirname, '../..');
const PORT = 18441;
const BASE = `http://127.0.0.1:${PORT}`;
const W = 320;
const H = 200;
let dir: string;
let profileFile: string;
let original: string;
let conductor: ChildProcess;
let token: string;
const browsers: BrowserContext[] = [];
const pages = new Map<string, Page>();
let started: HeadlessConductor | undefined;

interface OutputState {
  frames: number;
  calibrationRevision: number;
  blendRecomputes: number;
  lastBlendMs: number;
  blendInWorker: boolean;
  /** performance.timeOrigin + calibrationDrawnAt: epoch ms of the first frame showing the last live change. */
  drawnEpochMs: number;
}

/** Two projectors of preview-3 at 320 × 200, so two output pages render quickly on a software GPU. */
function smallProfile(): string {
  const p = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
  p.projectors = p.projectors.slice(0, 2);
  for (const pr of p.projectors) pr.resolution = { width: W, height: H };
  p.id = 'e2e-calibration';
  return `${JSON.stringify(p, null, 2)}\n`;
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${BASE}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
}

async function command(body: unknown): Promise<{ ok: boolean; message: string }> {
  const r = await api('/api/command', { method: 'POST', body: JSON.stringify(body) });
  return (await r.json()) as { ok: boolean; message: string };
}

async function state(id: string): Promise<OutputState> {
  return pages.get(id)!.evaluate(() => {
    const a = (window as unknown as { panoramaOutput: OutputState }).panoramaOutput;
    return { frames: a.frames, calibrationRevision: a.calibrationRevision, blendRecomputes: a.blendRecomputes, lastBlendMs: a.lastBlendMs, blendInWorker: a.blendInWorker, drawnEpochMs: performance.timeOrigin + (a as unknown as { calibrationDrawnAt: number }).calibrationDrawnAt };
  });
}

/** The red channel of the output canvas, rows from the top (what the projector shows). */
async function redChannel(id: string): Promise<number[]> {
  return pages.get(id)!.evaluate(([w, h]) => {
    const canvas = document.querySelector('canvas')!;
    const gl = canvas.getContext('webgl2')!;
    const raw = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, raw);
    const out: number[] = [];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(raw[((h - 1 - y) * w + x) * 4]!);
    return out;
  }, [W, H] as const);
}

/** Polls `pred` on fresh read-backs until it holds; returns the milliseconds it took. */
async function until(what: string, pred: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  while (!(await pred())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${started?.log().slice(-2000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'calibration-e2e-'));
  profileFile = join(dir, 'hall.json');
  original = smallProfile();
  writeFileSync(profileFile, original);
  started = await startHeadlessConductor({ profile: profileFile, settingsDir: dir, port: PORT, oscPort: 'off', timeoutMs: 200_000 });
  conductor = started.child;
  token = started.token;
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  for (const id of ['P01', 'P02']) {
    // String predicates (waitForFunction) are evaluated in the page, which its CSP forbids; the pages
    // themselves run under it in tests/e2e/securityHeaders.test.ts.
    const browser = await chromium.launchPersistentContext(join(dir, `browser-${id}`), { executablePath: found.path, args: [...CHROMIUM_TEST_ARGS], viewport: { width: W, height: H }, bypassCSP: true });
    browsers.push(browser);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${BASE}/output/index.html?projector=${id}&maxFps=10#token=${token}`);
    pages.set(id, page);
  }
  for (const page of pages.values()) await page.waitForFunction('!!window.panoramaOutput && window.panoramaOutput.frames > 2', undefined, { timeout: 90_000, polling: 50 });
  // A still show: pixels change only when calibration does.
  expect((await command({ command: 'pause' })).ok).toBe(true);
}, 300_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  conductor?.kill('SIGTERM');
});

describe('calibration end to end: conductor + two output pages in Chromium', () => {
  it('refuses calibration while locked; once unlocked, a setProjector reaches its output and moves the picture within a second', async () => {
    expect(await command({ command: 'testPattern', projectorId: 'P02', pattern: 'paintingGrid' })).toEqual({ ok: false, message: 'testPattern: calibration is locked (show mode): unlock it in the calibration page' });
    expect((await command({ command: 'calibrationLock', locked: false })).ok).toBe(true);
    // The painting grid is drawn through the calibration: it moves with the pose.
    expect((await command({ command: 'testPattern', projectorId: 'P02', pattern: 'paintingGrid' })).ok).toBe(true);
    let before: number[] = [];
    await until('the painting grid on P02', async () => {
      before = await redChannel('P02');
      return before.some((v) => v === 0) && before.some((v) => v > 128);
    });
    const profile = (await (await api('/api/profile')).json()) as { projectors: { id: string; pose: { yawDeg: number } & Record<string, unknown> }[] };
    const p2 = profile.projectors[1]!;
    const revision = (await state('P02')).calibrationRevision;
    // One machine, one clock: the command's send time and the page's frame time on the same epoch.
    const sentEpochMs = performance.timeOrigin + performance.now();
    expect((await command({ command: 'setProjector', projectorId: 'P02', patch: { pose: { ...p2.pose, yawDeg: p2.pose.yawDeg + 3 } } })).ok).toBe(true);
    await until('P02 to draw the new pose', async () => {
      const s = await state('P02');
      return s.calibrationRevision > revision && s.drawnEpochMs > sentEpochMs;
    });
    const drawnMs = (await state('P02')).drawnEpochMs - sentEpochMs;
    // The drawn frame, read back: the grid's lines moved (3° of yaw ≈ 15 px at this throw).
    const after = await redChannel('P02');
    const changed = after.filter((v, i) => v !== before[i]).length;
    console.log(`calibration e2e: setProjector drawn by the output page ${drawnMs.toFixed(0)} ms after the command was sent (${changed} of ${W * H} pixels changed)`);
    expect(drawnMs).toBeLessThan(1000);
    expect(changed).toBeGreaterThan(W * H * 0.01);
    // Blend maps follow after the changes stop (BLEND_DEBOUNCE_MS), on every output.
    await until('the blend recomputed on both outputs', async () => (await state('P01')).blendRecomputes > 0 && (await state('P02')).blendRecomputes > 0);
    const blendMs = [(await state('P01')).lastBlendMs, (await state('P02')).lastBlendMs];
    console.log(`calibration e2e: blend recomputed in a worker, ${blendMs.map((m) => m.toFixed(0)).join(' / ')} ms from the debounce to the maps in use (P01 / P02, two 320×200 outputs)`);
    expect((await state('P01')).blendInWorker && (await state('P02')).blendInWorker).toBe(true);
    const status = (await (await api('/api/status')).json()) as { calibration: unknown };
    expect(status.calibration).toEqual({ locked: false, dirty: true, version: null, patterns: { P02: 'paintingGrid' } });
  });

  it('testPattern white and a Gray-code frame show on that output only, exactly', async () => {
    expect((await command({ command: 'testPattern', projectorId: 'P01', pattern: 'white' })).ok).toBe(true);
    await until('white on P01', async () => (await redChannel('P01')).every((v) => v === 255));
    expect((await redChannel('P02')).every((v) => v === 255)).toBe(false);
    const frame = { axis: 'x' as const, bit: 3, inverse: true };
    expect((await command({ command: 'testPattern', projectorId: 'P02', pattern: { grayCode: frame } })).ok).toBe(true);
    const expected = Array.from({ length: W * H }, (_, i) => grayPixel({ kind: 'gray', ...frame }, i % W, Math.floor(i / W), W, H) * 255);
    await until('the Gray-code frame on P02', async () => (await redChannel('P02')).every((v, i) => v === expected[i]));
    expect((await redChannel('P01')).every((v) => v === 255)).toBe(true);
    // Back to the show everywhere; relocking would do the same.
    expect((await command({ command: 'testPattern', projectorId: null, pattern: 'content' })).ok).toBe(true);
    await until('the show on P01 again', async () => !(await redChannel('P01')).every((v) => v === 255));
  });

  it('saveProfile writes a version; rollbackProfile restores the file byte for byte', async () => {
    const save = await command({ command: 'saveProfile', who: 'e2e', note: 'P02 yaw +3' });
    expect(save).toEqual({ ok: true, message: `saved ${profileFile} as version 2` });
    const saved = readFileSync(profileFile, 'utf8');
    expect(saved).not.toBe(original);
    const versions = (await (await api('/api/profile/versions')).json()) as { current: number; dirty: boolean; versions: { version: number; who: string; note: string; changes: string[] }[] };
    expect(versions).toMatchObject({ current: 2, dirty: false });
    expect(versions.versions.map((v) => [v.version, v.who])).toEqual([
      [1, '(original file)'],
      [2, 'e2e'],
    ]);
    expect(versions.versions[1]!.changes).toHaveLength(1);
    expect(versions.versions[1]!.changes[0]).toMatch(/^projectors\[P02\]\.pose\.yawDeg: /);
    const revision = (await state('P02')).calibrationRevision;
    expect(await command({ command: 'rollbackProfile' })).toEqual({ ok: true, message: `rolled back ${profileFile}: now version 3` });
    expect(readFileSync(profileFile, 'utf8')).toBe(original);
    expect(await (await api('/api/profile')).json()).toEqual(JSON.parse(original));
    // The rolled-back pose reaches the output live.
    await until('P02 to apply the rolled-back pose', async () => (await state('P02')).calibrationRevision > revision, 1000);
    const diff = (await (await api('/api/profile/diff?a=2&b=3')).json()) as { changes: string[] };
    expect(diff.changes).toHaveLength(1);
    expect(((await (await api('/api/status')).json()) as { calibration: unknown }).calibration).toEqual({ locked: false, dirty: false, version: 3, patterns: {} });
  });
});
