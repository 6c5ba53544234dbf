import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** bench/results.json: {"date", "machine", "metrics": {name: number}}. */
export const RESULTS_FILE = resolve(import.meta.dirname, 'results.json');

/** The metrics now in bench/results.json (none when it does not exist yet). */
export function readBenchMetrics(file = RESULTS_FILE): Record<string, number> {
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { metrics?: Record<string, number> }).metrics ?? {};
}

/** This machine in one line (processor, cores, memory, Node), written beside the figures. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown cpu'} ×${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}-${process.arch}`;
}

/** Writes `metrics` as bench/results.json with today's date and this machine; returns the file. */
export function writeBenchMetrics(metrics: Record<string, number>, file = RESULTS_FILE): string {
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: machineLine(), metrics }, null, 2) + '\n');
  return file;
}

/** Adds `metrics` to those already in bench/results.json (same names replaced); returns the file. */
export function mergeBenchMetrics(metrics: Record<string, number>, file = RESULTS_FILE): string {
  return writeBenchMetrics({ ...readBenchMetrics(file), ...metrics }, file);
}
