/**
 * Outputs survive a pause: a real conductor, real Chromium windows (the runtime npm start uses, headless)
 * under the same supervision (watchdog, reloadOutput, GO). Held and stopped for 60 s each, the pages
 * stay (same clients, no restart), keep reporting, and resume on GO; so does a loadShow (left stopped);
 * blackout reads 0 on every pixel;
 * a window the recovery policy gave up on comes back with reloadOutput and with GO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../../engine/core/protocol/commands.ts';
import type { OutputStatus } from '../../engine/core/protocol/status.ts';
import type { ChromiumRuntime } from '../../host/runtime/ChromiumRuntime.ts';
import { superviseOutputs } from '../../host/runtime/superviseOutputs.ts';
import { chromiumRuntime, startSmallConductor } from '../support/smallConductor.ts';
import { untilValue, type Pending } from '../support/waitFor.ts';

const PAUSE_S = 60;
let dir: string;
let running: Awaited<ReturnType<typeof startSmallConductor>>;
let runtime: ChromiumRuntime;
let stopSupervising: () => void;
const reports: string[] = [];

/** The outputs of one window: P01's own page, or the preview's three tiles. */
const of = (window: 'P01' | 'preview'): OutputStatus[] => running.conductor.status().outputs.filter((o) => (window === 'preview' ? o.preview === true : o.projectorId === 'P01' && o.preview !== true));
/** Every record in sync: the P01 page and the preview's tiles for P01, P02 and P03 (not the page `not`). */
const syncedAll = (not: readonly string[] = []) => {
  const live = (w: 'P01' | 'preview') => of(w).filter((o) => o.connected && o.frames > 0 && o.errorBoundMs <= 0.5 && !not.includes(o.clientId));
  return live('P01').length === 1 && live('preview').length === 3 ? [...live('P01'), ...live('preview')] : null;
};

const until = <T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, timeoutMs: number): Promise<T> => untilValue(what, f, { timeoutMs, everyMs: 50, said: () => `runtime said: ${reports.join(' | ') || 'nothing'}` });

async function command(c: Command): Promise<{ ok: boolean; message: string }> {
  const r = await fetch(`${running.url}/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(c) });
  return (await r.json()) as { ok: boolean; message: string };
}

/** Largest red, green or blue value on every pixel of a window's canvas, and the pixel count (WebGL readback). */
const READBACK = `(() => {
  const c = document.querySelector('canvas');
  const gl = c && c.getContext('webgl2');
  if (!gl) return null;
  const px = new Uint8Array(c.width * c.height * 4);
  gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let max = 0;
  for (let i = 0; i < px.length; i += 4) max = Math.max(max, px[i], px[i + 1], px[i + 2]);
  return { max, pixels: c.width * c.height };
})()`;
const readback = async (name: string) => (await runtime.evaluate(name, READBACK)) as { max: number; pixels: number } | null;

/** Holds the show in `how` for PAUSE_S, checking every second that every page stays, reports and is not restarted. */
async function pauseAndWatch(how: 'pause' | 'stop'): Promise<{ showS: number; clients: string[]; worstAgeS: number }> {
  const before = syncedAll()!;
  const clients = before.map((o) => o.clientId).sort();
  const restartsBefore = reports.length;
  const pausedAtS = running.conductor.status().epochS;
  expect(await command({ command: how })).toMatchObject({ ok: true });
  const heldS = running.conductor.status().transport.showS;
  let worstAgeS = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < PAUSE_S * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = [...of('P01'), ...of('preview')];
    expect(now.map((o) => o.clientId).sort()).toEqual(clients);
    for (const o of now) {
      expect(o.connected).toBe(true);
      worstAgeS = Math.max(worstAgeS, o.ageS);
    }
  }
  // Still the same windows and pages, reporting the held time, and the runtime never restarted anything.
  const after = syncedAll()!;
  expect(after.map((o) => o.clientId).sort()).toEqual(clients);
  for (const o of after) expect(o.lastShowS).toBeCloseTo(heldS, 3);
  expect(reports.slice(restartsBefore)).toEqual([]);
  const restarts = running.conductor.status().events.filter((e) => e.epochS >= pausedAtS && /stopped reporting|restarting/.test(e.message));
  expect(restarts).toEqual([]);
  console.log(`outputsPause e2e: ${how} ${PAUSE_S} s: ${clients.length} records (P01 page + 3 preview tiles), same clients throughout, worst report age ${worstAgeS.toFixed(2)} s`);
  return { showS: heldS, clients, worstAgeS };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outputs-pause-e2e-'));
  // A visible black-level lift: the blackout must still read 0.
  running = await startSmallConductor(dir, 'e2e-pause', (pr) => void (pr['blackLevel'] = 0.02));
  runtime = chromiumRuntime(dir, reports, { headless: true });
  // 5 frames a second: two software-GL pages on a 2-core machine shared with other work.
  const page = (q: string) => `${running.url}/output/index.html?projector=${q}&maxFps=5#token=${running.token}`;
  runtime.open([
    { name: 'P01', url: page('P01'), bounds: { x: 0, y: 0, width: 320, height: 200 }, kiosk: false },
    { name: 'preview', url: page('all'), bounds: { x: 0, y: 0, width: 640, height: 360 }, kiosk: false },
  ]);
  stopSupervising = superviseOutputs(running.conductor, runtime, [
    { name: 'P01', projectorIds: ['P01'], preview: false },
    { name: 'preview', projectorIds: ['P01', 'P02', 'P03'], preview: true },
  ]);
  expect(await command({ command: 'play' })).toMatchObject({ ok: true });
  await until('P01 and the preview tiles in sync', () => syncedAll(), 120_000);
  // Let the pages settle (first frames compile shaders), then nothing may restart from here on.
  await new Promise((r) => setTimeout(r, 3000));
  const early = running.conductor.status().events.filter((e) => /stopped reporting/.test(e.message));
  if (early.length > 0) console.log(`outputsPause e2e: restarted during start-up: ${early.map((e) => e.message).join('; ')}`);
}, 180_000);

afterAll(async () => {
  stopSupervising?.();
  await runtime?.close();
  await running?.stop();
});

describe('outputs survive a pause (real conductor, Chromium runtime, watchdog)', () => {
  it('the preview reports one row per projector it tiles, with its target frame rate', () => {
    const tiles = of('preview');
    expect(tiles.map((o) => o.projectorId).sort()).toEqual(['P01', 'P02', 'P03']);
    expect(new Set(tiles.map((o) => o.clientId)).size).toBe(1);
    for (const o of [...tiles, ...of('P01')]) expect(o.targetFps).toBe(5);
  });

  it(`held for ${PAUSE_S} s: same pages, reports keep arriving, no restart; GO resumes advancing show time`, async () => {
    const held = await pauseAndWatch('pause');
    expect(held.worstAgeS).toBeLessThan(3);
    expect(await command({ command: 'play' })).toMatchObject({ ok: true });
    const resumed = await until('every page rendering past the held time', () => {
      const s = syncedAll();
      return s && s.every((o) => o.lastShowS > held.showS + 1) ? s : null;
    }, 30_000);
    expect(resumed.map((o) => o.clientId).sort()).toEqual(held.clients);
  }, (PAUSE_S + 60) * 1000);

  it(`stopped for ${PAUSE_S} s: same pages, reports keep arriving, no restart; GO starts them from the top`, async () => {
    const stopped = await pauseAndWatch('stop');
    expect(stopped.showS).toBe(0);
    expect(stopped.worstAgeS).toBeLessThan(3);
    expect(await command({ command: 'play' })).toMatchObject({ ok: true });
    const first = await until('every page rendering from the top', () => {
      const s = syncedAll();
      return s && s.every((o) => o.lastShowS > 0.5) ? s : null;
    }, 30_000);
    const t1 = Math.min(...first.map((o) => o.lastShowS));
    await until('show time advancing on every page', () => syncedAll()?.every((o) => o.lastShowS > t1 + 1), 30_000);
    expect(first.map((o) => o.clientId).sort()).toEqual(stopped.clients);
  }, (PAUSE_S + 60) * 1000);

  it('loadShow (new documents, the show left stopped): the same pages reload the documents and keep reporting, nothing restarted', async () => {
    const clients = syncedAll()!.map((o) => o.clientId).sort();
    const restartsBefore = reports.length;
    expect(await command({ command: 'loadShow', show: 'demo' })).toMatchObject({ ok: true });
    expect(running.conductor.status().transport.status).toBe('stopped');
    await new Promise((r) => setTimeout(r, 15_000));
    const after = syncedAll()!;
    expect(after.map((o) => o.clientId).sort()).toEqual(clients);
    for (const o of after) {
      expect(o.ageS).toBeLessThan(3);
      expect(o.lastShowS).toBe(0);
    }
    expect(reports.slice(restartsBefore)).toEqual([]);
  }, 60_000);

  it('blackout reads 0 on every pixel of every output window (with a black-level lift in the profile)', async () => {
    const lit = await until('both windows lit', async () => {
      const a = await readback('P01');
      const b = await readback('preview');
      return a && b && a.max > 0 && b.max > 0 ? [a, b] : null;
    }, 10_000);
    expect(lit[0]!.pixels).toBe(320 * 200);
    expect(await command({ command: 'blackout', on: true })).toMatchObject({ ok: true });
    for (const name of ['P01', 'preview']) {
      const dark = await until(`${name} black`, async () => {
        const r = await readback(name);
        return r && r.max === 0 ? r : null;
      }, 10_000);
      expect(dark.pixels).toBeGreaterThan(0);
    }
    // It stays black (no frame with the lift comes back while blacked out), and the pages keep reporting.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await readback('P01'))!.max).toBe(0);
    expect((await readback('preview'))!.max).toBe(0);
    expect(syncedAll()?.every((o) => o.ageS < 3)).toBe(true);
    expect(await command({ command: 'blackout', on: false })).toMatchObject({ ok: true });
    await until('P01 lit again', async () => ((await readback('P01'))?.max ?? 0) > 0, 10_000);
  }, 60_000);

  /** Makes the recovery policy give up on a window: four failures on record, then its window closed (the fifth). */
  async function giveUp(name: 'P01' | 'preview'): Promise<string[]> {
    const gone = of(name).map((o) => o.clientId);
    // From a clean record: an earlier test's reload may have counted one failure already.
    runtime.policy.reset(name, Date.now());
    for (let i = 0; i < 4; i++) runtime.policy.onCrash(name, Date.now(), 'failure staged by the test');
    runtime.restart(name);
    await until(`${name} given up`, () => runtime.givenUp().includes(name), 10_000);
    expect(reports.join('\n')).toMatch(new RegExp(`error: Output ${name} stopped: its renderer failed 5 times`));
    // Given up: the watchdog leaves it alone, and its rows leave the status once disconnected.
    await until(`${name} rows gone`, () => of(name).length === 0, 20_000);
    expect(runtime.givenUp()).toContain(name);
    return gone;
  }

  it('a window the recovery policy gave up on comes back with reloadOutput (HTTP API)', async () => {
    const gone = await giveUp('P01');
    const r = await command({ command: 'reloadOutput', projectorId: 'P01' });
    // P01 is shown by its own window and by the preview: both are reopened.
    expect(r).toEqual({ ok: true, message: 'reopening output windows P01, preview (P01, P02, P03)' });
    await until('P01 back in sync in a new page', () => syncedAll(gone), 60_000);
    expect(runtime.givenUp()).toEqual([]);
  }, 120_000);

  it('GO brings back every window given up on', async () => {
    const gone = await giveUp('preview');
    expect(await command({ command: 'pause' })).toMatchObject({ ok: true });
    expect(await command({ command: 'play' })).toMatchObject({ ok: true });
    await until('the preview back in sync in a new page', () => syncedAll(gone), 60_000);
    expect(runtime.givenUp()).toEqual([]);
    expect(running.conductor.status().events.some((e) => e.message === 'output window preview reopened by GO')).toBe(true);
  }, 120_000);
});
