import { readdirSync, readFileSync } from 'node:fs';

/**
 * kill -9 every renderer process of the Chromium using `userDataDir` (Linux /proc), as a crash would;
 * returns how many were killed. For recovery tests and benchmarks.
 */
export function killRenderers(userDataDir: string): number {
  const children = new Map<number, number[]>();
  let browserPid = -1;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) browserPid = Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  let n = 0;
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmd.includes('--type=renderer') && !cmd.includes('--extension-process')) {
        process.kill(c, 'SIGKILL');
        n++;
      }
      walk(c);
    }
  };
  if (browserPid > 0) walk(browserPid);
  return n;
}

/** Resident memory (bytes) of every renderer process under the browser process `browserPid` (Linux /proc). */
export function rendererResidentBytes(browserPid: number): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out = new Map<number, number>();
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
        if (cmd.includes('--type=renderer') && !cmd.includes('--extension-process')) out.set(c, Number(readFileSync(`/proc/${c}/statm`, 'utf8').split(' ')[1]) * 4096);
      } catch {
        continue;
      }
      walk(c);
    }
  };
  walk(browserPid);
  return out;
}

/** Bytes a page holds while it is being found (see {@link killPageRenderer}). */
export const PROBE_BYTES = 256 * 1024 * 1024;

/** The expression that makes a page hold {@link PROBE_BYTES} of touched memory (undone by the crash that follows). */
export const PROBE_EXPRESSION = `(() => { globalThis.__rendererProbe = new Uint8Array(${PROBE_BYTES}).fill(1); return true; })()`;

/**
 * kill -9 the renderer process of one page of a browser, as a crash would. Chromium does not say which
 * process renders which page, so `probe` makes that page hold PROBE_BYTES of memory (evaluate
 * PROBE_EXPRESSION in it) and the one renderer whose resident memory grew by most of that is the one.
 * Returns its pid; throws when no renderer, or more than one, grew so (nothing is killed then).
 */
export async function killPageRenderer(browserPid: number, probe: () => Promise<unknown>): Promise<number> {
  const before = rendererResidentBytes(browserPid);
  await probe();
  const after = rendererResidentBytes(browserPid);
  const grew = [...after].filter(([pid, bytes]) => bytes - (before.get(pid) ?? bytes) > PROBE_BYTES * 0.75).map(([pid]) => pid);
  if (grew.length !== 1) throw new Error(`${grew.length} renderer processes grew by the probe's ${PROBE_BYTES >> 20} MiB (expected one)`);
  process.kill(grew[0]!, 'SIGKILL');
  return grew[0]!;
}
