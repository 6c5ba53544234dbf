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

describe('npm run validate on a region whose sides at u = 0 and u = 1 do not meet', () => {
  it('warns on a closed hall only (exit 0), naming show, profile, region and the heights where the seam is an edge', () => {
    const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8')) as { regions: unknown[] };
    show.regions.push({ id: 'band', name: 'Band', polygon: [[0, 0.5], [1, 0.6], [1, 1], [0, 1]] }, { id: 'full', name: 'Full', polygon: [[0, 0.2], [1, 0.2], [1, 0.4], [0, 0.4]] }, { id: 'ends', name: 'Ends at the seam', polygon: [[0, 0.1], [0.2, 0.1], [0.2, 0.3], [0, 0.3]] });
    writeFileSync(join(dir, 'seam.show.json'), JSON.stringify(show, null, 2));
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/validate.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, INIT_CWD: dir } });
    const closed = run('seam.show.json', join(root, 'calibration/profiles/dien-bien-phu.json'), '--no-budget');
    expect(closed.status).toBe(0);
    const warnings = closed.stdout.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings).toEqual([expect.stringMatching(/^seam\.show\.json on .*dien-bien-phu\.json: warning: regions\.\d+ \("band"\): its sides at u = 0 and u = 1 do not meet at v 0\.500–0\.600, so the seam of this closed hall is an edge/)]);
    expect(closed.stdout).toMatch(/1 seam warning \(warnings do not fail validation\)/);
    const arc = run('seam.show.json', join(root, 'calibration/profiles/preview-3.json'), '--no-budget');
    expect(arc.status).toBe(0);
    expect(arc.stdout).not.toMatch(/warning/);
  }, 180_000);
});
