import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecoveryPolicy } from './recoveryPolicy.ts';

/** One window to keep open: its URL and where it goes. */
export interface ChromiumWindow {
  readonly name: string;
  readonly url: string;
  readonly bounds: { x: number; y: number; width: number; height: number };
  readonly kiosk: boolean;
}

/** Chromium flags for a show window: no background throttling, autoplay, no first-run or network chatter. */
const SHOW_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=Translate,MediaRouter',
  '--ignore-gpu-blocklist',
];

/**
 * Flags this machine needs, with the reason for each (said once by the caller): root cannot use
 * Chromium's sandbox, and without a GPU device WebGL needs SwiftShader explicitly allowed.
 */
export function machineChromiumFlags(uid = process.getuid?.() ?? -1, hasGpu = existsSync('/dev/dri')): { args: string[]; notes: string[] } {
  const args: string[] = [];
  const notes: string[] = [];
  if (uid === 0) {
    args.push('--no-sandbox');
    notes.push('running as root: Chromium windows start without their sandbox (run as a normal user in a hall)');
  }
  if (!hasGpu) {
    args.push('--use-angle=swiftshader', '--enable-unsafe-swiftshader');
    notes.push('no GPU device found (/dev/dri): rendering in software (SwiftShader), which is slow');
  }
  return { args, notes };
}

/**
 * The fallback runtime: the same pages in Debian Chromium, one `--app` (or `--kiosk`) window per output
 * placed on its display, each in its own profile folder. A window whose process dies is reopened under
 * the recovery policy (bounded retries with backoff), and every such event is reported.
 */
export class ChromiumRuntime {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly dirs: string[] = [];
  private stopping = false;
  readonly policy = new RecoveryPolicy();

  constructor(
    private readonly chromiumPath: string,
    private readonly extraArgs: readonly string[],
    private readonly report: (level: 'info' | 'warn' | 'error', message: string) => void,
  ) {}

  /** Opens every window. */
  open(windows: readonly ChromiumWindow[]): void {
    for (const w of windows) this.launch(w);
  }

  private launch(w: ChromiumWindow): void {
    const dir = mkdtempSync(join(tmpdir(), `panorama-${w.name}-`));
    this.dirs.push(dir);
    const args = [
      ...SHOW_FLAGS,
      ...this.extraArgs,
      `--user-data-dir=${dir}`,
      `--window-position=${w.bounds.x},${w.bounds.y}`,
      `--window-size=${w.bounds.width},${w.bounds.height}`,
      w.kiosk ? `--kiosk` : '',
      w.kiosk ? w.url : `--app=${w.url}`,
    ].filter((a) => a !== '');
    const p = spawn(this.chromiumPath, args, { stdio: 'ignore' });
    this.procs.set(w.name, p);
    p.on('exit', (code, signal) => {
      if (this.stopping) return;
      const decision = this.policy.onCrash(w.name, Date.now(), `exit ${code ?? signal}`);
      if (decision.action === 'reload') {
        this.report('warn', `window ${w.name} closed (${code ?? signal}); reopening in ${decision.delayMs} ms`);
        setTimeout(() => !this.stopping && this.launch(w), decision.delayMs);
      } else this.report('error', decision.message);
    });
  }

  /** Restarts one window (its page died or hung without its process exiting): the exit path reopens it. */
  restart(name: string): void {
    const p = this.procs.get(name);
    if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }

  /** Closes every window. */
  async close(): Promise<void> {
    this.stopping = true;
    const exits = [...this.procs.values()].map((p) => new Promise<void>((ok) => (p.exitCode !== null || p.signalCode !== null ? ok() : p.once('exit', () => ok()))));
    for (const p of this.procs.values()) p.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((ok) => setTimeout(ok, 3000))]);
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}
