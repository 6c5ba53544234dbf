import { readdirSync, readFileSync } from 'node:fs';

/** One process of a tree read from Linux /proc. */
export interface ProcessInfo {
  readonly pid: number;
  readonly cmdline: string;
  /** CPU time so far, clock ticks (utime + stime; 100 a second). */
  readonly cpuTicks: number;
}

/** Every process now, by parent pid (Linux /proc); processes that end while being read are left out. */
function processesByParent(): Map<number, ProcessInfo[]> {
  const children = new Map<number, ProcessInfo[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command name: state, ppid, … utime and stime are fields 14 and 15 of stat.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const info = { pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8'), cpuTicks: Number(fields[11]) + Number(fields[12]) };
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), info]);
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Every descendant of process `pid` (children, their children, …). */
export function descendants(pid: number): ProcessInfo[] {
  const children = processesByParent();
  const out: ProcessInfo[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

const isRenderer = (p: ProcessInfo) => p.cmdline.includes('--type=renderer') && !p.cmdline.includes('--extension-process');

/**
 * kill -9 every renderer process of the Chromium using `userDataDir` (Linux /proc), as a crash would;
 * returns how many were killed. For recovery tests and benchmarks.
 */
export function killRenderers(userDataDir: string): number {
  const browser = [...processesByParent().values()].flat().find((p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='));
  if (!browser) return 0;
  const renderers = descendants(browser.pid).filter(isRenderer);
  for (const r of renderers) process.kill(r.pid, 'SIGKILL');
  return renderers.length;
}

/** Resident memory (bytes) of every renderer process under the browser process `browserPid` (Linux /proc). */
export function rendererResidentBytes(browserPid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of descendants(browserPid).filter(isRenderer)) {
    try {
      out.set(r.pid, Number(readFileSync(`/proc/${r.pid}/statm`, 'utf8').split(' ')[1]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Bytes a page holds while it is being found (see {@link killPageRenderer}). */
export const PROBE_BYTES = 256 * 1024 * 1024;

/** The expression that makes a page hold `bytes` of touched memory in `globalThis.__rendererProbe`. */
export function probeExpression(bytes: number): string {
  return `(() => { globalThis.__rendererProbe = new Uint8Array(${Math.round(bytes)}).fill(1); return true; })()`;
}

/** The expression that makes a page hold {@link PROBE_BYTES} of touched memory (undone by the crash that follows). */
export const PROBE_EXPRESSION = probeExpression(PROBE_BYTES);

/**
 * The renderer process of one page of a browser. Chromium does not say which process renders which
 * page, so `probe` makes that page hold `probeBytes` of memory (evaluate `probeExpression(probeBytes)` in it) and the
 * one renderer whose resident memory grew by most of that is the one. Throws when no renderer, or
 * more than one, grew so. The page keeps the probe's memory until it drops `globalThis.__rendererProbe`.
 */
export async function findPageRenderer(browserPid: number, probe: () => Promise<unknown>, probeBytes = PROBE_BYTES): Promise<number> {
  const before = rendererResidentBytes(browserPid);
  await probe();
  const after = rendererResidentBytes(browserPid);
  const grew = [...after].filter(([pid, bytes]) => bytes - (before.get(pid) ?? bytes) > probeBytes * 0.75).map(([pid]) => pid);
  if (grew.length !== 1) throw new Error(`${grew.length} renderer processes grew by the probe's ${Math.round(probeBytes / 2 ** 20)} MiB (expected one)`);
  return grew[0]!;
}

/** kill -9 the renderer process of one page of a browser, as a crash would (found by {@link findPageRenderer}); returns its pid. */
export async function killPageRenderer(browserPid: number, probe: () => Promise<unknown>): Promise<number> {
  const pid = await findPageRenderer(browserPid, probe);
  process.kill(pid, 'SIGKILL');
  return pid;
}
