import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { tokenHandoffScript } from '../../engine/core/protocol/tokenHandoff.ts';
import { CdpPipe, type CdpEvent } from './cdpPipe.ts';
import { RecoveryPolicy } from './recoveryPolicy.ts';

/** One window to keep open: its URL and where it goes. */
export interface ChromiumWindow {
  readonly name: string;
  /** The page's URL, with no token in it: a URL is on a command line (`--app=URL`) and in the History. */
  readonly url: string;
  /** The token its page gets over the DevTools pipe (see {@link ChromiumRuntime}), if it needs one. */
  readonly token?: string;
  readonly bounds: { x: number; y: number; width: number; height: number };
  readonly kiosk: boolean;
}

/** Chromium flags for a show window: no background throttling, autoplay, no first-run or network chatter. */
export const SHOW_FLAGS = [
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
   * Folder that keeps the browser's profile, reused from start to start and on every reopen, so the
   * pages' compiled code, HTTP cache and GPU shader cache stay warm. Without it the browser gets a
   * temporary profile, removed on close.
   */
  readonly profileRoot?: string;
  /** Run the windows headless (render nodes without a display, tests, benchmarks). */
  readonly headless?: boolean;
}

/** A window's page as the runtime knows it. */
interface Bound {
  readonly window: ChromiumWindow;
  targetId: string | null;
}

const normalise = (url: string): string => {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
};

/**
 * The fallback runtime: the same pages in Debian Chromium, one `--app` window per output placed on its
 * display (fullscreen for a kiosk), all in ONE browser, as Electron's windows share one process: one
 * start-up, one GPU process and one shader cache for every output (four browsers on two cores took
 * 14.6 s to a first synced frame on every output where one takes well under that; see bench/CONTEXT.md).
 * Each page still has its own renderer process, so one page that dies takes nothing else with it.
 *
 * The browser is driven over its DevTools pipe: when a page's renderer dies (the process is killed,
 * runs out of memory, crashes) the runtime hears it at once and reloads that page in its window under
 * the recovery policy (bounded retries with backoff); a window closed by hand is reopened, and if the
 * whole browser exits every window is reopened, under the same policy. Every such event is reported.
 *
 * Tokens never appear in a URL (`ps` shows every process's command line to every user; the profile
 * keeps URLs in History, Top Sites and Sessions): once a window's page target exists, the runtime
 * attaches to it over the pipe, adds a script that sets the token in every new document of that
 * window (reloads after a crash included) and evaluates it once in the page already loading, which
 * waits for it (web/shared/pageToken.ts).
 */
export class ChromiumRuntime {
  private proc: ChildProcess | null = null;
  private pipe: CdpPipe | null = null;
  private ready: Promise<void> | null = null;
  private readonly bound = new Map<string, Bound>();
  /** Windows waiting for their page target to appear (headed windows opened by a hand-off launch). */
  private readonly waiting: Bound[] = [];
  /** Page targets with a reload already scheduled (one crash can be reported more than once). */
  private readonly reloading = new Set<string>();
  private tempDir: string | null = null;
  private stopping = false;
  private generation = 0;
  readonly policy = new RecoveryPolicy();
  /** The last window whose renderer died, and when (performance.now()); for recovery tests and benchmarks. */
  lastCrash: { name: string; atMs: number } | null = null;

  constructor(
    private readonly chromiumPath: string,
    private readonly extraArgs: readonly string[],
    private readonly report: (level: 'info' | 'warn' | 'error', message: string) => void,
    private readonly options: ChromiumRuntimeOptions = {},
  ) {}

  /** The browser's profile folder (one for every window). */
  browserDir(): string {
    if (this.options.profileRoot) return join(this.options.profileRoot, 'browser');
    this.tempDir ??= mkdtempSync(join(tmpdir(), 'panorama-browser-'));
    return this.tempDir;
  }

  /** The browser's process id (null before the start or after it exited). */
  get browserPid(): number | null {
    return this.proc && this.proc.exitCode === null && this.proc.signalCode === null ? (this.proc.pid ?? null) : null;
  }

  /** Opens every window (the browser starts with the first). */
  open(windows: readonly ChromiumWindow[]): void {
    if (windows.length === 0) return;
    for (const w of windows) this.bound.set(w.name, { window: w, targetId: null });
    if (!this.proc) this.launch();
    else for (const w of windows) void this.openWindow(this.bound.get(w.name)!);
  }

  /** Evaluates an expression in a window's page (diagnostics and tests); resolves with its JSON value. */
  async evaluate(name: string, expression: string): Promise<unknown> {
    const b = this.bound.get(name);
    if (!b?.targetId || !this.pipe) throw new Error(`window ${name} has no page`);
    const { sessionId } = await this.pipe.send('Target.attachToTarget', { targetId: b.targetId, flatten: true });
    try {
      const r = await this.pipe.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, String(sessionId));
      return (r['result'] as { value?: unknown } | undefined)?.value;
    } finally {
      await this.pipe.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  }

  private launch(): void {
    const dir = this.browserDir();
    mkdirSync(dir, { recursive: true });
    const headless = this.options.headless === true;
    const all = [...this.bound.values()];
    const first = all[0]!;
    const generation = ++this.generation;
    for (const b of all) b.targetId = null;
    this.waiting.splice(0, this.waiting.length, first);
    const args = [
      ...SHOW_FLAGS,
      ...this.extraArgs,
      '--remote-debugging-pipe',
      `--user-data-dir=${dir}`,
      `--window-position=${first.window.bounds.x},${first.window.bounds.y}`,
      `--window-size=${first.window.bounds.width},${first.window.bounds.height}`,
      headless ? '--headless=new' : '',
      headless ? first.window.url : `--app=${first.window.url}`,
    ].filter((a) => a !== '');
    // fd 3: commands to the browser; fd 4: its answers and events.
    const p = spawn(this.chromiumPath, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    this.proc = p;
    const pipe = new CdpPipe(p.stdio[3] as Writable, p.stdio[4] as Readable, (e) => this.onEvent(e));
    this.pipe = pipe;
    // The browser answers once it is up (its single-instance lock taken): only then are more windows opened.
    this.ready = pipe
      .send('Target.setDiscoverTargets', { discover: true })
      .then(() => undefined)
      .catch(() => undefined);
    void this.ready.then(() => {
      if (generation !== this.generation || this.stopping) return;
      for (const b of all.slice(1)) void this.openWindow(b);
    });
    p.on('exit', (code, signal) => {
      pipe.close();
      if (this.stopping || generation !== this.generation) return;
      this.proc = null;
      this.pipe = null;
      const decision = this.policy.onCrash('browser', Date.now(), `exit ${code ?? signal}`);
      if (decision.action === 'reload') {
        this.report('warn', `the browser closed (${code ?? signal}); reopening every window in ${decision.delayMs} ms`);
        setTimeout(() => !this.stopping && !this.proc && this.launch(), decision.delayMs);
      } else this.report('error', decision.message);
    });
  }

  /** Opens one window in the running browser: a tab of its own (headless), or an app window handed to the browser (headed). */
  private async openWindow(b: Bound): Promise<void> {
    const pipe = this.pipe;
    if (!pipe || this.stopping) return;
    const { x, y, width, height } = b.window.bounds;
    if (this.options.headless === true) {
      try {
        const r = await pipe.send('Target.createTarget', { url: b.window.url, left: x, top: y, width, height, newWindow: true });
        b.targetId = String(r['targetId']);
        await this.handToken(b);
      } catch (err) {
        this.report('warn', `window ${b.window.name}: could not be opened (${(err as Error).message})`);
      }
      return;
    }
    // A second launch on the same profile hands its --app window to the running browser and exits: an app
    // window (no tabs, no address bar), which DevTools cannot open itself. It is placed once it appears.
    this.waiting.push(b);
    const handoff = spawn(this.chromiumPath, [`--user-data-dir=${this.browserDir()}`, ...this.extraArgs, `--app=${b.window.url}`], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      // Not handed over (no running browser answered): never leave a second browser running unmanaged.
      handoff.kill('SIGKILL');
      const i = this.waiting.indexOf(b);
      if (i < 0) return;
      this.waiting.splice(i, 1);
      this.report('warn', `window ${b.window.name}: the browser did not take the window; opening it as a tab window`);
      pipe
        .send('Target.createTarget', { url: b.window.url, left: x, top: y, width, height, newWindow: true })
        .then(async (r) => {
          b.targetId = String(r['targetId']);
          await this.handToken(b);
          return this.place(b);
        })
        .catch(() => undefined);
    }, 10_000);
    handoff.once('exit', () => clearTimeout(timer));
  }

  /**
   * Hands the window's page its token over the pipe: a script run in every new document of this
   * target (kept while the runtime's session stays attached, through reloads and renderer crashes),
   * and the same script once in the document loading now. The script checks the page's origin.
   */
  private async handToken(b: Bound): Promise<void> {
    const pipe = this.pipe;
    const targetId = b.targetId;
    const token = b.window.token;
    if (!pipe || !targetId || token === undefined) return;
    try {
      const source = tokenHandoffScript(new URL(b.window.url).origin, token);
      const { sessionId } = await pipe.send('Target.attachToTarget', { targetId, flatten: true });
      // New-document scripts run only while the Page domain is enabled on the session.
      await pipe.send('Page.enable', {}, String(sessionId));
      await pipe.send('Page.addScriptToEvaluateOnNewDocument', { source }, String(sessionId));
      await pipe.send('Runtime.evaluate', { expression: source }, String(sessionId));
    } catch (err) {
      this.report('warn', `window ${b.window.name}: could not hand its page the token (${(err as Error).message})`);
    }
  }

  /** Puts a headed window on its display, fullscreen for a kiosk. */
  private async place(b: Bound): Promise<void> {
    const pipe = this.pipe;
    if (!pipe || !b.targetId || this.options.headless === true) return;
    try {
      const { windowId } = await pipe.send('Browser.getWindowForTarget', { targetId: b.targetId });
      const { x, y, width, height } = b.window.bounds;
      await pipe.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
      await pipe.send('Browser.setWindowBounds', { windowId, bounds: { left: x, top: y, width, height } });
      if (b.window.kiosk) await pipe.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'fullscreen' } });
      // Windows overlap on a single display (a preview over the control window): those listed first stay on top.
      const earlier = [...this.bound.values()].slice(0, [...this.bound.values()].indexOf(b)).filter((o) => o.targetId !== null);
      for (const o of earlier.reverse()) await pipe.send('Target.activateTarget', { targetId: o.targetId });
    } catch (err) {
      this.report('warn', `window ${b.window.name}: could not be placed (${(err as Error).message})`);
    }
  }

  private nameOf(targetId: string): string | null {
    for (const [name, b] of this.bound) if (b.targetId === targetId) return name;
    return null;
  }

  private onEvent(e: CdpEvent): void {
    const info = e.params['targetInfo'] as { targetId?: unknown; type?: unknown; url?: unknown } | undefined;
    if ((e.method === 'Target.targetCreated' || e.method === 'Target.targetInfoChanged') && typeof info?.targetId === 'string') {
      if (info.type !== 'page' || typeof info.url !== 'string' || this.nameOf(info.targetId)) return;
      const i = this.waiting.findIndex((b) => normalise(b.window.url) === normalise(String(info.url)));
      if (i < 0) return;
      const [b] = this.waiting.splice(i, 1);
      b!.targetId = info.targetId;
      void this.handToken(b!);
      if (this.ready) void this.ready.then(() => this.place(b!));
      return;
    }
    if (e.method === 'Target.targetDestroyed' && typeof e.params['targetId'] === 'string') {
      const name = this.nameOf(e.params['targetId']);
      if (!name || this.stopping) return;
      const b = this.bound.get(name)!;
      b.targetId = null;
      // Closed by hand (or by restart()): open it again under the policy.
      const decision = this.policy.onCrash(name, Date.now(), 'window closed');
      if (decision.action === 'give-up') return this.report('error', decision.message);
      this.report('warn', `window ${name} closed; reopening in ${decision.delayMs} ms`);
      setTimeout(() => !this.stopping && this.bound.get(name) === b && !b.targetId && void this.openWindow(b), decision.delayMs);
      return;
    }
    if (e.method !== 'Target.targetCrashed' || this.stopping) return;
    const targetId = typeof e.params['targetId'] === 'string' ? e.params['targetId'] : null;
    const name = targetId ? this.nameOf(targetId) : null;
    if (!targetId || !name || this.reloading.has(targetId)) return;
    this.reloading.add(targetId);
    this.lastCrash = { name, atMs: performance.now() };
    const why = `renderer ${String(e.params['status'] ?? 'crashed')} (code ${String(e.params['errorCode'] ?? '?')})`;
    const decision = this.policy.onCrash(name, Date.now(), why);
    if (decision.action === 'give-up') return this.report('error', decision.message);
    this.report('warn', `window ${name}: ${why}; reloading in ${decision.delayMs} ms`);
    const pipe = this.pipe;
    setTimeout(() => {
      this.reloading.delete(targetId);
      if (this.stopping || !pipe) return;
      pipe
        .send('Target.attachToTarget', { targetId, flatten: true })
        .then((r) => pipe.send('Page.reload', { ignoreCache: false }, String(r['sessionId'])))
        .catch((err: Error) => {
          this.report('warn', `window ${name}: reload failed (${err.message}); reopening the window`);
          this.restart(name);
        });
    }, decision.delayMs);
  }

  /**
   * Brings windows back even when the recovery policy gave up on them (the operator's reload, GO): the
   * policy forgets their failures, then each page is reloaded in place (its window reopened if it is
   * gone or the reload does not answer within 15 s); a browser that is gone is relaunched once, with
   * every window. Returns the names it knew.
   */
  revive(names: readonly string[]): string[] {
    if (this.stopping) return [];
    const known = names.filter((n) => this.bound.has(n));
    const now = Date.now();
    for (const name of known) this.policy.reset(name, now);
    if (!this.proc) {
      if (this.policy.isGivenUp('browser')) this.policy.reset('browser', now);
      this.launch();
      return known;
    }
    for (const name of known) this.reviveWindow(this.bound.get(name)!);
    return known;
  }

  private reviveWindow(b: Bound): void {
    const name = b.window.name;
    const pipe = this.pipe;
    const targetId = b.targetId;
    if (!targetId || !pipe) {
      if (!this.waiting.includes(b)) void this.openWindow(b);
      return;
    }
    this.reloading.delete(targetId);
    const reload = pipe.send('Target.attachToTarget', { targetId, flatten: true }).then((r) => pipe.send('Page.reload', { ignoreCache: false }, String(r['sessionId'])));
    // A loaded machine can take seconds to answer; a hung renderer never does.
    const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error('no answer within 15 s')), 15_000).unref());
    Promise.race([reload, late]).catch((err: Error) => {
      this.report('warn', `window ${name}: reload failed (${err.message}); reopening the window`);
      this.restart(name);
    });
  }

  /** Windows the recovery policy gave up on (every window when it gave up on the browser). */
  givenUp(): string[] {
    if (!this.proc && this.policy.isGivenUp('browser')) return [...this.bound.keys()];
    return [...this.bound.keys()].filter((name) => this.policy.isGivenUp(name));
  }

  /** Reopens one window (its page hung without its renderer exiting): it is closed, and reopened as a closed window is. */
  restart(name: string): void {
    const b = this.bound.get(name);
    if (!b) return;
    if (b.targetId && this.pipe) {
      this.pipe.send('Target.closeTarget', { targetId: b.targetId }).catch(() => this.proc?.kill('SIGKILL'));
    } else if (!this.proc) this.launch();
  }

  /** Closes every window and the browser. */
  async close(): Promise<void> {
    this.stopping = true;
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise<void>((ok) => p.once('exit', () => ok()));
      // Closing over the pipe lets Chromium write its profile cleanly (no "restore pages?" next time).
      this.pipe?.send('Browser.close').catch(() => p.kill('SIGTERM'));
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}
