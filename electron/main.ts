/**
 * The Electron main process: wires Electron to the tested decisions in host/runtime (which display
 * each output goes to, window options, crash recovery). It starts the conductor, opens one frameless
 * fullscreen window per projector and the control window, and keeps them running.
 */
import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, screen, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputWindows } from '../host/conductor/Conductor.ts';
import { startConductor } from '../host/conductor/startConductor.ts';
import { TOKEN_CHANNEL } from '../engine/core/protocol/tokenHandoff.ts';
import { writeFileAtomic } from '../host/files/writeFileAtomic.ts';
import { parseRememberedDisplays, planWindows, rememberAssignments } from '../host/runtime/displayPlan.ts';
import { RecoveryPolicy } from '../host/runtime/recoveryPolicy.ts';
import { SHELL_EVENT_CHANNEL, type ShellEvent } from '../host/runtime/shellEvent.ts';
import { parseShellArgs } from '../host/runtime/shellArgs.ts';
import * as W from '../host/runtime/windowOptions.ts';

const HIDE_CURSOR_CSS = '*{cursor:none!important}';
/** How often outputs are told they are still running, so the recovery backoff can start again. */
const STABLE_CHECK_MS = 10_000;
const MAX_HISTORY = 200;

const policy = new RecoveryPolicy();
const history: ShellEvent[] = [];
let control: BrowserWindow | null = null;
let controlReady = false;
let allowedOrigin: string | null = null;
let stopConductor: (() => Promise<void>) | null = null;
let quitting = false;
/** The token of each window's page, by webContents id: handed over on request (never in a URL, so never on a command line or in History). */
const tokens = new Map<number, string>();

/** Answers a page's `panoramaShell.token()`: only the main frame of one of our windows, on the conductor's origin, gets its token. */
export function tokenFor(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): string | null {
  const token = tokens.get(event.sender.id);
  const frame = event.senderFrame;
  if (token === undefined || !frame || frame !== event.sender.mainFrame || allowedOrigin === null) return null;
  return URL.canParse(frame.url) && new URL(frame.url).origin === allowedOrigin ? token : null;
}

/** A window kept alive by openWindow, and how to reload its page whatever state its renderer is in. */
interface KeptWindow {
  readonly win: BrowserWindow;
  readonly reload: () => void;
}

/** An output window the operator can bring back: how to reopen it, and the projectors it shows. */
interface OutputEntry {
  kept: KeptWindow;
  readonly reopen: () => KeptWindow;
  readonly projectorIds: readonly string[];
}
const outputWindows = new Map<string, OutputEntry>();

/** Brings an output window back whatever the policy decided (reloadOutput, GO): its failures forgotten, its page reloaded, or the window reopened if it was closed. */
function reviveOutput(key: string): void {
  const entry = outputWindows.get(key);
  if (!entry) return;
  policy.reset(key, Date.now());
  notify({ type: 'recovery', message: `Output ${key}: reopened by the operator.`, epochMs: Date.now() });
  if (entry.kept.win.isDestroyed()) entry.kept = entry.reopen();
  else entry.kept.reload();
}

/** The conductor's side of the output windows: reloadOutput and GO reach them here. */
const electronOutputWindows: OutputWindows = {
  reload(projectorId) {
    const keys = [...outputWindows].filter(([, e]) => projectorId === null || e.projectorIds.includes(projectorId)).map(([k]) => k);
    if (keys.length === 0) return { ok: false, message: `reloadOutput: no output window here shows ${projectorId ?? 'any projector'}` };
    for (const k of keys) reviveOutput(k);
    return { ok: true, message: `reopening output window${keys.length === 1 ? '' : 's'} ${keys.join(', ')}` };
  },
  reviveGivenUp() {
    const keys = [...outputWindows.keys()].filter((k) => policy.isGivenUp(k));
    for (const k of keys) reviveOutput(k);
    return keys;
  },
};

function notify(event: ShellEvent): void {
  history.push(event);
  if (history.length > MAX_HISTORY) history.shift();
  process.stderr.write(`[shell ${event.type}] ${event.message}\n`);
  if (controlReady && control !== null && !control.isDestroyed()) control.webContents.send(SHELL_EVENT_CHANNEL, event);
}

/** Opens a window on `url` (no token in it: its page asks the preload for `token`) and keeps it alive through renderer crashes and hangs, as the policy allows. */
function openWindow(key: string, options: W.WindowOptions, url: string, token: string, hideCursor: boolean): KeptWindow {
  const win = new BrowserWindow(options);
  const wc = win.webContents;
  tokens.set(wc.id, token);
  wc.once('destroyed', () => tokens.delete(wc.id));
  let killedByUs = false;
  const recover = (reason: string): void => {
    if (quitting) return;
    const now = Date.now();
    const decision = policy.onCrash(key, now, reason);
    const message = decision.action === 'give-up' ? decision.message : (policy.events().at(-1)?.message ?? `${key}: reloading`);
    notify({ type: 'recovery', message, epochMs: now });
    if (decision.action === 'give-up') return;
    setTimeout(() => {
      if (win.isDestroyed()) return;
      // A hung renderer ignores reload(); killing it first makes the reload start a fresh process.
      if (reason === 'unresponsive') {
        killedByUs = true;
        wc.forcefullyCrashRenderer();
      }
      wc.reload();
    }, decision.delayMs);
  };
  wc.on('render-process-gone', (_event, details) => {
    if (killedByUs) killedByUs = false;
    else recover(details.reason);
  });
  wc.on('unresponsive', () => recover('unresponsive'));
  if (hideCursor) wc.on('did-finish-load', () => void wc.insertCSS(HIDE_CURSOR_CSS));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  const reload = (): void => {
    // A hung renderer (given up as unresponsive) ignores reload(): end it first, without counting that as a crash.
    if (!wc.isCrashed()) {
      killedByUs = true;
      wc.forcefullyCrashRenderer();
    }
    wc.reload();
  };
  return { win, reload };
}

async function start(): Promise<void> {
  powerSaveBlocker.start('prevent-display-sleep');
  const primaryId = screen.getPrimaryDisplay().id;
  const displays = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, scaleFactor: d.scaleFactor, primary: d.id === primaryId }));
  // A packaged app has no script path in argv; `electron main.cjs …` has one.
  const args = parseShellArgs(process.argv.slice(app.isPackaged ? 1 : 2), displays.length);
  if (typeof args === 'string') throw new Error(`${args}\nusage: electron main.cjs [--profile P] [--show S] [--lang CODE] [--port N] [--osc-port N|off] [--host H] [--kiosk] [--visit] [--calibrate]`);
  const conductor = await startConductor(args.conductor);
  stopConductor = () => conductor.stop();
  allowedOrigin = new URL(conductor.url).origin;

  const rememberedFile = join(app.getPath('userData'), 'displays.json');
  let remembered = {};
  try {
    remembered = parseRememberedDisplays(JSON.parse(readFileSync(rememberedFile, 'utf8')));
  } catch {
    // First run, or an unreadable file: plan from the profile alone.
  }
  const plan = planWindows(conductor.profile, displays, remembered, { controlOnPrimary: true });
  try {
    // Merged, so a preview run (no outputs) never forgets the projectors' displays.
    writeFileAtomic(rememberedFile, JSON.stringify({ ...remembered, ...rememberAssignments(plan) }, null, 2) + '\n');
  } catch (err) {
    notify({ type: 'display', message: `Could not remember the display assignments in ${rememberedFile}: ${String(err)}`, epochMs: Date.now() });
  }
  for (const message of plan.warnings) notify({ type: 'display', message, epochMs: Date.now() });

  // npm start bundles the preload beside main.cjs and names it; no import.meta here, so CJS and ESM bundles both work.
  const ctx: W.ShellWindowContext = { preloadPath: process.env['PANORAMA_PRELOAD'] ?? join(app.getAppPath(), 'preload.cjs'), shellVersion: app.getVersion() };
  const { kiosk } = args;
  const { url, token, visitorToken } = conductor;
  const keys: string[] = [];
  for (const o of plan.outputs) {
    const reopen = () => openWindow(o.projectorId, W.outputWindowOptions(o.bounds, { ...ctx, projectorId: o.projectorId, kiosk }), W.outputUrl(url, o.projectorId), token, true);
    outputWindows.set(o.projectorId, { kept: reopen(), reopen, projectorIds: [o.projectorId] });
    keys.push(o.projectorId);
  }
  if (plan.preview !== null) {
    const preview = plan.preview;
    const reopen = () => openWindow('preview', W.previewWindowOptions(preview.bounds, ctx), W.previewUrl(url, preview.projectorIds), token, false);
    outputWindows.set('preview', { kept: reopen(), reopen, projectorIds: preview.projectorIds });
    keys.push('preview');
  }
  conductor.conductor.attachOutputWindows(electronOutputWindows);
  // The machine's one audio engine, in its own window so closing the control window never stops the sound.
  openWindow('audio', W.audioWindowOptions(W.audioWindowBounds(plan.control.bounds), ctx), W.audioUrl(url), token, false);
  keys.push('audio');
  if (args.visit) {
    // npm start -- --visit: the show in the simulated hall, seen from the platform (web/visit); it
    // follows the hall with the visitor token (the control window drives the show).
    openWindow('visit', W.visitWindowOptions(W.visitWindowBounds(plan.control.bounds), ctx), W.visitUrl(url), visitorToken, false);
    keys.push('visit');
  }
  if (args.calibrate) {
    // npm start -- --calibrate: the technician's calibration page (web/calibration), locked until unlocked there.
    openWindow('calibration', W.calibrationWindowOptions(W.visitWindowBounds(plan.control.bounds), ctx), W.calibrationUrl(url), token, false);
    keys.push('calibration');
  }
  const ctl = openWindow('control', W.controlWindowOptions(plan.control.bounds, ctx), W.controlUrl(url), token, false).win;
  control = ctl;
  keys.push('control');
  ctl.webContents.on('did-finish-load', () => {
    controlReady = true;
    for (const e of history) ctl.webContents.send(SHELL_EVENT_CHANNEL, e);
  });
  ctl.webContents.on('render-process-gone', () => (controlReady = false));

  setInterval(() => {
    const now = Date.now();
    for (const key of keys) if (policy.onStable(key, now)) notify({ type: 'recovery', message: policy.events().at(-1)!.message, epochMs: now });
  }, STABLE_CHECK_MS);
  const relayout = (): void => notify({ type: 'display', message: 'The display layout changed; restart the shell to place the outputs again.', epochMs: Date.now() });
  screen.on('display-added', relayout);
  screen.on('display-removed', relayout);
}

const isControl = (wc: WebContents | null): boolean => wc !== null && control !== null && !control.isDestroyed() && wc === control.webContents;

/** A camera request from the calibration page of the conductor's origin (its main frame), for video and nothing else. */
function isCalibrationCamera(requestingUrl: string | undefined, isMainFrame: boolean | undefined, mediaTypes: readonly string[]): boolean {
  if (allowedOrigin === null || requestingUrl === undefined || isMainFrame !== true || !URL.canParse(requestingUrl)) return false;
  const url = new URL(requestingUrl);
  return url.origin === allowedOrigin && url.pathname.startsWith('/calibration/') && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  // Projector windows are covered or unfocused most of the time: Chromium must not slow them down.
  for (const s of ['disable-renderer-backgrounding', 'disable-background-timer-throttling', 'disable-backgrounding-occluded-windows']) app.commandLine.appendSwitch(s);

  app.on('second-instance', () => {
    if (control === null || control.isDestroyed()) return;
    if (control.isMinimized()) control.restore();
    control.show();
    control.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (allowedOrigin === null || !URL.canParse(event.url) || new URL(event.url).origin !== allowedOrigin) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.type === 'GPU') notify({ type: 'gpu', message: `The GPU process is gone (${details.reason}, exit code ${details.exitCode}); Chromium restarts it and outputs may flash black.`, epochMs: Date.now() });
  });
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    const stop = stopConductor;
    if (stop === null) return;
    // Hold the quit until the conductor has closed its sockets and files.
    event.preventDefault();
    stopConductor = null;
    stop()
      .catch((err: unknown) => process.stderr.write(`conductor did not stop cleanly: ${String(err)}\n`))
      .finally(() => app.quit());
  });

  void app
    .whenReady()
    .then(() => {
      ipcMain.handle(TOKEN_CHANNEL, (event) => tokenFor(event));
      // Media for the control window, and the camera (video only) for the calibration page, whose
      // camera calibration calls getUserMedia({ video, audio: false }); every other permission is refused.
      session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
        const media = (details as unknown as { mediaTypes?: readonly string[]; requestingUrl?: string; isMainFrame?: boolean } | undefined) ?? {};
        callback(permission === 'media' && (isControl(wc) || isCalibrationCamera(media.requestingUrl, media.isMainFrame, media.mediaTypes ?? [])));
      });
      session.defaultSession.setPermissionCheckHandler((wc, permission, _origin, details) => permission === 'media' && (isControl(wc) || isCalibrationCamera(details?.requestingUrl, details?.isMainFrame, details?.mediaType ? [details.mediaType] : [])));
      return start();
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('Panorama could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

main();
