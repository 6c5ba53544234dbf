import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutputWindows } from '../host/conductor/Conductor.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Everything the fake Electron records; rebuilt before each test. */
const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
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
  class FakeWebContents extends Emitter {
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
  const state = {
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
  class FakeWindow extends Emitter {
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
  return { state, FakeWindow, FakeWebContents, Emitter };
});

vi.mock('electron', () => {
  const { state } = h;
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
    BrowserWindow: h.FakeWindow,
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
});

vi.mock('../host/conductor/startConductor.ts', () => ({
  startConductor: (options: unknown) => {
    h.state.conductorCalls.push(options);
    const projector = (id: string) => ({ id, resolution: { width: 1280, height: 800 } });
    return Promise.resolve({
      url: 'http://127.0.0.1:4321',
      token: 'operator-token-0123456789',
      visitorToken: 'visitor-token-0123456789',
      profile: { projectors: Array.from({ length: h.state.projectorCount }, (_, i) => projector(`P0${i + 1}`)) },
      stop: () => Promise.resolve(void h.state.stops++),
      conductor: { attachOutputWindows: (w: unknown) => void (h.state.outputWindows = w) },
    });
  },
}));

/** Imports main.ts afresh (it runs its startup on import) and waits for the windows to open. */
async function startShell(): Promise<void> {
  vi.resetModules();
  process.argv = ['electron', 'main.cjs', ...h.state.argv];
  await import('./main.ts');
  await vi.waitFor(() => {
    const done = !h.state.lock || h.state.exits.length > 0 || h.state.windows.some((w) => String(w.options['title']).includes('control'));
    if (!done) throw new Error('control window not open yet');
  });
}

const outputs = () => h.state.windows.filter((w) => w.options['fullscreen'] === true);
const control = () => h.state.windows.find((w) => w.options['title'] === 'Panorama control');

const realArgv = process.argv;

beforeEach(() => {
  const s = h.state;
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
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.argv = realArgv;
  rmSync(h.state.userData, { recursive: true, force: true });
});

describe('electron main', () => {
  it('opens one fullscreen output per projector on its own display, left to right, with secure preferences', async () => {
    await startShell();
    expect(h.state.errorBoxes).toEqual([]);
    const outs = outputs();
    expect(outs.map((w) => w.options['title'])).toEqual(['Panorama output P01', 'Panorama output P02', 'Panorama output P03']);
    // Primary (id 1) at x=0 keeps the control window; the outputs take 20, 30, 40 by position.
    expect(outs.map((w) => [w.options['x'], w.options['y'], w.options['width'], w.options['height']])).toEqual([
      [1280, 0, 1280, 800],
      [2560, 0, 1280, 800],
      [3840, 0, 1280, 800],
    ]);
    for (const w of outs) {
      expect(w.options).toMatchObject({ frame: false, fullscreen: true, show: false, backgroundColor: '#000000' });
      expect(w.options['webPreferences']).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        backgroundThrottling: false,
        autoplayPolicy: 'no-user-gesture-required',
      });
      expect((w.options['webPreferences'] as { preload: string }).preload).toBe('/opt/panorama/dist/electron/preload.cjs');
    }
    expect(h.state.conductorCalls).toEqual([{ show: 'dien-bien-phu', profile: 'dien-bien-phu', port: 8420, oscPort: 9000, host: '127.0.0.1', oscHost: '127.0.0.1', pages: 'built' }]);
    expect(h.state.blockers).toEqual(['prevent-display-sleep']);
    expect(h.state.switches).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(JSON.parse(readFileSync(join(h.state.userData, 'displays.json'), 'utf8'))).toEqual({ P01: 20, P02: 30, P03: 40 });
  });

  it('hands the npm start options to the conductor, locks outputs in kiosk mode, and uses the preload npm start names', async () => {
    h.state.argv = ['--profile', 'preview-3', '--show', 'dien-bien-phu', '--lang', 'fr', '--osc-port', 'off', '--kiosk', '--no-sandbox'];
    vi.stubEnv('PANORAMA_PRELOAD', '/tmp/bundle/preload.cjs');
    await startShell();
    expect(h.state.conductorCalls).toEqual([{ show: 'dien-bien-phu', profile: 'preview-3', port: 8420, oscPort: null, host: '127.0.0.1', oscHost: '127.0.0.1', pages: 'built', language: 'fr' }]);
    expect(outputs().map((w) => w.options['kiosk'])).toEqual([true, true, true]);
    expect(control()?.options['kiosk']).toBe(false);
    expect(h.state.windows.map((w) => (w.options['webPreferences'] as { preload: string }).preload)).toEqual(Array(5).fill('/tmp/bundle/preload.cjs'));
  });

  it('refuses a bad command line with a message and exit code 1, opening nothing', async () => {
    h.state.argv = ['--port', 'many'];
    await startShell();
    expect(h.state.exits).toEqual([1]);
    expect(h.state.errorBoxes[0]).toMatch(/--port must be a whole number/);
    expect(h.state.conductorCalls).toEqual([]);
    expect(h.state.windows).toEqual([]);
  });

  it('puts no token in any URL, and opens the control window on the primary display', async () => {
    await startShell();
    expect(outputs().map((w) => w.urls)).toEqual([
      ['http://127.0.0.1:4321/output/index.html?projector=P01'],
      ['http://127.0.0.1:4321/output/index.html?projector=P02'],
      ['http://127.0.0.1:4321/output/index.html?projector=P03'],
    ]);
    for (const w of h.state.windows) expect(w.urls.join(' ')).not.toMatch(/token/);
    const ctl = control();
    expect(ctl?.urls).toEqual(['http://127.0.0.1:4321/control/index.html']);
    expect(ctl?.options).toMatchObject({ x: 0, y: 0, frame: true, fullscreen: false });
    // The audio engine's own small window, in the corner of the control display, with the same secure preferences.
    const audio = h.state.windows.find((w) => w.options['title'] === 'Panorama audio');
    expect(audio?.urls).toEqual(['http://127.0.0.1:4321/audio/index.html']);
    expect(audio?.options).toMatchObject({ x: 860, y: 500, width: 420, height: 300, frame: true, fullscreen: false });
    expect(audio?.options['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, autoplayPolicy: 'no-user-gesture-required' });
  });

  it('hands each window\'s page its token over IPC: the operator token to the show windows, the visitor token to the visit, nothing to another frame or origin', async () => {
    h.state.argv = ['--visit'];
    await startShell();
    const ask = h.state.handlers.get('panorama:token')!;
    expect(ask).toBeTypeOf('function');
    const asking = (w: InstanceType<typeof h.FakeWindow>, frame: { url: string } = w.webContents.mainFrame) => ask({ sender: w.webContents, senderFrame: frame });
    expect(asking(control()!)).toBe('operator-token-0123456789');
    for (const w of outputs()) expect(asking(w)).toBe('operator-token-0123456789');
    const visit = h.state.windows.find((w) => w.options['title'] === 'Panorama virtual visit')!;
    expect(visit.urls).toEqual(['http://127.0.0.1:4321/visit/index.html']);
    expect(asking(visit)).toBe('visitor-token-0123456789');
    // A subframe, a page navigated to another origin, or a webContents the shell did not open get nothing.
    expect(asking(control()!, { url: 'http://127.0.0.1:4321/control/index.html' })).toBeNull();
    const ctl = control()!;
    ctl.webContents.mainFrame.url = 'https://elsewhere.example/';
    expect(asking(ctl)).toBeNull();
    expect(ask({ sender: new h.FakeWebContents(), senderFrame: { url: 'http://127.0.0.1:4321/control/index.html' } })).toBeNull();
    // A closed window's token is forgotten.
    const out = outputs()[0]!;
    out.webContents.emit('destroyed');
    expect(asking(out)).toBeNull();
  });

  it('opens one tiled preview when there are more projectors than displays, and tells the control window why', async () => {
    h.state.projectorCount = 5;
    await startShell();
    expect(outputs()).toEqual([]);
    const preview = h.state.windows.find((w) => w.options['title'] === 'Panorama preview');
    expect(preview?.urls).toEqual(['http://127.0.0.1:4321/output/index.html?projector=all']);
    expect(preview?.options).toMatchObject({ x: 0, y: 0, width: 1280, height: 800, frame: true });
    const ctl = control()!;
    ctl.webContents.emit('did-finish-load');
    expect(ctl.webContents.sent.map((s) => s.payload)).toEqual([
      expect.objectContaining({ type: 'display', message: expect.stringMatching(/Found 4 usable displays but the profile has 5 projectors/) }),
    ]);
  });

  it('hides the cursor in outputs only and shows each window when it is ready', async () => {
    await startShell();
    for (const w of h.state.windows) {
      w.webContents.emit('did-finish-load');
      w.emit('ready-to-show');
    }
    for (const w of outputs()) expect(w.webContents.css).toEqual(['*{cursor:none!important}']);
    expect(control()?.webContents.css).toEqual([]);
    expect(h.state.windows.every((w) => w.shown === 1)).toBe(true);
  });

  it('reloads a crashed output after the recovery delay and tells the control window', async () => {
    await startShell();
    vi.useFakeTimers();
    const ctl = control()!;
    ctl.webContents.emit('did-finish-load');
    const out = outputs()[1]!;
    out.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    vi.advanceTimersByTime(249);
    expect(out.webContents.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(out.webContents.reloads).toBe(1);
    out.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    vi.advanceTimersByTime(499);
    expect(out.webContents.reloads).toBe(1);
    vi.advanceTimersByTime(1);
    expect(out.webContents.reloads).toBe(2);
    expect(outputs()[0]!.webContents.reloads).toBe(0);
    const recovery = ctl.webContents.sent.filter((s) => (s.payload as { type: string }).type === 'recovery');
    expect(recovery).toHaveLength(2);
    expect(recovery[0]).toMatchObject({ channel: 'panorama:shell-event', payload: { message: expect.stringContaining('P02') } });
  });

  it('brings back an output the policy gave up on, by the reloadOutput command and by GO', async () => {
    await startShell();
    vi.useFakeTimers();
    const windows = h.state.outputWindows as OutputWindows;
    const out = outputs()[1]!;
    const crash = () => {
      out.webContents.crashed = true;
      out.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    };
    for (let i = 0; i < 5; i++) {
      crash();
      vi.advanceTimersByTime(5000);
    }
    expect(out.webContents.reloads).toBe(4);
    expect(out.webContents.crashed).toBe(true);
    // Given up, its renderer gone: GO reloads it (nothing to end first).
    expect(windows.reviveGivenUp()).toEqual(['P02']);
    expect(out.webContents).toMatchObject({ reloads: 5, crashes: 0 });
    expect(windows.reviveGivenUp()).toEqual([]);
    // A live (maybe hung) page: its renderer is ended first, and that end is not counted as a crash.
    expect(windows.reload('P02')).toEqual({ ok: true, message: 'reopening output window P02' });
    expect(out.webContents).toMatchObject({ reloads: 6, crashes: 1 });
    out.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 0 });
    vi.advanceTimersByTime(10_000);
    expect(out.webContents.reloads).toBe(6);
    expect(windows.reload(null).message).toBe('reopening output windows P01, P02, P03');
    expect(windows.reload('P09').ok).toBe(false);
    for (const w of outputs()) w.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 0 });
    // Its failures were forgotten: a crash now is reloaded again.
    crash();
    vi.advanceTimersByTime(250);
    expect(out.webContents.reloads).toBe(8);
  });

  it('kills a hung output before reloading it, without counting the kill as a second crash', async () => {
    await startShell();
    vi.useFakeTimers();
    const out = outputs()[0]!;
    out.webContents.emit('unresponsive');
    vi.advanceTimersByTime(250);
    expect(out.webContents.crashes).toBe(1);
    expect(out.webContents.reloads).toBe(1);
    out.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 0 });
    vi.advanceTimersByTime(10_000);
    expect(out.webContents.reloads).toBe(1);
  });

  it('denies new windows, foreign navigation and permissions other than media for the control window', async () => {
    await startShell();
    const contents = new h.FakeWebContents();
    h.state.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('http://127.0.0.1:4321/control/index.html')).toBe(false);
    const ask = (wc: unknown, permission: string) => {
      let granted: boolean | null = null;
      h.state.permission!(wc, permission, (ok) => (granted = ok));
      return granted;
    };
    expect(ask(control()!.webContents, 'media')).toBe(true);
    expect(ask(outputs()[0]!.webContents, 'media')).toBe(false);
    expect(ask(control()!.webContents, 'geolocation')).toBe(false);
  });

  it('grants the camera (video only) to the calibration page of the conductor\'s origin, and nothing else', async () => {
    h.state.argv = ['--calibrate'];
    await startShell();
    const calibration = h.state.windows.find((w) => w.urls.some((u) => u.includes('/calibration/')))!;
    expect(calibration).toBeDefined();
    const page = 'http://127.0.0.1:4321/calibration/index.html';
    const ask = (permission: string, details: Record<string, unknown>) => {
      let granted: boolean | null = null;
      h.state.permission!(calibration.webContents, permission, (ok) => (granted = ok), { isMainFrame: true, requestingUrl: page, ...details });
      return granted;
    };
    // The request getUserMedia({ video, audio: false }) makes, and the check that goes with it.
    expect(ask('media', { mediaTypes: ['video'], securityOrigin: 'http://127.0.0.1:4321' })).toBe(true);
    expect(h.state.check!(calibration.webContents, 'media', 'http://127.0.0.1:4321', { isMainFrame: true, requestingUrl: page, mediaType: 'video' })).toBe(true);
    // No microphone, no other permission, no other origin or page, no sub-frame.
    expect(ask('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { mediaTypes: [] })).toBe(false);
    expect(h.state.check!(calibration.webContents, 'media', 'http://127.0.0.1:4321', { isMainFrame: true, requestingUrl: page, mediaType: 'audio' })).toBe(false);
    expect(ask('geolocation', {})).toBe(false);
    expect(ask('display-capture', { mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { mediaTypes: ['video'], requestingUrl: 'http://evil.example:4321/calibration/index.html' })).toBe(false);
    expect(ask('media', { mediaTypes: ['video'], requestingUrl: 'http://127.0.0.1:4321/visit/index.html' })).toBe(false);
    expect(ask('media', { mediaTypes: ['video'], isMainFrame: false })).toBe(false);
    // An output window asking as the calibration page from elsewhere is refused too (its URL is not the page's).
    expect(h.state.check!(outputs()[0]!.webContents, 'media', 'http://127.0.0.1:4321', { isMainFrame: true, requestingUrl: 'http://127.0.0.1:4321/output/index.html', mediaType: 'video' })).toBe(false);
    // The control window keeps its media permission.
    let ctl: boolean | null = null;
    h.state.permission!(control()!.webContents, 'media', (ok) => (ctl = ok), { isMainFrame: true, requestingUrl: 'http://127.0.0.1:4321/control/index.html', mediaTypes: ['video'] });
    expect(ctl).toBe(true);
  });

  it('forwards GPU process loss to the control window', async () => {
    await startShell();
    const ctl = control()!;
    ctl.webContents.emit('did-finish-load');
    h.state.app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 9 });
    h.state.app.emit('child-process-gone', {}, { type: 'Utility', reason: 'crashed', exitCode: 9 });
    const gpu = ctl.webContents.sent.filter((s) => (s.payload as { type: string }).type === 'gpu');
    expect(gpu).toHaveLength(1);
    expect((gpu[0]!.payload as { message: string }).message).toContain('GPU');
  });

  it('a second instance quits at once; the first focuses its control window', async () => {
    await startShell();
    h.state.app.emit('second-instance', {}, [], '/');
    expect(control()!.focused).toBe(1);

    h.state.windows.length = 0;
    h.state.lock = false;
    await startShell();
    expect(h.state.quits).toBe(1);
    expect(h.state.windows).toEqual([]);
    expect(h.state.conductorCalls).toHaveLength(1);
  });

  it('stops the conductor before quitting', async () => {
    await startShell();
    let prevented = false;
    h.state.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(h.state.quits).toBe(1));
    expect(h.state.stops).toBe(1);
  });
});
