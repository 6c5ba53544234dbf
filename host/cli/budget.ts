/**
 * npm run budget -- --show S --profile P [--step SECONDS] [--grid WALL_HEIGHTS] [--json OUT.json]
 * Prints the light a show puts on the painting of an installation: per region (and the whole canvas)
 * the peak illuminance and when, lux·hours per showing and per year at the profile's schedule, and
 * the profile's conservation limits it exceeds. Exit 0 (warnings included), 1 on unreadable input.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeLightBudget, DEFAULT_GRID_STEP_V, DEFAULT_STEP_S } from '../../engine/core/light/lightBudget.ts';
import { loadProfile, loadShow } from '../files/loadDocuments.ts';
import { formatBudgetReport } from '../validate/checkLightBudget.ts';
import { parseArgs, runCli } from './args.ts';

const USAGE = `usage: npm run budget -- --show S --profile P [--step SECONDS (default ${DEFAULT_STEP_S})] [--grid WALL_HEIGHTS (default ${DEFAULT_GRID_STEP_V})] [--json OUT.json]`;

runCli('budget', async () => {
  const args = parseArgs(process.argv.slice(2), ['show', 'profile', 'step', 'grid', 'json']);
  const fail = (message: string, code = 2) => {
    process.stderr.write(`budget: ${message}\n${code === 2 ? USAGE + '\n' : ''}`);
    return code;
  };
  if (typeof args === 'string') return fail(args);
  const v = args.values;
  if (!v.has('show') || !v.has('profile')) return fail('give --show and --profile');
  const number = (name: string, lo: number, hi: number): number | undefined | null => {
    if (!v.has(name)) return undefined;
    const x = Number(v.get(name));
    return Number.isFinite(x) && x >= lo && x <= hi ? x : null;
  };
  const stepS = number('step', 0.001, 10);
  if (stepS === null) return fail(`--step: "${v.get('step')}" is not a number of seconds from 0.001 to 10`);
  const gridStepV = number('grid', 0.002, 0.5);
  if (gridStepV === null) return fail(`--grid: "${v.get('grid')}" is not a spacing in wall heights from 0.002 to 0.5`);
  const profile = loadProfile(v.get('profile')!);
  if (!profile.ok) return fail(profile.lines.join('\n'), 1);
  const show = loadShow(v.get('show')!);
  if (!show.ok) return fail(show.lines.join('\n'), 1);
  const started = performance.now();
  const budget = computeLightBudget(show.value, profile.value, { ...(stepS !== undefined ? { stepS } : {}), ...(gridStepV !== undefined ? { gridStepV } : {}) });
  process.stdout.write(formatBudgetReport(budget) + '\n');
  process.stderr.write(`budget: computed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (v.has('json')) {
    const out = resolve(process.env['INIT_CWD'] ?? process.cwd(), v.get('json')!);
    writeFileSync(out, JSON.stringify(budget, null, 2) + '\n');
    process.stderr.write(`budget: wrote ${out}\n`);
  }
  return 0;
});
