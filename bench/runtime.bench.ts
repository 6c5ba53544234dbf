import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ringProfile, PREVIEW_3 } from '../tools/profiles/ringProfile.ts';
import { CHROMIUM_TEST_ARGS, findChromium } from '../host/browser/findChromium.ts';
import { killPageRenderer, PROBE_EXPRESSION } from '../host/browser/killRenderers.ts';
import { startConductor } from '../host/conductor/startConductor.ts';
import { ChromiumRuntime, machineChromiumFlags, SHOW_FLAGS } from '../host/runtime/ChromiumRuntime.ts';
import { ensureBuiltPages } from '../host/server/builtPages.ts';
import { startDelayProxy } from './delayProxy.ts';
import { floorFirstPixelMs, gpuProcessTicks, startFloorServer } from './floorPage.ts';

type Output = { showTimeForLocal(l: number): number; frames: number; link: { toConductor(l: number): number; estimate: { offsetS: number; samples: number } | null } };
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const synced = (samples: number) => `(() => { const a = window.panoramaOutput; return !!a && a.frames > 0 && !!a.link.estimate && a.link.estimate.samples >= ${samples}; })()`;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start-up and recovery as the product does them: the conductor plus the Chromium runtime (headless
 * windows in one browser, driven over its DevTools pipe), timed from the conductor's start to every
 * output's first report of a frame rendered in sync (clock bound ≤ 0.5 ms); then kill -9 one output's
 * renderer process and time until a new page of that output reports in sync.
 */
interface StartFigures {
  firstFrameMs: number;
  recoveryMs: number | null;
  /** GPU process CPU with the four outputs playing, % of one core. */
  gpuCpuPct: number | null;
  /** A trivial WebGL page opened in the same browser beside the playing outputs, to its first pixel. */
  floorPageUnderLoadMs: number | null;
}

async function runtimeStart(chromiumPath: string, dir: string, profileRoot: string, recover: boolean, floor: Awaited<ReturnType<typeof startFloorServer>>): Promise<StartFigures> {
  const ids = ['P01', 'P02', 'P03', 'P04'];
  const t0 = performance.now();
  const running = await startConductor({ show: 'demo', profile: join(dir, 'profile.json'), port: 0, oscPort: null, settingsDir: dir, log: () => {} });
  running.conductor.perform({ command: 'play' });
  const runtime = new ChromiumRuntime(chromiumPath, machineChromiumFlags().args, () => {}, { profileRoot, headless: true });
  const synced = (id: string, not?: string) => running.conductor.status().outputs.find((o) => o.projectorId === id && o.connected && o.frames > 0 && o.errorBoundMs <= 0.5 && o.clientId !== not);
  const until = async (what: string, f: () => unknown, ms: number) => {
    const tw = performance.now();
    while (!f()) {
      if (performance.now() - tw > ms) throw new Error(`runtime bench: ${what} within ${ms} ms`);
      await wait(5);
    }
  };
  try {
    runtime.open(ids.map((id) => ({ name: id, url: `${running.url}/output/index.html?projector=${id}&maxFps=10`, token: running.token, bounds: { x: 0, y: 0, width: 320, height: 200 }, kiosk: false })));
    await until('every output in sync', () => ids.every((id) => synced(id)), 120_000);
    const firstFrameMs = performance.now() - t0;
    if (!recover) return { firstFrameMs, recoveryMs: null, gpuCpuPct: null, floorPageUnderLoadMs: null };
    await wait(3000);
    const ticks0 = gpuProcessTicks(runtime.browserPid!);
    const tt0 = performance.now();
    await wait(3000);
    const gpuCpuPct = ((gpuProcessTicks(runtime.browserPid!) - ticks0) * 10) / ((performance.now() - tt0) / 1000) / 10;
    const drawn = floor.next('under-load');
    const tf = performance.now();
    runtime.open([{ name: 'floor', url: floor.url('under-load'), bounds: { x: 0, y: 0, width: 320, height: 200 }, kiosk: false }]);
    const floorPageUnderLoadMs = (await drawn) - tf;
    await wait(1000);
    const before = synced('P03')!.clientId;
    // The kill lands at the end of the probe that finds P03's renderer; recovery is timed from the kill.
    await killPageRenderer(runtime.browserPid!, () => runtime.evaluate('P03', PROBE_EXPRESSION));
    const tKill = performance.now();
    await until('P03 back in sync', () => synced('P03', before), 60_000);
    if (runtime.lastCrash?.name !== 'P03') throw new Error(`runtime bench: the runtime saw ${runtime.lastCrash?.name ?? 'no'} window crash, not P03`);
    return { firstFrameMs, recoveryMs: performance.now() - tKill, gpuCpuPct, floorPageUnderLoadMs };
  } finally {
    await runtime.close();
    await running.stop();
  }
}

/**
 * Sync and runtime metrics, each measured in one run on this machine: start-up and recovery through
 * the runtime (cold profiles, then warm ones as every later start has), four output pages in Chromium
 * on one conductor for skew, and a render node behind a 5–50 ms asymmetric delay proxy.
 */
export async function benchRuntime(): Promise<Record<string, number>> {
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  const dir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const profile = ringProfile({ ...PREVIEW_3, id: 'bench-4', count: 4, resolution: { width: 320, height: 200 }, throwRatio: 1.3 });
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
  // Built once after a source change (npm start does the same); not part of a start.
  await ensureBuiltPages(() => {});
  const floor = await startFloorServer();
  // The machine's floor, same browser and flags: a fresh headless browser to a trivial WebGL page's first pixel.
  const floorStarts: number[] = [];
  for (let i = 0; i < 3; i++) floorStarts.push(await floorFirstPixelMs(found.path, [...SHOW_FLAGS, ...machineChromiumFlags().args], floor, `start-${i}`));
  const cold = await runtimeStart(found.path, dir, join(dir, 'chromium'), false, floor);
  // Three warm starts (as every start after the first): medians, this machine's timings vary by half.
  const warms: StartFigures[] = [];
  for (let i = 0; i < 3; i++) warms.push(await runtimeStart(found.path, dir, join(dir, 'chromium'), true, floor));
  await floor.close();
  const median = (f: (s: StartFigures) => number) => percentile(warms.map(f), 0.5);
  const warm = { firstFrameMs: median((s) => s.firstFrameMs), recoveryMs: median((s) => s.recoveryMs!), gpuCpuPct: median((s) => s.gpuCpuPct!), floorPageUnderLoadMs: median((s) => s.floorPageUnderLoadMs!) };
  const spread = (f: (s: StartFigures) => number) => warms.map((s) => Math.round(f(s))).join(' / ');
  process.stderr.write(`bench: runtime warm starts ${spread((s) => s.firstFrameMs)} ms, recoveries ${spread((s) => s.recoveryMs!)} ms\n`);

  const running = await startConductor({ show: 'demo', profile: join(dir, 'profile.json'), port: 0, oscPort: null, settingsDir: dir, log: () => {} });
  running.conductor.perform({ command: 'play' });
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const open = async (name: string, url: string) => {
    const ctx = await chromium.launchPersistentContext(join(dir, name), { executablePath: found.path, args: [...CHROMIUM_TEST_ARGS], viewport: { width: 320, height: 200 } });
    contexts.push(ctx);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(url);
    return page;
  };
  const proxy = await startDelayProxy(Number(new URL(running.url).port));
  try {
    pages.push(...(await Promise.all(['P01', 'P02', 'P03', 'P04'].map((id) => open(`b-${id}`, `${running.url}/output/index.html?projector=${id}&maxFps=10#token=${running.token}`)))));
    await Promise.all(pages.map((p) => p.waitForFunction(synced(16), undefined, { timeout: 120_000, polling: 20 })));

    // Same-machine skew: the show time each page renders for one presentation instant.
    const skews: number[] = [];
    for (let i = 0; i < 100; i++) {
      const local = (performance.timeOrigin + performance.now()) / 1000 + 0.05;
      const times = await Promise.all(pages.map((p) => p.evaluate((l) => (window as unknown as { panoramaOutput: Output }).panoramaOutput.showTimeForLocal(l), local)));
      skews.push((Math.max(...times) - Math.min(...times)) * 1000);
      await wait(50);
    }

    // A render node behind the delay proxy: the conductor time it computes for one instant against a
    // direct page's (both pages share this machine's clock, so the direct page is the truth to ~0.01 ms).
    // Measured once its window is full (512 exchanges at ten a second).
    const node = await open('b-node', `http://127.0.0.1:${proxy.port}/output/index.html?projector=P01&maxFps=5#token=${running.token}`);
    await node.waitForFunction(synced(512), undefined, { timeout: 180_000, polling: 200 });
    const offsetErrors: number[] = [];
    for (let i = 0; i < 60; i++) {
      const local = (performance.timeOrigin + performance.now()) / 1000;
      const [direct, viaProxy] = await Promise.all([pages[0]!, node].map((p) => p.evaluate((l) => (window as unknown as { panoramaOutput: Output }).panoramaOutput.link.toConductor(l), local)));
      offsetErrors.push(Math.abs(viaProxy! - direct!) * 1000);
      await wait(250);
    }

    return {
      'sync.sameMachineSkewP99Ms': r3(percentile(skews, 0.99)),
      'sync.clockOffsetErrorP99Ms': r3(percentile(offsetErrors, 0.99)),
      'runtime.firstFrameMs': Math.round(warm.firstFrameMs),
      'runtime.firstFrameColdMs': Math.round(cold.firstFrameMs),
      'runtime.recoveryMs': Math.round(warm.recoveryMs!),
      'runtime.floorFirstPixelMs': Math.round(percentile(floorStarts, 0.5)),
      'runtime.firstFrameVsFloor': Math.round((warm.firstFrameMs / percentile(floorStarts, 0.5)) * 100) / 100,
      'runtime.floorPageUnderLoadMs': Math.round(warm.floorPageUnderLoadMs!),
      'runtime.gpuProcessCpuPct': Math.round(warm.gpuCpuPct!),
    };
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await proxy.close();
    await running.stop();
  }
}
