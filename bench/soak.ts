/**
 * npm run soak -- --minutes N: a show day in miniature. The conductor and the Chromium runtime as
 * `npm start` runs them (one output window per projector, the audio page, the control window; headless),
 * the show playing with a seek, a chapter jump, a hold or a blackout every `--every` seconds through the
 * control API, and every process's memory read from /proc every `--sample` seconds. At the end: each
 * process's growth after the warm-up (a least-squares slope, MiB per hour), as a table, and with
 * `--bench` the figures `soak.*` in bench/results.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from '../host/browser/findChromium.ts';
import { descendants, findPageRenderer, probeExpression } from '../host/browser/killRenderers.ts';
import { startConductor, type RunningConductor } from '../host/conductor/startConductor.ts';
import { ChromiumRuntime, machineChromiumFlags, type ChromiumWindow } from '../host/runtime/ChromiumRuntime.ts';
import { audioUrl, controlUrl, outputUrl } from '../host/runtime/windowOptions.ts';
import { mergeBenchMetrics } from './results.ts';
import { growthMiBPerHour, summariseGrowth, type MemorySample, type ProcessGrowth } from './soakStats.ts';
import { soakAction } from './soakActions.ts';

const USAGE = `usage: npm run soak -- [--minutes N] [--warmup M] [--show NAME] [--profile NAME] [--every S] [--sample S] [--json FILE] [--bench]
  --minutes N   how long to run (default 15)
  --warmup M    minutes left out of the growth figures (default 10, or a third of a shorter run)
  --show, --profile   the documents (default dien-bien-phu on preview-3, as npm start)
  --every S     seconds between operator actions (seek, chapter, hold, blackout; default 45)
  --sample S    seconds between memory readings (default 30)
  --json FILE   also write every sample and the summary as JSON
  --bench       write soak.* figures into bench/results.json`;

/** Memory a page holds for a moment so its renderer process can be told apart (small: the soak measures memory). */
const LABEL_PROBE_BYTES = 64 * 2 ** 20;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A process's memory from /proc/PID/status, bytes; null once it has gone. `private` is what the process
 * alone holds (anonymous pages, resident or swapped: Chromium's "private memory footprint", the figure
 * its task manager shows and leaks are judged by); `file` is mapped code and data paged in from disk
 * (the Chromium binary's code is touched a little more as rarer paths run: not a leak); `shared` is
 * shared memory (GPU command buffers and transfer buffers, counted in both processes that map it).
 */
function processMemory(pid: number): MemoryParts | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), private: kb('RssAnon') + kb('VmSwap'), file: kb('RssFile'), shared: kb('RssShmem') };
  } catch {
    return null;
  }
}

const PARTS = ['rss', 'private', 'file', 'shared'] as const;

/** A row of the report: the private-memory summary, and the growth of each kind of memory. */
type SoakRow = ProcessGrowth & Record<keyof MemoryParts, number | null>;

interface MemoryParts {
  readonly rss: number;
  readonly private: number;
  readonly file: number;
  readonly shared: number;
}

/** What kind of Chromium process a command line is (renderer, gpu-process, utility, …; the browser itself has no --type). */
function processKind(cmdline: string): string {
  return /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
}

/** The soak's options, read from the command line. */
interface SoakOptions {
  readonly minutes: number;
  readonly warmupS: number;
  readonly everyS: number;
  readonly sampleS: number;
  readonly show: string;
  readonly profile: string;
  readonly json?: string;
  readonly bench: boolean;
}

/** The options, or the exit code when there is nothing to run (help, or a bad option, said on stderr). */
function readSoakOptions(): SoakOptions | number {
  let args;
  try {
    args = parseArgs({
      options: {
        minutes: { type: 'string', default: '15' },
        warmup: { type: 'string' },
        show: { type: 'string', default: 'dien-bien-phu' },
        profile: { type: 'string', default: 'preview-3' },
        every: { type: 'string', default: '45' },
        sample: { type: 'string', default: '30' },
        json: { type: 'string' },
        bench: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const number = (name: string, raw: string | undefined, min: number): number => {
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min) throw new Error(`--${name}: ${JSON.stringify(raw)} is not a number of at least ${min}`);
    return v;
  };
  const minutes = number('minutes', args.minutes, 1);
  return {
    minutes,
    warmupS: 60 * (args.warmup !== undefined ? number('warmup', args.warmup, 0) : Math.min(10, minutes / 3)),
    everyS: number('every', args.every, 5),
    sampleS: number('sample', args.sample, 2),
    show: args.show,
    profile: args.profile,
    ...(args.json !== undefined ? { json: args.json } : {}),
    bench: args.bench,
  };
}

/** Each process's readings, one series per kind of memory, by label. */
type Samples = Map<string, Record<keyof MemoryParts, MemorySample[]>>;

/** What a soak gathered: every process's memory, and the frames each output drew. */
interface SoakRun {
  readonly samples: Samples;
  readonly framesOf: ReadonlyMap<string, number>;
  readonly projectorIds: readonly string[];
}

/** The windows `npm start` opens for a profile: one output per projector, the audio page, the control window. */
function soakWindows(running: RunningConductor): ChromiumWindow[] {
  const size = { x: 0, y: 0, width: 640, height: 360 };
  return [
    ...running.profile.projectors.map((p) => ({ name: p.id, url: outputUrl(running.url, p.id), token: running.token, bounds: size, kiosk: false })),
    { name: 'audio', url: audioUrl(running.url), token: running.token, bounds: size, kiosk: false },
    { name: 'control', url: controlUrl(running.url), token: running.token, bounds: { ...size, width: 1280, height: 800 }, kiosk: false },
  ];
}

/** Finds which renderer process draws each window (once the pages are up, again after a crash). */
async function labelRenderers(runtime: ChromiumRuntime, windows: readonly ChromiumWindow[], rendererOf: Map<string, number>): Promise<void> {
  const browserPid = runtime.browserPid;
  if (browserPid === null) return;
  for (const w of windows) {
    const known = rendererOf.get(w.name);
    if (known !== undefined && processMemory(known) !== null) continue;
    try {
      rendererOf.set(w.name, await findPageRenderer(browserPid, () => runtime.evaluate(w.name, probeExpression(LABEL_PROBE_BYTES)), LABEL_PROBE_BYTES));
    } catch (err) {
      process.stderr.write(`soak: renderer of ${w.name} not found yet (${(err as Error).message})\n`);
    } finally {
      await runtime.evaluate(w.name, 'globalThis.__rendererProbe = null').catch(() => undefined);
    }
  }
}

/** Reads the memory of this process, the browser and every process under it into `record`. */
function sampleMemory(runtime: ChromiumRuntime, rendererOf: ReadonlyMap<string, number>, record: (label: string, m: MemoryParts) => void): void {
  const self = processMemory(process.pid);
  if (self) record('conductor (this process)', self);
  const browserPid = runtime.browserPid;
  if (browserPid === null) return;
  const names = new Map([...rendererOf].map(([name, pid]) => [pid, name]));
  for (const p of [{ pid: browserPid, cmdline: '' }, ...descendants(browserPid)]) {
    const m = processMemory(p.pid);
    if (!m) continue;
    const kind = processKind(p.cmdline);
    const name = names.get(p.pid);
    if (kind === 'renderer' && !name) continue; // a renderer not yet labelled (starting, or an extension)
    record(name ? `${kind} ${name}` : `${kind} ${p.pid}`, m);
  }
}

/** Runs the show with operator actions for `minutes`, sampling memory. */
async function runSoak(o: SoakOptions): Promise<SoakRun> {
  const chromium = findChromium();
  if (!chromium.ok) throw new Error(chromium.message);
  const dir = mkdtempSync(join(tmpdir(), 'panorama-soak-'));
  const running = await startConductor({ show: o.show, profile: o.profile, port: 0, oscPort: null, settingsDir: dir, log: () => {} });
  const runtime = new ChromiumRuntime(chromium.path, machineChromiumFlags().args, (level, m) => process.stderr.write(`[runtime] ${level}: ${m}\n`), { profileRoot: join(dir, 'chromium'), headless: true });
  const windows = soakWindows(running);
  const command = async (body: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${running.url}/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) process.stderr.write(`soak: ${JSON.stringify(body)} answered HTTP ${res.status}: ${await res.text()}\n`);
  };
  const samples: Samples = new Map();
  /** Frames each output has drawn (its page's count; a reloaded page starts again, so the largest seen). */
  const framesOf = new Map<string, number>();
  const rendererOf = new Map<string, number>();
  try {
    runtime.open(windows);
    await command({ command: 'play' });
    process.stderr.write(`soak: ${windows.length} windows (${windows.map((w) => w.name).join(', ')}), ${o.minutes} min, warm-up ${(o.warmupS / 60).toFixed(1)} min\n`);
    const t0 = performance.now();
    const elapsedS = () => (performance.now() - t0) / 1000;
    await wait(20_000);
    await labelRenderers(runtime, windows, rendererOf);
    let nextActionS = o.everyS;
    let nextSampleS = 0;
    let action = 0;
    while (elapsedS() < o.minutes * 60) {
      const t = elapsedS();
      if (t >= nextActionS) {
        for (const body of soakAction(action++, running.conductor.status())) await command(body);
        nextActionS = elapsedS() + o.everyS;
      }
      if (t >= nextSampleS) {
        if ([...rendererOf.values()].some((pid) => processMemory(pid) === null) || rendererOf.size < windows.length) await labelRenderers(runtime, windows, rendererOf);
        sampleMemory(runtime, rendererOf, (label, m) => {
          const series = samples.get(label) ?? { rss: [], private: [], file: [], shared: [] };
          for (const part of PARTS) series[part].push({ tS: t, bytes: m[part] });
          samples.set(label, series);
        });
        const st = running.conductor.status();
        for (const out of st.outputs) if (out.connected) framesOf.set(out.projectorId, Math.max(framesOf.get(out.projectorId) ?? 0, out.frames));
        process.stderr.write(`soak: ${(t / 60).toFixed(1)} min, show ${st.transport.showS.toFixed(0)} s ${st.transport.status}, outputs ${st.outputs.filter((x) => x.connected).map((x) => `${x.projectorId} ${x.fps.toFixed(1)} fps`).join(', ')}\n`);
        nextSampleS = t + o.sampleS;
      }
      await wait(250);
    }
  } finally {
    await runtime.close();
    await running.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { samples, framesOf, projectorIds: running.profile.projectors.map((p) => p.id) };
}

/** Prints the table and the figures; writes the JSON and the bench figures when asked. */
function reportSoak(o: SoakOptions, run: SoakRun): void {
  const rows: SoakRow[] = [...run.samples]
    .map(([name, series]) => ({ ...summariseGrowth(name, series.private, o.warmupS), ...Object.fromEntries(PARTS.map((part) => [part, growthMiBPerHour(series[part], o.warmupS)])) }) as SoakRow)
    .sort((a, b) => a.label.localeCompare(b.label));
  const f = (x: number | null, d = 1) => (x === null ? '–' : x.toFixed(d));
  const width = Math.max(...rows.map((r) => r.label.length), 7);
  process.stdout.write(`\nprivate memory (MiB) and growth after ${(o.warmupS / 60).toFixed(0)} min (MiB/h): private, then resident = private + file-backed + shared\n`);
  process.stdout.write(`${'process'.padEnd(width)}  first  last  peak  private/h  resident/h  file/h  shared/h\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.label.padEnd(width)}  ${f(r.firstMiB).padStart(5)}  ${f(r.lastMiB).padStart(4)}  ${f(r.peakMiB).padStart(4)}  ${f(r.growthMiBPerHour, 2).padStart(9)}  ${f(r.rss, 2).padStart(10)}  ${f(r.file, 2).padStart(6)}  ${f(r.shared, 2).padStart(8)}\n`,
    );
  }
  const outputRows = rows.filter((r) => run.projectorIds.some((id) => r.label === `renderer ${id}`));
  const worst = (rs: SoakRow[], of: (r: SoakRow) => number | null = (r) => r.growthMiBPerHour) =>
    rs.reduce<number | null>((m, r) => (of(r) === null ? m : Math.max(m ?? -Infinity, of(r)!)), null);
  // A leak per frame shows in proportion to the frames drawn: say how many there were.
  const fewestFrames = Math.min(...run.projectorIds.map((id) => run.framesOf.get(id) ?? 0));
  process.stdout.write(`\nframes drawn: ${run.projectorIds.map((id) => `${id} ${run.framesOf.get(id) ?? 0}`).join(', ')} (${(fewestFrames / (o.minutes * 60)).toFixed(2)} a second at the fewest)\n`);
  const metrics: Record<string, number> = { 'soak.minutes': o.minutes, 'soak.outputFps': Math.round((fewestFrames / (o.minutes * 60)) * 100) / 100 };
  const put = (name: string, v: number | null) => {
    if (v !== null) metrics[name] = Math.round(v * 100) / 100;
  };
  put('soak.rendererGrowthMiBPerHour', worst(outputRows));
  put('soak.rendererResidentGrowthMiBPerHour', worst(outputRows, (r) => r.rss));
  put('soak.conductorGrowthMiBPerHour', worst(rows.filter((r) => r.label.startsWith('conductor'))));
  put('soak.gpuGrowthMiBPerHour', worst(rows.filter((r) => r.label.startsWith('gpu-process'))));
  put('soak.audioRendererGrowthMiBPerHour', worst(rows.filter((r) => r.label === 'renderer audio')));
  put('soak.controlRendererGrowthMiBPerHour', worst(rows.filter((r) => r.label === 'renderer control')));
  process.stdout.write(`\n${Object.entries(metrics).map(([k, v]) => `${k} ${v}`).join('\n')}\n`);
  if (o.json) writeFileSync(o.json, JSON.stringify({ minutes: o.minutes, warmupS: o.warmupS, rows, samples: Object.fromEntries(run.samples) }, null, 2) + '\n');
  if (o.bench) process.stdout.write(`wrote ${mergeBenchMetrics(metrics)}\n`);
}

async function main(): Promise<number> {
  const o = readSoakOptions();
  if (typeof o === 'number') return o;
  reportSoak(o, await runSoak(o));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
