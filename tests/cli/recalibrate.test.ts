import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import { runCliScript } from '../support/runCliScript.ts';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

const run = (...args: string[]) => runCliScript('recalibrate.ts', dir, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recalibrate-cli-'));
});

describe('npm run recalibrate', () => {
  it('fixes a simulated bump: prints before/after per projector and zone, writes a valid profile and a report', () => {
    const r = run('--profile', 'preview-3', '--simulate-bump', 'P02:yaw=1,pitch=0.5', '--projector', 'P02', '--camera-px', '360', '--out', 'fixed.json', '--json', 'report.json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/P02: measured shift 2\d\.\d\d px → 0\.\d\d px .*applied; pose yaw \+(0\.9[89]|1\.0[01])\d°/);
    expect(r.stdout).toMatch(/P01\|P02: camera .* → .*; truth 6\d\.\d\d → 0\.\d\d/);
    expect(r.stdout).toMatch(/s for 1 projector\(s\)/);
    const fixed = parseProfileText(readFileSync(join(dir, 'fixed.json'), 'utf8'));
    expect(fixed.ok).toBe(true);
    if (!fixed.ok) return;
    const p02 = fixed.value.projectors.find((p) => p.id === 'P02')!;
    expect(p02.pose.yawDeg).toBeCloseTo(1, 1);
    expect(p02.pose.pitchDeg).toBeCloseTo(0.5, 1);
    expect(p02.warp?.offsetsPx).toHaveLength(81);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.truthBefore.max).toBeGreaterThan(50);
    expect(report.truthAfter.max).toBeLessThan(1);
    expect(report.projectors[0].seconds).toBeGreaterThan(0);
  });

  it('refuses a bad bump, an unknown projector and overwriting the input, naming what is wrong', () => {
    const bad = run('--profile', 'preview-3', '--simulate-bump', 'P02:spin=3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown key "spin" for P02/);
    const unknown = run('--profile', 'preview-3', '--simulate-bump', 'none', '--projector', 'P07');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--projector: no "P07" in .*preview-3\.json \(projectors: P01, P02, P03\)/);
    const over = run('--profile', 'preview-3', '--simulate-bump', 'none', '--out', join(root, 'calibration/profiles/preview-3.json'));
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/would overwrite the input profile/);
  });
});
