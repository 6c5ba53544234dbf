import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killPageRenderer, PROBE_EXPRESSION } from '../../host/browser/killRenderers.ts';
import type { ChromiumRuntime } from '../../host/runtime/ChromiumRuntime.ts';
import { chromiumRuntime, startSmallConductor } from '../support/smallConductor.ts';
import { untilValue, type Pending } from '../support/waitFor.ts';

let dir: string;
let running: Awaited<ReturnType<typeof startSmallConductor>>;
let runtime: ChromiumRuntime;
const reports: string[] = [];

/** The output of `projectorId` that reports a rendered frame in sync, other than the page `not`. */
const synced = (projectorId: string, not?: string) =>
  running.conductor.status().outputs.find((o) => o.projectorId === projectorId && o.connected && o.frames > 0 && o.errorBoundMs <= 0.5 && o.clientId !== not);

const until = <T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, timeoutMs: number): Promise<T> => untilValue(what, f, { timeoutMs, everyMs: 10, said: () => `runtime said: ${reports.join(' | ') || 'nothing'}` });

/** Chromium processes whose command line names this profile folder. */
function processesOf(profileDir: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(`--user-data-dir=${profileDir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chromium-runtime-e2e-'));
  running = await startSmallConductor(dir, 'e2e-runtime');
  running.conductor.perform({ command: 'play' });
  runtime = chromiumRuntime(dir, reports, { headless: true });
  runtime.open(['P01', 'P02'].map((id) => ({ name: id, url: `${running.url}/output/index.html?projector=${id}&maxFps=5`, token: running.token, bounds: { x: 0, y: 0, width: 320, height: 200 }, kiosk: false })));
  await until('both outputs in sync', () => synced('P01') && synced('P02'), 120_000);
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  await running?.stop();
});

describe('Chromium runtime: every window in one browser, driven over the DevTools pipe', () => {
  it('reloads a page whose renderer was killed (kill -9), in the same window, back in sync, the other output untouched', async () => {
    const before = synced('P02')!.clientId;
    const other = synced('P01')!.clientId;
    const browser = runtime.browserPid;
    expect(browser).toBeGreaterThan(0);
    await killPageRenderer(browser!, () => runtime.evaluate('P02', PROBE_EXPRESSION));
    const back = await until('P02 back in sync after its renderer was killed', () => synced('P02', before), 60_000);
    expect(back.clientId).not.toBe(before);
    expect(runtime.lastCrash?.name).toBe('P02');
    expect(reports.some((r) => /window P02: renderer .*reloading/.test(r))).toBe(true);
    // The other output's page was never disturbed (same page, still in sync), and the browser is the same process.
    expect(synced('P01')?.clientId).toBe(other);
    expect(runtime.browserPid).toBe(browser);
    expect(reports.some((r) => /browser closed/.test(r))).toBe(false);
  }, 90_000);

  it('reopens a window that was closed (as the watchdog does for a hung page)', async () => {
    const before = synced('P01')!.clientId;
    runtime.restart('P01');
    await until('P01 back in sync after its window was closed', () => synced('P01', before), 60_000);
    expect(reports.some((r) => /window P01 closed; reopening/.test(r))).toBe(true);
  }, 90_000);

  it('reopens every window when the whole browser dies, with its profile kept', async () => {
    const before = ['P01', 'P02'].map((id) => synced(id)!.clientId);
    const pid = runtime.browserPid!;
    for (const p of processesOf(runtime.browserDir())) process.kill(p, 'SIGKILL');
    await until('both outputs back in sync after the browser was killed', () => synced('P01', before[0]) && synced('P02', before[1]), 90_000);
    expect(reports.some((r) => /the browser closed .*reopening every window/.test(r))).toBe(true);
    expect(runtime.browserPid).not.toBe(pid);
    expect(runtime.browserDir()).toBe(join(dir, 'chromium', 'browser'));
  }, 120_000);

  it('closes the browser it opened', async () => {
    await runtime.close();
    await until('no Chromium left on the runtime profile', () => processesOf(runtime.browserDir()).length === 0, 10_000);
  }, 20_000);
});
