/**
 * npm start [-- --show FILE] [--from SECONDS] [--rate R]
 * Runs the conductor's show clock for a show: validates the document, plays it in real time on the
 * machine clock (show time derived from the epoch, never from ticks), and prints chapters and cues
 * as they fire, with a status line. The projector outputs join this clock in the runtime.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import * as T from '../../engine/core/clock/transport.ts';
import { CueCursor } from '../../engine/core/timeline/CueCursor.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import { readTextFile } from '../files/readTextFile.ts';

const USAGE = 'usage: npm start -- [--show FILE] [--from SECONDS] [--rate R] [--lang CODE]';

interface Options {
  show: string;
  fromS: number;
  rate: number;
  lang: string | null;
}

function parseArgs(argv: string[]): Options | string {
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const o: Options = { show: resolve(import.meta.dirname, '../../shows/demo.show.json'), fromS: 0, rate: 1, lang: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--show' && v !== undefined) o.show = resolve(cwd, v);
    else if (a === '--from' && v !== undefined && Number.isFinite(Number(v))) o.fromS = Number(v);
    else if (a === '--rate' && v !== undefined && Number(v) > 0 && Number(v) <= T.MAX_RATE) o.rate = Number(v);
    else if (a === '--lang' && v !== undefined) o.lang = v;
    else return `start: cannot use ${a}${v !== undefined && a !== undefined && a.startsWith('--') ? ' ' + v : ''}\n${USAGE}`;
    i++;
  }
  return o;
}

const clock = (s: number): string => {
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
};

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(opts + '\n');
    return 2;
  }
  const text = readTextFile(opts.show, 'a show document (*.show.json)');
  const parsed = text.ok ? parseShowText(text.value) : text;
  if (!parsed.ok) {
    for (const p of parsed.problems) process.stderr.write(`${opts.show}: ${formatProblem(p)}\n`);
    process.stderr.write('start: the show was not started; nothing was changed.\n');
    return 1;
  }
  const { show } = parsed.value;
  const lang = opts.lang ?? show.defaultLanguage;
  const text$ = (t: Record<string, string>) => t[lang] ?? t[show.defaultLanguage] ?? Object.values(t)[0] ?? '';
  const evaluator = new TimelineEvaluator(show);
  const now = () => performance.timeOrigin / 1000 + performance.now() / 1000;
  let state = T.createTransport(show.durationS, now());
  state = T.setRate(state, opts.rate, now());
  if (opts.fromS > 0) state = T.seek(state, opts.fromS, now());
  const cursor = new CueCursor(evaluator.compiled, state, now());
  state = T.play(state, now());
  process.stdout.write(`▶ ${text$(show.title)} (${clock(show.durationS)}, ${show.chapters.length} chapters, language ${lang})\n`);
  process.stdout.write('  Projector outputs are not opened by this command: it runs the show clock and its cues.\n');
  const tick = () => {
    const epoch = now();
    const t = T.showTimeAt(state, epoch);
    for (const e of cursor.update(state, epoch)) {
      if (e.kind === 'chapter') process.stdout.write(`\n${clock(e.atS)}  chapter ${e.index + 1}: ${text$(show.chapters[e.index]!.title)}\n`);
      else process.stdout.write(`\n${clock(e.atS)}  cue ${e.id}: ${JSON.stringify(e.action)}\n`);
    }
    const f = evaluator.evaluate(t);
    if (process.stdout.isTTY) process.stdout.write(`\r${clock(t)} / ${clock(show.durationS)}  layers ${String(f.layers.length).padStart(3)}  audio ${f.audio.length}   `);
    if (T.isEnded(state, epoch)) {
      process.stdout.write(`\n■ end of show at ${clock(show.durationS)}\n`);
      clearInterval(timer);
    }
  };
  const timer = setInterval(tick, 50);
  process.on('SIGINT', () => {
    process.stdout.write(`\n■ stopped at ${clock(T.showTimeAt(state, now()))}\n`);
    process.exit(0);
  });
  return 0;
}

const code = main();
if (code !== 0) process.exitCode = code;
