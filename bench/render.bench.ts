import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeBlend } from '../engine/core/blend/computeBlend.ts';
import { Installation } from '../engine/core/geometry/Installation.ts';
import { parseProfileText } from '../engine/core/profile/parseProfile.ts';
import type { OutputMeasurements } from '../engine/render/output/measureOutput.ts';
import { openPage } from '../host/browser/pageSession.ts';
import { median } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const json = (rel: string): unknown => JSON.parse(readFileSync(resolve(root, rel), 'utf8'));

/** blend.computeMs: blend maps of every projector of dien-bien-phu (median of 3, Node). */
export function benchBlend(): Record<string, number> {
  const r = parseProfileText(readFileSync(resolve(root, 'calibration/profiles/dien-bien-phu.json'), 'utf8'));
  if (!r.ok) throw new Error('dien-bien-phu profile is invalid');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    computeBlend(new Installation(r.value));
    times.push(performance.now() - t0);
  }
  return { 'blend.computeMs': Math.round(median(times)) };
}

/** Output frame metrics of a 4K dien-bien-phu projector in headless Chromium. */
export async function benchRender(): Promise<Record<string, number>> {
  const session = await openPage('headless/index.html');
  try {
    const times = Array.from({ length: 7 }, (_, i) => 40 + i * 5);
    const m = (await session.page.evaluate(
      (req) => (window as unknown as { panorama: { benchOutput: (r: unknown) => Promise<unknown> } }).panorama.benchOutput(req),
      { profile: json('calibration/profiles/dien-bien-phu.json'), show: json('shows/demo.show.json'), projectorId: 'P03', times },
    )) as OutputMeasurements;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      'render.outputFrameCpuMs': r3(m.frameCpuMs),
      'render.outputPassMs': r3(m.outputPassMs),
      'render.blitMs': r3(m.blitMs),
      'render.outputPassVsBlit': r3(m.outputPassMs / m.blitMs),
      'render.gpuTimerQuery': m.timerQuery,
    };
  } finally {
    await session.close();
  }
}
