import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'validate-hall-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run validate on a profile whose eye point is outside the hall', () => {
  it('fails with one line naming the field, the value and the hall\'s bounds; the shipped documents still pass', () => {
    const profile = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8')) as { hall: { eyeM: number[] } };
    profile.hall.eyeM = [0, 1.6, -1000];
    writeFileSync(join(dir, 'far-eye.json'), JSON.stringify(profile, null, 2));
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/validate.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, INIT_CWD: dir } });
    const bad = run('far-eye.json');
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^far-eye\.json: hall\.eyeM: is \[0, 1\.6, -1000\], 1000 m from the hall's axis: outside the wall \(radius [\d.]+ m\) \(inside the hall: less than [\d.]+ m from its axis/)]);
    const shipped = run(join(root, 'shows/demo.show.json'), join(root, 'shows/dien-bien-phu.show.json'), join(root, 'calibration/profiles/dien-bien-phu.json'), join(root, 'calibration/profiles/preview-3.json'), '--no-budget');
    expect(shipped.stdout + shipped.stderr).toMatch(/4 files valid/);
    expect(shipped.status).toBe(0);
  }, 180_000);
});
