/**
 * npm run validate -- FILE... [--assets DIR]
 * One line per problem, `FILE: path.to.field: what is wrong (what was expected)`; exit 1 on any problem,
 * 0 with a one-line summary otherwise. Never prints a stack trace.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { validateFile } from '../validate/validateFile.ts';

/** At most this many problem lines per file; the rest are counted. */
const MAX_LINES_PER_FILE = 100;

const USAGE = 'usage: npm run validate -- FILE... [--assets DIR]   (asset paths are checked in DIR; default: the assets folder nearest the file)';

function main(argv: string[]): number {
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const files: string[] = [];
  let assetRoot: string | undefined;
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
  for (const file of files) {
    let report;
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
  }
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
  if (bad > 0) {
    process.stderr.write(`validate: ${problems} problem${problems === 1 ? '' : 's'} in ${bad} of ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`validate: ${files.length} file${files.length === 1 ? '' : 's'} valid\n`);
  return 0;
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`validate: internal error: ${err.message.split('\n')[0]} (please report)\n`);
  process.exit(1);
});
process.exitCode = main(process.argv.slice(2));
