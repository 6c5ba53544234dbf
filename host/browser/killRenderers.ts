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
