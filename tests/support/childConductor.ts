import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const children: ChildProcess[] = [];

/** Kills every child conductor started (call it after each test). */
export function stopChildConductors(): void {
  for (const c of children.splice(0)) c.kill('SIGKILL');
}

/** What the child says of itself: memory, each client's accounting, the log lines since last asked. */
export interface Stats {
  rss: number;
  clients: { clientId: string | null; role: string | null; bufferedBytes: number; peakBytes: number; waiting: number }[];
  lines: string[];
}

/** A conductor in another process (tests/support/conductorChild.ts), asked for its memory and accounting. */
export async function childConductor(limits: object = {}): Promise<{ url: string; token: string; stats: () => Promise<Stats> }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'conductorChild.ts'), mkdtempSync(join(tmpdir(), 'backpressure-')), JSON.stringify(limits)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const out = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await out.next();
  if (first.done) throw new Error('the conductor child exited before it started');
  const { url, token } = JSON.parse(first.value) as { url: string; token: string };
  return {
    url,
    token,
    stats: async () => {
      child.stdin!.write('stats\n');
      const r = await out.next();
      if (r.done) throw new Error('the conductor child exited');
      return JSON.parse(r.value) as Stats;
    },
  };
}

