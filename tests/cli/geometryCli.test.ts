import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli', script), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, INIT_CWD: dir } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'geometry-cli-'));
  const dbp = JSON.parse(readFileSync(join(root, 'calibration/profiles/dien-bien-phu.json'), 'utf8'));
  dbp.projectors[3].pose.yawDeg += 0.5;
  writeFileSync(join(dir, 'bumped.json'), JSON.stringify(dbp));
});

describe('npm run map', () => {
  it('pixel → painting uv and world point', () => {
    const r = run('map.ts', '--profile', 'dien-bien-phu', '--projector', 'P01', '--px', '1920,1080');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ u: 0, v: 0.5, world: [21, 10.25, 0], onWall: true });
  });

  it('painting uv → the pixel in every projector that sees it (two in an overlap)', () => {
    const r = run('map.ts', '--profile', 'dien-bien-phu', '--uv', '0.0417,0.5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pixels.map((p: { projector: string }) => p.projector)).toEqual(['P01', 'P02']);
  });

  it('says which projector ids exist when given a wrong one', () => {
    const r = run('map.ts', '--profile', 'preview-3', '--projector', 'P9', '--px', '1,1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no projector "P9" \(expected one of P01, P02, P03\)/);
  });
});

describe('npm run simulate (metrics)', () => {
  it('dien-bien-phu in flat white: coverage ≥ 0.999, uniformity ≤ 1 %', () => {
    const r = run('simulate.ts', '--profile', 'dien-bien-phu', '--pattern', 'white', '--json', 'white.json');
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'white.json'), 'utf8'));
    expect(m.coverage).toBeGreaterThanOrEqual(0.999);
    expect(m.uniformityMaxDevPct).toBeLessThanOrEqual(1);
  });

  it('a projector yawed 0.5° in the true profile: misregistration over 5 px, its zones named', () => {
    const r = run('simulate.ts', '--profile', 'dien-bien-phu', '--true-profile', 'bumped.json', '--pattern', 'white', '--json', 'bumped-metrics.json');
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'bumped-metrics.json'), 'utf8'));
    expect(m.misregistrationPx.max).toBeGreaterThan(5);
    expect(m.zones.slice(0, 2).map((z: { zone: string }) => z.zone).sort()).toEqual(['P03|P04', 'P04|P05']);
    expect(r.stdout).toMatch(/misregistered blend zones[\s\S]*P0[34]\|P0[45]: max \d+\.\d+ px[\s\S]*P0[34]\|P0[45]: max/);
  });

  it('refuses a true profile with other projectors, naming the file and field', () => {
    writeFileSync(join(dir, 'other.json'), readFileSync(join(root, 'calibration/profiles/preview-3.json')));
    const r = run('simulate.ts', '--profile', 'dien-bien-phu', '--true-profile', 'other.json', '--pattern', 'white', '--json', 'x.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/other\.json: projectors: has no P04/);
  });
});

describe('npm run render and simulate (images, in Chromium)', () => {
  it('renders every projector of preview-3 at its resolution', () => {
    const r = run('render.ts', '--profile', 'preview-3', '--show', 'demo', '--t', '50.3', '--all', '--out', 'render');
    expect(r.status, r.stderr).toBe(0);
    for (const id of ['P01', 'P02', 'P03']) expect(pngSize(join(dir, 'render', `${id}.png`))).toEqual([1280, 800]);
  });

  it('renders a 4K dien-bien-phu output without any texture over 8192 px', () => {
    const r = run('render.ts', '--profile', 'dien-bien-phu', '--show', 'demo', '--t', '60', '--projector', 'P03', '--out', 'p03.png');
    expect(r.status, r.stderr).toBe(0);
    expect(pngSize(join(dir, 'p03.png'))).toEqual([3840, 2160]);
    const largest = Number(/largest texture (\d+) px/.exec(r.stdout)![1]);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(8192);
  });

  it('writes the visitor view of preview-3', () => {
    const r = run('simulate.ts', '--profile', 'preview-3', '--show', 'demo', '--t', '100', '--out', 'view.png', '--width', '2048');
    expect(r.status, r.stderr).toBe(0);
    const [w, h] = pngSize(join(dir, 'view.png'));
    expect(w).toBe(2048);
    expect(h).toBe(Math.round((2048 * 2) / ((4 * 138 * Math.PI) / 180)));
  });

  it('a bad show file gives a clear message and writes nothing', () => {
    writeFileSync(join(dir, 'bad.show.json'), '{"schemaVersion": 1, "durationS": -1}');
    const r = run('render.ts', '--profile', 'preview-3', '--show', 'bad.show.json', '--projector', 'P01', '--out', 'never.png');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.show\.json: durationS: is -1, too small/);
    expect(() => readFileSync(join(dir, 'never.png'))).toThrow();
  });
});
