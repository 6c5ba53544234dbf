import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import { runCliScript } from '../../tests/support/runCliScript.ts';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

const run = (...args: string[]) => runCliScript('mpcdi.ts', dir, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mpcdi-cli-'));
});

describe('npm run mpcdi', () => {
  it('export → inspect → import: a valid profile written atomically, per-region figures printed', () => {
    const ex = run('export', '--profile', 'preview-3', '--kind', 'a3', '--out', 'p3.mpcdi');
    expect(ex.status, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/p3\.mpcdi: MPCDI a3, 3 regions \(P01 81×51, P02 81×51, P03 81×51\)/);
    const bytes = readFileSync(join(dir, 'p3.mpcdi'));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const ins = run('inspect', 'p3.mpcdi');
    expect(ins.status, ins.stderr).toBe(0);
    expect(ins.stdout).toMatch(/profile a3/);
    expect(ins.stdout).toMatch(/region P02: 1280 × 800 px .* warp 81 × 51 .* in m, alpha 320 × 200 16-bit, gamma 2\.2, beta 320 × 200, frustum yaw /);

    const im = run('import', 'p3.mpcdi', '--profile', 'preview-3', '--out', 'p3-imported.json');
    expect(im.status, im.stderr).toBe(0);
    expect(im.stdout).toMatch(/^P01 ← region P01 \(by id\): 3187 samples, pose RMS .* px, fit RMS .* px, max .* px, no fine warp, blend gamma 2\.2$/m);
    expect(im.stdout).toMatch(/p3-imported\.json: profile preview-3 with 3 of 3 projectors/);
    const written = parseProfileText(readFileSync(join(dir, 'p3-imported.json'), 'utf8'));
    expect(written.ok).toBe(true);
    if (written.ok) expect(written.value.projectors[1]!.lens.focalPx).toBeCloseTo(1.03 * 1280, 3);
  }, 240_000);

  it('importing over the base itself keeps a .bak of it', () => {
    writeFileSync(join(dir, 'base.json'), readFileSync(join(root, 'calibration/profiles/preview-3.json')));
    expect(run('export', '--profile', join(dir, 'base.json'), '--kind', '2d', '--out', 'b.mpcdi').status).toBe(0);
    const im = run('import', 'b.mpcdi', '--profile', join(dir, 'base.json'), '--out', 'base.json', '--warp', 'inverse');
    expect(im.status, im.stderr).toBe(0);
    expect(im.stdout).toMatch(/the previous profile is kept as .*base\.json\.bak/);
    expect(readFileSync(join(dir, 'base.json.bak'), 'utf8')).toBe(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
    expect(im.stdout).not.toMatch(/read as an? (inverse|forward) warp/);
  }, 240_000);

  it('a bad file: one line naming the file (and the file inside it), exit 1, nothing written', () => {
    writeFileSync(join(dir, 'notzip.mpcdi'), 'hello');
    const a = run('inspect', 'notzip.mpcdi');
    expect(a.status).toBe(1);
    expect(a.stderr).toBe(`${join(dir, 'notzip.mpcdi')}: is not a ZIP archive (an .mpcdi file is a ZIP holding mpcdi.xml and its PFM and PNG files)\n`);
    writeFileSync(join(dir, 'trunc.mpcdi'), zipSync({ 'mpcdi.xml': strToU8('<MPCDI profile="2d" version="2.0"><display><buffer id="b" xResolution="100" yResolution="100"><region id="P01" x="0" y="0" xSize="1" ySize="1" xResolution="64" yResolution="32"/></buffer></display><files><fileset region="P01"><geometryWarpFile><path>w.pfm</path></geometryWarpFile></fileset></files></MPCDI>'), 'w.pfm': strToU8('PF\n2 2\n-1.0\nabc') }));
    const b = run('import', 'trunc.mpcdi', '--profile', 'preview-3', '--out', 'never.json');
    expect(b.status).toBe(1);
    expect(b.stderr).toBe(`${join(dir, 'trunc.mpcdi')}: w.pfm: PFM data is truncated: 3 bytes after the header, 48 expected for 2 × 2 × 3 floats\n`);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    const c = run('export', '--profile', 'preview-3', '--kind', '3d', '--out', 'x.mpcdi');
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/^mpcdi: --kind is "3d" \(expected 2d or a3\)/);
  }, 240_000);
});
