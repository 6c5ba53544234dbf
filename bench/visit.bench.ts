/**
 * Bench suite `visit`: the virtual visit page (web/visit) following a headless conductor that plays the
 * default show on the dien-bien-phu profile (twelve 4K projectors), in headless Chromium on SwiftShader,
 * 1280 × 720. Measures the frames it draws at the default settings (?maxFps=30, 320 px projectors,
 * 1536 px wall, content at half their pixels) and at a lighter one (160 px, 1024 px), over 10 s of a playing show each.
 */
export async function benchVisit(): Promise<Record<string, number>> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { chromium } = await import('playwright-core');
  const { startConductor } = await import('../host/conductor/startConductor.ts');
  const { CHROMIUM_TEST_ARGS, findChromium } = await import('../host/browser/findChromium.ts');
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  const dir = mkdtempSync(join(tmpdir(), 'panorama-visit-'));
  const running = await startConductor({ show: 'dien-bien-phu', profile: 'dien-bien-phu', port: 0, oscPort: null, settingsDir: dir, pages: 'dev', log: () => {} });
  const browser = await chromium.launch({ executablePath: found.path, headless: true, args: [...CHROMIUM_TEST_ARGS] });
  type Stats = { frames: number; firstFrameMs: number | null; cpuMs: number[]; atMs: number[] };
  const measure = async (query: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.goto(`${running.url}/visit/index.html${query}#token=${running.token}`);
      await page.waitForFunction(() => ((window as unknown as { panoramaVisit?: { stats: Stats } }).panoramaVisit?.stats.frames ?? 0) > 2, undefined, { timeout: 120_000 });
      const firstFrameMs = await page.evaluate(() => (window as unknown as { panoramaVisit: { stats: Stats } }).panoramaVisit.stats.firstFrameMs!);
      const before = await page.evaluate(() => (window as unknown as { panoramaVisit: { stats: Stats } }).panoramaVisit.stats.frames);
      await new Promise((ok) => setTimeout(ok, 10_000));
      const s = await page.evaluate(() => {
        const st = (window as unknown as { panoramaVisit: { stats: Stats } }).panoramaVisit.stats;
        return { frames: st.frames, cpuMs: st.cpuMs.slice(), atMs: st.atMs.slice() };
      });
      const n = s.frames - before;
      const cpu = s.cpuMs.slice(-n).sort((a, b) => a - b);
      const gaps = s.atMs.slice(-n).map((t, i, a) => (i === 0 ? NaN : t - a[i - 1]!)).filter(Number.isFinite).sort((a, b) => a - b);
      const q = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))] ?? NaN;
      return { fps: n / 10, cpuMedianMs: q(cpu, 0.5), frameIntervalP95Ms: q(gaps, 0.95), firstFrameMs };
    } finally {
      await page.close();
    }
  };
  try {
    if (!running.conductor.perform({ command: 'play' }).ok) throw new Error('play refused');
    const d = await measure('');
    const light = await measure('?projectorPx=160&wallPx=1024');
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return {
      'visit.fps': r1(d.fps),
      'visit.frameCpuMedianMs': r1(d.cpuMedianMs),
      'visit.frameIntervalP95Ms': r1(d.frameIntervalP95Ms),
      'visit.firstFrameMs': Math.round(d.firstFrameMs),
      'visit.lightFps': r1(light.fps),
      'visit.lightFrameCpuMedianMs': r1(light.cpuMedianMs),
    };
  } finally {
    await browser.close();
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
