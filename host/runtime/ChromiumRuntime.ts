import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CdpPipe, type CdpEvent } from './cdpPipe.ts';
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
  '--hide-crash-restore-bubble',
  '--disable-session-crashed-bubble',
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

/** Options of a {@link ChromiumRuntime}. */
export interface ChromiumRuntimeOptions {
  /**
   * Folder that keeps one Chromium profile per window name, reused from start to start and on every
   * reopen, so the pages' compiled code, HTTP cache and GPU shader cache stay warm (a window opens in a
   * fraction of the cold time). Without it each window gets a temporary profile, removed on close.
   */
  readonly profileRoot?: string;
  /** Run the windows headless (render nodes without a display, tests, benchmarks). */
  readonly headless?: boolean;
}

/**
 * The fallback runtime: the same pages in Debian Chromium, one `--app` (or `--kiosk`) window per output
 * placed on its display, each in its own profile folder. Each browser is driven over its DevTools pipe:
 * when a page's renderer dies (the process is killed, runs out of memory, crashes) the runtime hears it
 * at once and reloads the page under the recovery policy (bounded retries with backoff); a window whose
 * whole browser exits is reopened under the same policy. Every such event is reported.
 */
export class ChromiumRuntime {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly pipes = new Map<string, CdpPipe>();
  private readonly dirs: string[] = [];
  /** Page targets (tabs) of every browser, by target id; other targets (workers, spare renderers) are not windows. */
  private readonly pages = new Set<string>();
  /** Page targets with a reload already scheduled (one crash can be reported more than once). */
  private readonly reloading = new Set<string>();
  private stopping = false;
  readonly policy = new RecoveryPolicy();

  constructor(
    private readonly chromiumPath: string,
    private readonly extraArgs: readonly string[],
    private readonly report: (level: 'info' | 'warn' | 'error', message: string) => void,
    private readonly options: ChromiumRuntimeOptions = {},
  ) {}

  /** Opens every window. */
  open(windows: readonly ChromiumWindow[]): void {
    for (const w of windows) this.launch(w);
  }

  /** The profile folder a window uses. */
  profileDir(name: string): string {
    if (this.options.profileRoot) return join(this.options.profileRoot, name.replace(/[^A-Za-z0-9_.-]/g, '_'));
    const dir = mkdtempSync(join(tmpdir(), `panorama-${name}-`));
    this.dirs.push(dir);
    return dir;
  }

  private launch(w: ChromiumWindow): void {
    const dir = this.profileDir(w.name);
    mkdirSync(dir, { recursive: true });
    const headless = this.options.headless === true;
    const args = [
      ...SHOW_FLAGS,
      ...this.extraArgs,
      '--remote-debugging-pipe',
      `--user-data-dir=${dir}`,
      `--window-position=${w.bounds.x},${w.bounds.y}`,
      `--window-size=${w.bounds.width},${w.bounds.height}`,
      headless ? '--headless=new' : '',
      w.kiosk && !headless ? `--kiosk` : '',
      w.kiosk || headless ? w.url : `--app=${w.url}`,
    ].filter((a) => a !== '');
    // fd 3: commands to the browser; fd 4: its answers and events.
    const p = spawn(this.chromiumPath, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    this.procs.set(w.name, p);
    const pipe = new CdpPipe(p.stdio[3] as Writable, p.stdio[4] as Readable, (e) => this.onEvent(w, pipe, e));
    this.pipes.set(w.name, pipe);
    pipe.send('Target.setDiscoverTargets', { discover: true }).catch(() => undefined);
    p.on('exit', (code, signal) => {
      pipe.close();
      if (this.stopping) return;
      const decision = this.policy.onCrash(w.name, Date.now(), `exit ${code ?? signal}`);
      if (decision.action === 'reload') {
        this.report('warn', `window ${w.name} closed (${code ?? signal}); reopening in ${decision.delayMs} ms`);
        setTimeout(() => !this.stopping && this.launch(w), decision.delayMs);
      } else this.report('error', decision.message);
    });
  }

  /** A page's renderer died: reload that page (the browser and its window are still there). */
  private onEvent(w: ChromiumWindow, pipe: CdpPipe, e: CdpEvent): void {
    const info = e.params['targetInfo'] as { targetId?: unknown; type?: unknown } | undefined;
    if ((e.method === 'Target.targetCreated' || e.method === 'Target.targetInfoChanged') && typeof info?.targetId === 'string') {
      if (info.type === 'page') this.pages.add(info.targetId);
      return;
    }
    if (e.method === 'Target.targetDestroyed' && typeof e.params['targetId'] === 'string') return void this.pages.delete(e.params['targetId']);
    if (e.method !== 'Target.targetCrashed' || this.stopping) return;
    const targetId = typeof e.params['targetId'] === 'string' ? e.params['targetId'] : null;
    if (!targetId || !this.pages.has(targetId) || this.reloading.has(targetId)) return;
    this.reloading.add(targetId);
    const why = `renderer ${String(e.params['status'] ?? 'crashed')} (code ${String(e.params['errorCode'] ?? '?')})`;
    const decision = this.policy.onCrash(w.name, Date.now(), why);
    if (decision.action === 'give-up') return this.report('error', decision.message);
    this.report('warn', `window ${w.name}: ${why}; reloading in ${decision.delayMs} ms`);
    setTimeout(() => {
      this.reloading.delete(targetId);
      if (this.stopping) return;
      pipe
        .send('Target.attachToTarget', { targetId, flatten: true })
        .then((r) => pipe.send('Page.reload', { ignoreCache: false }, String(r['sessionId'])))
        .catch((err: Error) => {
          this.report('warn', `window ${w.name}: reload failed (${err.message}); restarting the window`);
          this.restart(w.name);
        });
    }, decision.delayMs);
  }

  /** Restarts one window (its page hung without its process exiting): the exit path reopens it. */
  restart(name: string): void {
    const p = this.procs.get(name);
    if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }

  /** Closes every window. */
  async close(): Promise<void> {
    this.stopping = true;
    const exits = [...this.procs.values()].map((p) => new Promise<void>((ok) => (p.exitCode !== null || p.signalCode !== null ? ok() : p.once('exit', () => ok()))));
    // Closing over the pipe lets Chromium write its profile cleanly (no "restore pages?" next time).
    for (const [name, pipe] of this.pipes) pipe.send('Browser.close').catch(() => this.procs.get(name)?.kill('SIGTERM'));
    await Promise.race([Promise.all(exits), new Promise((ok) => setTimeout(ok, 3000))]);
    for (const p of this.procs.values()) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}
