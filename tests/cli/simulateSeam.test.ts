import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'simulate-seam-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linear = (b: number) => {
  const x = b / 255;
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
};

describe('npm run simulate at the painting\'s wrap point', () => {
  it('the Dien Bien Phu sky (a region spanning the whole turn) has no step where u = 0 meets u = 1 at 690 s', () => {
    // An empty asset folder: the painting is absent, so the unwrapped view is the light alone and a
    // step in it is the light's, not the placeholder painting's (whose own picture is not seamless).
    mkdirSync(join(dir, 'assets'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/simulate.ts'), '--profile', 'calibration/profiles/dien-bien-phu.json', '--show', 'shows/dien-bien-phu.show.json', '--t', '690', '--assets', join(dir, 'assets'), '--out', join(dir, 'view.png')], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const img = decode(readFileSync(join(dir, 'view.png')));
    const { width: w, height: h, channels } = img;
    const data = img.data as Uint8Array;
    expect(w).toBe(4096);
    // Sky rows (v from 0.62 to 0.95; row 0 is the top of the wall) and the mean linear luminance of a column.
    const r0 = Math.round(h * 0.05), r1 = Math.round(h * 0.38);
    const column = (x: number) => {
      let s = 0;
      for (let y = r0; y < r1; y++) {
        const i = (y * w + ((x + w) % w)) * channels;
        s += 0.2126 * linear(data[i]!) + 0.7152 * linear(data[i + 1]!) + 0.0722 * linear(data[i + 2]!);
      }
      return s / (r1 - r0);
    };
    // Reference: 70 to 100 px either side of the seam; the feather was ~40 px wide round it.
    const ref = [...Array.from({ length: 30 }, (_, k) => column(-100 + k)), ...Array.from({ length: 30 }, (_, k) => column(70 + k))].reduce((a, b) => a + b) / 60;
    const near = Array.from({ length: 61 }, (_, k) => column(-30 + k));
    const stepPct = 100 * (1 - Math.min(...near) / ref);
    console.log(`seam at 690 s: sky luminance ${ref.toFixed(4)} away from the seam, lowest within 30 px of it ${Math.min(...near).toFixed(4)}: step ${stepPct.toFixed(2)} % (it was 23 % before regions wrapped)`);
    expect(ref).toBeGreaterThan(0.1);
    expect(stepPct).toBeLessThan(1.5);
    expect(Math.abs(column(-1) - column(0)) / ref).toBeLessThan(0.015);
  }, 620_000);
});
