/**
 * A fake `electron` module and conductor for the main-process tests: a fake app, a screen with four
 * displays (listed out of order), windows recording their options and URLs. Each test file mocks
 * `electron` and `host/conductor/startConductor.ts` with `fakeElectron()` and `fakeStartConductor()`
 * (imported through `vi.hoisted`, so `startShell`'s module reset keeps this one state).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
/** The listener registry of the fake app, screen, windows and web contents. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
  }
}
let nextId = 1;
/** A window's webContents: records CSS, IPC sends, reloads and forced crashes. */
export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly mainFrame = { url: 'http://127.0.0.1:4321/control/index.html' };
  readonly css: string[] = [];
  readonly sent: { channel: string; payload: unknown }[] = [];
  reloads = 0;
  crashes = 0;
  /** Its renderer is gone (a test sets it with the render-process-gone it emits; reload clears it). */
  crashed = false;
  isCrashed(): boolean {
    return this.crashed;
  }
  windowOpenHandler: (() => unknown) | null = null;
  insertCSS(css: string): Promise<string> {
    this.css.push(css);
    return Promise.resolve('key');
  }
  reload(): void {
    this.reloads++;
    this.crashed = false;
  }
  forcefullyCrashRenderer(): void {
    this.crashes++;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(fn: () => unknown): void {
    this.windowOpenHandler = fn;
  }
}
/** Everything the fake Electron records; reset before each test by `resetShell`. */
export const state = {
  windows: [] as FakeWindow[],
  lock: true,
  quits: 0,
  exits: [] as number[],
  switches: [] as string[][],
  blockers: [] as string[],
  errorBoxes: [] as string[],
  userData: '',
  permission: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void),
  check: null as null | ((wc: unknown, permission: string, origin: string, details?: unknown) => boolean),
  handlers: new Map<string, (event: unknown) => unknown>(),
  app: new Emitter(),
  screen: new Emitter(),
  conductorCalls: [] as unknown[],
  stops: 0,
  projectorCount: 3,
  argv: [] as string[],
  outputWindows: null as unknown,
};
/** A BrowserWindow that records its options, URLs, shows and focuses. */
export class FakeWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  readonly urls: string[] = [];
  shown = 0;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    state.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.urls.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
}

/** The `electron` module main.ts sees. */
export function fakeElectron() {
  const app = Object.assign(state.app, {
    requestSingleInstanceLock: () => state.lock,
    quit: () => void state.quits++,
    exit: (code: number) => void state.exits.push(code),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? state.userData : '/nonexistent'),
    getVersion: () => '0.1.0',
    getAppPath: () => '/opt/panorama/dist/electron',
    isPackaged: false,
    commandLine: { appendSwitch: (...args: string[]) => void state.switches.push(args) },
  });
  const display = (id: number, x: number) => ({ id, bounds: { x, y: 0, width: 1280, height: 800 }, scaleFactor: 1 });
  // Scrambled on purpose: the shell must place outputs by position, not by the OS's listing order.
  const displays = [display(30, 2560), display(1, 0), display(40, 3840), display(20, 1280)];
  const screen = Object.assign(state.screen, { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[1] });
  return {
    app,
    screen,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, fn: (event: unknown) => unknown) => void state.handlers.set(channel, fn) },
    dialog: { showErrorBox: (_title: string, message: string) => void state.errorBoxes.push(message) },
    powerSaveBlocker: { start: (kind: string) => (state.blockers.push(kind), 1) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof state.permission) => void (state.permission = fn),
        setPermissionCheckHandler: (fn: typeof state.check) => void (state.check = fn),
      },
    },
  };
}

/** The conductor main.ts starts: records its options, has `state.projectorCount` projectors. */
export function fakeStartConductor() {
  return {
    startConductor: (options: unknown) => {
      state.conductorCalls.push(options);
      const projector = (id: string) => ({ id, resolution: { width: 1280, height: 800 } });
      return Promise.resolve({
        url: 'http://127.0.0.1:4321',
        token: 'operator-token-0123456789',
        visitorToken: 'visitor-token-0123456789',
        profile: { projectors: Array.from({ length: state.projectorCount }, (_, i) => projector(`P0${i + 1}`)) },
        stop: () => Promise.resolve(void state.stops++),
        conductor: { attachOutputWindows: (w: unknown) => void (state.outputWindows = w) },
      });
    },
  };
}

/** Imports main.ts afresh (it runs its startup on import) and waits for the windows to open. */
export async function startShell(): Promise<void> {
  vi.resetModules();
  process.argv = ['electron', 'main.cjs', ...state.argv];
  await import('./main.ts');
  await vi.waitFor(() => {
    const done = !state.lock || state.exits.length > 0 || state.windows.some((w) => String(w.options['title']).includes('control'));
    if (!done) throw new Error('control window not open yet');
  });
}

/** The fullscreen output windows opened so far. */
export const outputs = () => state.windows.filter((w) => w.options['fullscreen'] === true);
/** The control window, once open. */
export const control = () => state.windows.find((w) => w.options['title'] === 'Panorama control');

const realArgv = process.argv;

/** Gives every test of the calling file a fresh fake (resetShell) and cleans up after it (cleanupShell). */
export function resetBeforeEachTest(): void {
  beforeEach(resetShell);
  afterEach(cleanupShell);
}

/** A fresh fake for each test: no windows, one instance lock held, three projectors, a new userData folder. */
export function resetShell(): void {
  const s = state;
  s.argv = [];
  vi.stubEnv('PANORAMA_PRELOAD', undefined);
  s.windows.length = 0;
  s.lock = true;
  s.quits = 0;
  s.exits.length = 0;
  s.switches.length = 0;
  s.blockers.length = 0;
  s.errorBoxes.length = 0;
  s.conductorCalls.length = 0;
  s.stops = 0;
  s.projectorCount = 3;
  s.permission = null;
  s.check = null;
  s.handlers.clear();
  s.app.listeners.clear();
  s.screen.listeners.clear();
  s.userData = mkdtempSync(join(tmpdir(), 'panorama-shell-'));
  // The shell logs every event to stderr for the installation's logs; keep the test output clean.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}

/** Undoes resetShell: timers, spies, environment, argv and the userData folder. */
export function cleanupShell(): void {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.argv = realArgv;
  rmSync(state.userData, { recursive: true, force: true });
}
