/**
 * npm run bench [-- SUITE...]: runs the benchmark suites, prints a table and writes
 * bench/results.json as {"date", "machine", "metrics": {name: number}}. Naming suites runs only those
 * and keeps the other metrics already in the file.
 */
import { benchAssets } from './assets.bench.ts';
import { benchAudioDrift } from './audio.bench.ts';
import { benchAudio, benchAudioLive } from './audioEngine.bench.ts';
import { benchAudioLoopback } from './audioLoopback.bench.ts';
import { benchCalibration } from './calibration.bench.ts';
import { benchBlend, benchRender } from './render.bench.ts';
import { readBenchMetrics, writeBenchMetrics } from './results.ts';
import { benchRuntime } from './runtime.bench.ts';
import { benchTimeline } from './timeline.bench.ts';
import { benchVisit } from './visit.bench.ts';

// Benchmarks read the pages' test hooks (window.panoramaOutput…): conductors started here serve the test build.
process.env['PANORAMA_PAGES'] ??= 'test';

const SUITES: Record<string, () => Record<string, number> | Promise<Record<string, number>>> = {
  timeline: benchTimeline,
  blend: benchBlend,
  render: benchRender,
  runtime: benchRuntime,
  audioDrift: benchAudioDrift,
  audio: benchAudio,
  audioLive: benchAudioLive,
  audioLoopback: benchAudioLoopback,
  assets: benchAssets,
  visit: benchVisit,
  calibration: benchCalibration,
};

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite ${unknown.join(', ')} (suites: ${Object.keys(SUITES).join(', ')})\n`);
    return 2;
  }
  // Naming suites keeps every other figure; a full run keeps only the soak's (an hour-long run of its own: npm run soak).
  const previous = readBenchMetrics();
  const metrics: Record<string, number> = asked.length > 0 ? { ...previous } : Object.fromEntries(Object.entries(previous).filter(([k]) => k.startsWith('soak.')));
  for (const name of asked.length > 0 ? asked : Object.keys(SUITES)) {
    process.stderr.write(`bench: ${name}…\n`);
    Object.assign(metrics, await SUITES[name]!());
  }
  const file = writeBenchMetrics(metrics);
  const width = Math.max(...Object.keys(metrics).map((k) => k.length));
  process.stdout.write(`${'metric'.padEnd(width)}  value\n${'-'.repeat(width)}  -----\n`);
  for (const [k, v] of Object.entries(metrics).sort()) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
