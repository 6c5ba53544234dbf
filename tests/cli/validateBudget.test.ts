import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

/** Runs a CLI as a user does (npm run NAME -- …), from a scratch folder. */
function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, INIT_CWD: dir },
  });
  return { status: r.status, signal: r.signal, lines: r.stdout.split('\n').filter((l) => l !== ''), stdout: r.stdout, stderr: r.stderr };
}

/** preview-3 (three 5,000 lm WXGA projectors on a 4 m arc: ~600 lux at full white) with conservation limits. */
function previewWithLimits(maxLux: number, maxLuxHoursPerYear: number): string {
  const p = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
  delete p.$schema;
  p.conservation = { maxLux, maxLuxHoursPerYear, ambientLux: 1, schedule: { showingsPerDay: 20, daysPerYear: 300 } };
  return JSON.stringify(p, null, 2);
}

describe('npm run validate: light budget warnings', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'budget-'));
    writeFileSync(join(dir, 'strict.json'), previewWithLimits(150, 20000));
    writeFileSync(join(dir, 'lenient.json'), previewWithLimits(5000, 1e8));
    writeFileSync(join(dir, 'demo.show.json'), readFileSync(join(root, 'shows/demo.show.json')));
  });

  it('warns, naming show, profile, region and moment, and still exits 0', () => {
    const r = run('validate.ts', 'demo.show.json', 'strict.json');
    expect(r.signal, 'the CLI must not hang').toBeNull();
    expect(r.status).toBe(0);
    const warnings = r.lines.filter((l) => l.includes('warning: light budget'));
    // Peak lux over the whole canvas and in both regions of the demo; lux·h a year too.
    expect(warnings.some((l) => /^demo\.show\.json on strict\.json: warning: light budget: \(whole canvas\): \d+ lux at \d\d:\d\d\.\d \(u [\d.]+, v [\d.]+\), over conservation\.maxLux 150 from \d\d:\d\d\.\d$/.test(l))).toBe(true);
    expect(warnings.some((l) => /region "hill-east" \(Eastern hill\): \d+ lux at \d\d:\d\d\.\d .*over conservation\.maxLux 150/.test(l))).toBe(true);
    expect(warnings.some((l) => /region "seam-ridge" .*: \d+ lux·h a year \([\d.]+ per showing × 20 a day × 300 days\), over conservation\.maxLuxHoursPerYear 20000$/.test(l))).toBe(true);
    expect(r.lines.at(-1)).toBe(`validate: 2 files valid; ${warnings.length} light budget warnings (warnings do not fail validation): exit code 0`);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says nothing more when the show is within the limits, and --no-budget skips the check', () => {
    const ok = run('validate.ts', 'demo.show.json', 'lenient.json');
    expect(ok.status).toBe(0);
    expect(ok.lines).toEqual(['validate: 2 files valid; light budget within the conservation limits (1 show × profile pair)']);
    const skipped = run('validate.ts', 'demo.show.json', 'strict.json', '--no-budget');
    expect(skipped.status).toBe(0);
    expect(skipped.lines).toEqual(['validate: 2 files valid']);
  });

  it('a show with errors still fails (exit 1), warnings or not', () => {
    writeFileSync(join(dir, 'bad.show.json'), readFileSync(join(root, 'shows/demo.show.json'), 'utf8').replace('"durationS": 120', '"durationS": -1'));
    const r = run('validate.ts', 'bad.show.json', 'strict.json');
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/^bad\.show\.json: durationS: /);
  });

  it('npm run budget prints the report table and writes the JSON', () => {
    const r = run('budget.ts', '--show', 'demo.show.json', '--profile', 'strict.json', '--json', 'budget.json');
    expect(r.status).toBe(0);
    expect(r.lines[0]).toMatch(/^Light budget of show demo on profile preview-3: 02:00\.0 showing, \d+ × \d+ wall points, step 0\.100 s$/);
    expect(r.stdout).toMatch(/\n\(whole canvas\) +[\d,.]+ +\d\d:\d\d\.\d/);
    expect(r.stdout).toMatch(/\nwarning: region "hill-east"/);
    const json = JSON.parse(readFileSync(join(dir, 'budget.json'), 'utf8'));
    expect(json.regions.map((x: { id: string }) => x.id)).toEqual(['(whole canvas)', 'hill-east', 'seam-ridge']);
    expect(json.regions[0].peakLux).toBeGreaterThan(150);
    const bad = run('budget.ts', '--show', 'demo.show.json', '--profile', 'strict.json', '--step', 'fast');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^budget: --step: "fast" is not a number of seconds/);
  });
});
