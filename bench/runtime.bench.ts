import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ringProfile, PREVIEW_3 } from '../calibration/tools/ringProfile.ts';
import { CHROMIUM_TEST_ARGS, findChromium } from '../host/browser/findChromium.ts';
import { killRenderers } from '../host/browser/killRenderers.ts';
import { startConductor } from '../host/conductor/startConductor.ts';
import { startDelayProxy } from './delayProxy.ts';

type Output = { showTimeForLocal(l: number): number; frames: number; link: { estimate: { offsetS: number; samples: number } | null } };
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const synced = (samples: number) => `(() => { const a = window.panoramaOutput; return !!a && a.frames > 0 && !!a.link.estimate && a.link.estimate.samples >= ${samples}; })()`;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Sync and runtime metrics, each measured in one run on this machine: four output pages in Chromium
 * on one conductor, a render node behind a 5–50 ms asymmetric delay proxy, first synced frame, and
 * recovery after kill -9 of one output's renderer.
 */
export async function benchRuntime(): Promise<Record<string, number>> {
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  const dir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const profile = ringProfile({ ...PREVIEW_3, id: 'bench-4', count: 4, resolution: { width: 320, height: 200 }, throwRatio: 1.3 });
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
  const t0 = performance.now();
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
    // All four windows open at once, as the runtime opens them.
    pages.push(...(await Promise.all(['P01', 'P02', 'P03', 'P04'].map((id) => open(`b-${id}`, `${running.url}/output/index.html?projector=${id}&maxFps=10#token=${running.token}`)))));
    await Promise.all(pages.map((p) => p.waitForFunction(synced(16), undefined, { timeout: 120_000, polling: 20 })));
    const firstFrameMs = performance.now() - t0;

    // Same-machine skew: the show time each page renders for one presentation instant.
    const skews: number[] = [];
    for (let i = 0; i < 100; i++) {
      const local = (performance.timeOrigin + performance.now()) / 1000 + 0.05;
      const times = await Promise.all(pages.map((p) => p.evaluate((l) => (window as unknown as { panoramaOutput: Output }).panoramaOutput.showTimeForLocal(l), local)));
      skews.push((Math.max(...times) - Math.min(...times)) * 1000);
      await new Promise((r) => setTimeout(r, 50));
    }

    // A render node behind the delay proxy: its offset estimate against a direct page's (same true clock).
    const node = await open('b-node', `http://127.0.0.1:${proxy.port}/output/index.html?projector=P01&maxFps=5#token=${running.token}`);
    await node.waitForFunction(synced(128), undefined, { timeout: 120_000, polling: 100 });
    const offsetErrors: number[] = [];
    for (let i = 0; i < 60; i++) {
      const [direct, viaProxy] = await Promise.all([pages[0]!, node].map((p) => p.evaluate(() => (window as unknown as { panoramaOutput: Output }).panoramaOutput.link.estimate!.offsetS)));
      offsetErrors.push(Math.abs(viaProxy! - direct!) * 1000);
      await new Promise((r) => setTimeout(r, 250));
    }

    // Recovery: kill -9 one output's renderer; the runtime reopens it after the policy's first delay (250 ms).
    const victim = pages[2]!;
    const url = victim.url();
    const crashed = new Promise((ok) => victim.once('crash', ok));
    const tKill = performance.now();
    if (killRenderers(join(dir, 'b-P03')) === 0) throw new Error('no renderer process found to kill');
    await crashed;
    await new Promise((r) => setTimeout(r, 250));
    const fresh = await contexts[2]!.newPage();
    await fresh.goto(url);
    await fresh.waitForFunction(synced(16), undefined, { timeout: 60_000, polling: 10 });
    const recoveryMs = performance.now() - tKill;

    return {
      'sync.sameMachineSkewP99Ms': r3(percentile(skews, 0.99)),
      'sync.clockOffsetErrorP99Ms': r3(percentile(offsetErrors, 0.99)),
      'runtime.firstFrameMs': Math.round(firstFrameMs),
      'runtime.recoveryMs': Math.round(recoveryMs),
    };
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await proxy.close();
    await running.stop();
  }
}
