import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { parsePyramidManifestText, pyramidLevels, pyramidTileCount } from '../../engine/core/painting/tilePyramid.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';

const root = resolve(import.meta.dirname, '../..');
const W = 65536;
const H = 1024;
/** The scan: blocks of 1000 × 256 px (not aligned with the 1024-px tiles), 27 colours of 0/128/255. */
const BLOCK_W = 1000;
const BLOCK_H = 256;
const PALETTE: [number, number, number][] = Array.from({ length: 27 }, (_, i) => [[0, 128, 255][i % 3]!, [0, 128, 255][Math.floor(i / 3) % 3]!, [0, 128, 255][Math.floor(i / 9)]!]);
const colourAt = (x: number, y: number) => PALETTE[(Math.floor(x / BLOCK_W) * 7 + Math.floor(y / BLOCK_H) * 11) % 27]!;
let dir: string;

function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli', script), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, INIT_CWD: dir } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-painting-'));
  mkdirSync(join(dir, 'assets/paintings'), { recursive: true });
  mkdirSync(join(dir, 'shows'));
  // The scan is made by libvips from a 66 × 4 pattern, streamed: never a 65,536-px buffer here.
  const cols = Math.ceil(W / BLOCK_W);
  const rows = H / BLOCK_H;
  const pattern = Buffer.alloc(cols * rows * 3);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) pattern.set(colourAt(c * BLOCK_W, r * BLOCK_H), (r * cols + c) * 3);
  await sharp(pattern, { raw: { width: cols, height: rows, channels: 3 } })
    .resize(cols * BLOCK_W, H, { kernel: 'nearest', fit: 'fill' })
    .extract({ left: 0, top: 0, width: W, height: H })
    .png({ compressionLevel: 1 })
    .toFile(join(dir, 'scan.png'));
  writeFileSync(join(dir, 'garbage.tif'), 'This is a text file with an image name.\n'.repeat(20));
  const png = readFileSync(join(dir, 'scan.png'));
  writeFileSync(join(dir, 'truncated.png'), png.subarray(0, Math.floor(png.length * 0.6)));
  await sharp({ create: { width: 10, height: 10, channels: 3, background: '#808080' } }).png().toFile(join(dir, 'tiny.png'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run assets:import', () => {
  it('turns a 65,536 × 1,024 PNG into a pyramid with a manifest, a progress bar and no temporary folder left', () => {
    const started = performance.now();
    const r = run('importPainting.ts', 'scan.png', '--out', 'assets/paintings/scan');
    const seconds = (performance.now() - started) / 1000;
    expect(r.status, r.stderr).toBe(0);
    expect(seconds).toBeLessThan(60);
    expect(r.stderr).toMatch(/\[#{30}\] 100%\s+127\/127 tiles .* elapsed, done/);
    expect(r.stdout).toContain('use it in a show as "src": "paintings/scan/tiles.json"');
    const m = parsePyramidManifestText(readFileSync(join(dir, 'assets/paintings/scan/tiles.json'), 'utf8'));
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.value.levels).toEqual(pyramidLevels(W, H, 1024));
    expect(m.value.source).toEqual({ file: 'scan.png', bytes: readFileSync(join(dir, 'scan.png')).length });
    const files = m.value.levels.reduce((n, l) => n + readdirSync(join(dir, 'assets/paintings/scan/tiles', String(l.level))).length, 0);
    expect(files).toBe(pyramidTileCount(m.value.levels));
    expect(readdirSync(join(dir, 'assets/paintings'))).toEqual(['scan']);
  }, 90_000);

  it('the renderer shows the tiles at their painting positions, fetching only those under each output (4K dien-bien-phu, WXGA preview-3)', async () => {
    const show = {
      schemaVersion: 2,
      id: 'pyramid-test',
      title: { en: 'pyramid test' },
      languages: ['en'],
      defaultLanguage: 'en',
      durationS: 10,
      chapters: [{ id: 'c', title: { en: 'c' }, startS: 0 }],
      regions: [],
      tracks: [
        { id: 'light', type: 'light', clips: [{ id: 'white', effect: 'wash', startS: 0, durationS: 10, params: { intensity: 1, color: [1, 1, 1] } }] },
        { id: 'painting', type: 'image', clips: [{ id: 'scan', startS: 0, durationS: 10, src: 'paintings/scan/tiles.json', mode: 'painting' }] },
      ],
    };
    writeFileSync(join(dir, 'shows/pyramid.show.json'), JSON.stringify(show));
    // The dien-bien-phu hall is a painted canvas (its projectors emit light only); the same geometry as
    // a blank screen projects the painting image, which is what this test reads back.
    const dbp = JSON.parse(readFileSync(join(root, 'calibration/profiles/dien-bien-phu.json'), 'utf8'));
    dbp.hall.canvas = 'screen';
    writeFileSync(join(dir, 'dien-bien-phu-screen.json'), JSON.stringify(dbp));
    // Both need the full 1,024-px height; each fetches only the tiles under its part of the wall.
    for (const [profileName, projector, maxTiles] of [
      ['dien-bien-phu', 'P03', 10],
      ['preview-3', 'P02', 30],
    ] as const) {
      const out = `${profileName}-${projector}.png`;
      const profileArg = profileName === 'dien-bien-phu' ? join(dir, 'dien-bien-phu-screen.json') : profileName;
      const r = run('render.ts', '--profile', profileArg, '--show', 'shows/pyramid.show.json', '--t', '1', '--projector', projector, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/asset/);
      const loaded = /painting paintings\/scan\/tiles.json: level 6 \(65536 × 1024 px\), (\d+) of its 64 tiles/.exec(r.stdout);
      expect(loaded, r.stdout).not.toBeNull();
      expect(Number(loaded![1])).toBeLessThanOrEqual(maxTiles);
      const largest = Number(/largest texture (\d+) px/.exec(r.stdout)![1]);
      expect(largest).toBeLessThanOrEqual(8192);

      const profile = parseProfileText(readFileSync(join(root, 'calibration/profiles', `${profileName}.json`), 'utf8'));
      if (!profile.ok) throw new Error('profile');
      const inst = new Installation(profile.value);
      const model = inst.projector(projector);
      const { data, info } = await sharp(join(dir, out)).raw().toBuffer({ resolveWithObject: true });
      let checked = 0;
      let worst = 0;
      const wrong: string[] = [];
      for (let py = 20; py < info.height; py += 37) {
        for (let px = 20; px < info.width; px += 37) {
          const hit = inst.pixelToWall(model, px + 0.5, py + 0.5);
          if (!hit) continue;
          const u = hit.u - Math.floor(hit.u);
          // Only where this projector alone lights the wall (no blend ramp), away from block edges.
          if (inst.uvToPixels(u, hit.v).length !== 1) continue;
          const x = u * W;
          const y = (1 - hit.v) * H;
          const bx = x - BLOCK_W * Math.floor(x / BLOCK_W);
          const by = y - BLOCK_H * Math.floor(y / BLOCK_H);
          if (bx < 40 || bx > BLOCK_W - 40 || by < 16 || by > BLOCK_H - 16 || y < 0 || y >= H) continue;
          const want = colourAt(x, y);
          const i = (py * info.width + px) * info.channels;
          const got = [data[i]!, data[i + 1]!, data[i + 2]!];
          const err = Math.max(...got.map((g, k) => Math.abs(g - want[k]!)));
          worst = Math.max(worst, err);
          if (err > 24 && wrong.length < 5) wrong.push(`(${px}, ${py}) u ${u.toFixed(4)} v ${hit.v.toFixed(3)}: ${got} for ${want}`);
          checked++;
        }
      }
      expect(checked, profileName).toBeGreaterThan(200);
      expect(wrong, profileName).toEqual([]);
      expect(worst, profileName).toBeLessThanOrEqual(24);
    }
    // Two renders in software GL: about a minute on an idle 2-core machine, several when it is busy.
  }, 480_000);

  it('refuses a text file, a truncated PNG and a 10 × 10 image, naming the file, and writes nothing', () => {
    const cases: [string, RegExp][] = [
      ['garbage.tif', /garbage\.tif: is not a TIFF, PNG or JPEG image \(it looks like text\)/],
      ['truncated.png', /truncated\.png: is a PNG file that ends early .*truncated/],
      ['tiny.png', /tiny\.png: is 10 × 10 px, too small for a painting scan \(at least 1024 × 256 px/],
      ['missing.png', /missing\.png: does not exist/],
    ];
    for (const [file, message] of cases) {
      const r = run('importPainting.ts', file, '--out', `assets/paintings/${file}-out`);
      expect(r.status, file).toBe(1);
      expect(r.stderr, file).toMatch(message);
      expect(existsSync(join(dir, `assets/paintings/${file}-out`))).toBe(false);
    }
    expect(readdirSync(join(dir, 'assets/paintings')).filter((n) => n !== 'scan')).toEqual([]);
  }, 60_000);

  it('never overwrites a painting without --force', () => {
    const before = readFileSync(join(dir, 'assets/paintings/scan/tiles.json'), 'utf8');
    const r = run('importPainting.ts', 'scan.png', '--out', 'assets/paintings/scan', '--tile-size', '2048');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/paintings\/scan: already exists; give --force to replace that painting/);
    expect(readFileSync(join(dir, 'assets/paintings/scan/tiles.json'), 'utf8')).toBe(before);
    const usage = run('importPainting.ts', '--out', 'x');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/give the scan file\nusage: npm run assets:import/);
  });

  it('validate accepts the pyramid a show uses, and names a missing tile', () => {
    const ok = run('validate.ts', 'shows/pyramid.show.json');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    rmSync(join(dir, 'assets/paintings/scan/tiles/6/5_0.jpeg'));
    const bad = run('validate.ts', 'shows/pyramid.show.json');
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/pyramid\.show\.json: tracks\.1\.clips\.0\.src: asset "paintings\/scan\/tiles\.json" is a tile pyramid missing 1 tile \(tiles\/6\/5_0\.jpeg\): import it again/);
  });
});
