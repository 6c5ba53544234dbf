/**
 * npm run validate -- FILE... [--assets DIR] [--no-budget]
 * One line per problem, `FILE: path.to.field: what is wrong (what was expected)`; exit 1 on any problem,
 * 0 with a one-line summary otherwise. Never prints a stack trace. When the files include shows and
 * profiles with conservation limits, each show's light budget is checked on each such profile: a show
 * over a limit is a warning line naming the region and the moment, and does not change the exit code.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { validateFile, type FileReport } from '../validate/validateFile.ts';
import { checkLightBudget } from '../validate/checkLightBudget.ts';
import { seamWarnings } from '../validate/checkSeam.ts';

/** At most this many problem lines per file; the rest are counted. */
const MAX_LINES_PER_FILE = 100;

const USAGE = 'usage: npm run validate -- FILE... [--assets DIR] [--no-budget]   (asset paths are checked in DIR; default: the assets folder nearest the file; --no-budget skips the light budget of shows on profiles with conservation limits)';

function main(argv: string[]): number {
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const files: string[] = [];
  let assetRoot: string | undefined;
  let budget = true;
  const fallbackAssetRoot = resolve(import.meta.dirname, '../../assets');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--assets') {
      const dir = argv[++i];
      if (dir === undefined) {
        process.stderr.write(`validate: --assets needs a folder\n${USAGE}\n`);
        return 2;
      }
      assetRoot = resolve(cwd, dir);
    } else if (a === '--no-budget') {
      budget = false;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a.startsWith('--')) {
      process.stderr.write(`validate: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(`validate: no files given\n${USAGE}\n`);
    return 2;
  }
  let bad = 0;
  let problems = 0;
  const out: string[] = [];
  const checked: { file: string; report: FileReport }[] = [];
  for (const file of files) {
    let report: FileReport;
    try {
      report = validateFile(resolve(cwd, file), { assetRoot, fallbackAssetRoot });
    } catch (err) {
      report = { kind: 'unknown', migrations: [], problems: [{ path: '', message: `could not be checked: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, expected: 'a readable document; please report this' }] };
    }
    if (report.problems.length > 0) {
      bad++;
      problems += report.problems.length;
      for (const p of report.problems.slice(0, MAX_LINES_PER_FILE)) out.push(`${file}: ${formatProblem(p)}`);
      const more = report.problems.length - MAX_LINES_PER_FILE;
      if (more > 0) out.push(`${file}: (document): ${more} more problems not shown (fix the ones above first)`);
    }
    checked.push({ file, report });
  }
  const { lines: warnings, pairs } = budget ? budgetLines(checked) : { lines: [], pairs: 0 };
  out.push(...warnings);
  const seam = checked.flatMap((p) => (p.report.profile ? checked.flatMap((sh) => (sh.report.show ? seamWarnings(sh.file, sh.report.show, p.file, p.report.profile!) : [])) : []));
  out.push(...seam);
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
  const warned = warnings.length + seam.length > 0 ? `; ${[warnings.length > 0 ? `${warnings.length} light budget warning${warnings.length === 1 ? '' : 's'}` : '', seam.length > 0 ? `${seam.length} seam warning${seam.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ')} (warnings do not fail validation)` : '';
  const budgeted = pairs > 0 && warnings.length === 0 ? `; light budget within the conservation limits (${pairs} show × profile pair${pairs === 1 ? '' : 's'})` : '';
  if (bad > 0) {
    process.stderr.write(`validate: ${problems} problem${problems === 1 ? '' : 's'} in ${bad} of ${files.length} file${files.length === 1 ? '' : 's'}${warned}\n`);
    return 1;
  }
  process.stdout.write(`validate: ${files.length} file${files.length === 1 ? '' : 's'} valid${warned}${budgeted}${warned ? ': exit code 0' : ''}\n`);
  return 0;
}

/** Every valid show on every valid profile with conservation limits: the light budget's warning lines, and how many pairs were checked. */
function budgetLines(reports: readonly { file: string; report: FileReport }[]): { lines: string[]; pairs: number } {
  const lines: string[] = [];
  let pairs = 0;
  for (const p of reports) {
    if (!p.report.profile?.conservation) continue;
    for (const s of reports) {
      if (!s.report.show) continue;
      process.stderr.write(`validate: light budget of ${s.file} on ${p.file}…\n`);
      const check = checkLightBudget(s.file, s.report.show, p.file, p.report.profile);
      if (check) lines.push(...check.lines);
      pairs++;
    }
  }
  return { lines, pairs };
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`validate: internal error: ${err.message.split('\n')[0]} (please report)\n`);
  process.exit(1);
});
process.exitCode = main(process.argv.slice(2));
