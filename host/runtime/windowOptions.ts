import type { Bounds } from './displayPlan.ts';
import { SHELL_VERSION_RE, SHELL_VERSION_SWITCH } from './shellEvent.ts';

/**
 * Web preferences every shell window gets: the page is isolated from Node and from the preload, runs
 * sandboxed, keeps rendering when covered (projector windows are never "visible" to the OS in the
 * usual sense) and may start sound without a click.
 */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  backgroundThrottling: false;
  autoplayPolicy: 'no-user-gesture-required';
  spellcheck: false;
  additionalArguments: string[];
}

/** A window's constructor options: a plain object shaped like Electron's `BrowserWindowConstructorOptions`. */
export interface WindowOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  show: false;
  frame: boolean;
  fullscreen: boolean;
  kiosk: boolean;
  autoHideMenuBar: true;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
}

/** What every window needs from the shell. */
export interface ShellWindowContext {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** The shell's version, handed to the preload. */
  shellVersion: string;
}

function checkBounds(b: Bounds): Bounds {
  const ok = [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width > 0 && b.height > 0;
  if (!ok) throw new RangeError(`window bounds must be finite with a positive size, got ${JSON.stringify(b)}`);
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
}

const isAbsolutePath = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

function webPreferences(ctx: ShellWindowContext): SecureWebPreferences {
  // Electron resolves a relative preload against nothing useful and silently skips it.
  if (typeof ctx.preloadPath !== 'string' || !isAbsolutePath(ctx.preloadPath)) throw new TypeError(`preload path must be absolute, got ${JSON.stringify(ctx.preloadPath)}`);
  if (typeof ctx.shellVersion !== 'string' || !SHELL_VERSION_RE.test(ctx.shellVersion)) throw new TypeError(`shell version must be letters, digits and . + - (1 to 40), got ${JSON.stringify(ctx.shellVersion)}`);
  return {
    preload: ctx.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    backgroundThrottling: false,
    autoplayPolicy: 'no-user-gesture-required',
    spellcheck: false,
    additionalArguments: [`${SHELL_VERSION_SWITCH}${ctx.shellVersion}`],
  };
}

/**
 * Options of a projector output window: frameless, fullscreen on the display at `bounds`, black
 * behind the first frame, hidden until its first paint is ready. `kiosk` also locks it there.
 */
export function outputWindowOptions(bounds: Bounds, ctx: ShellWindowContext & { projectorId: string; kiosk?: boolean }): WindowOptions {
  return {
    ...checkBounds(bounds),
    title: `Panorama output ${checkId(ctx.projectorId)}`,
    show: false,
    frame: false,
    fullscreen: true,
    kiosk: ctx.kiosk ?? false,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: webPreferences(ctx),
  };
}

/** Options of the tiled preview window (all outputs in one framed window, when displays are short). */
export function previewWindowOptions(bounds: Bounds, ctx: ShellWindowContext): WindowOptions {
  return { ...checkBounds(bounds), title: 'Panorama preview', show: false, frame: true, fullscreen: false, kiosk: false, autoHideMenuBar: true, backgroundColor: '#000000', webPreferences: webPreferences(ctx) };
}

/** Options of the operator's control window: an ordinary framed window on `bounds`. */
export function controlWindowOptions(bounds: Bounds, ctx: ShellWindowContext): WindowOptions {
  return { ...checkBounds(bounds), title: 'Panorama control', show: false, frame: true, fullscreen: false, kiosk: false, autoHideMenuBar: true, backgroundColor: '#101010', webPreferences: webPreferences(ctx) };
}

/**
 * Options of the audio window: the one audio engine of this machine (sound for the whole hall), a
 * small framed window that shows its state; it must stay open, so it is not the control window.
 */
export function audioWindowOptions(bounds: Bounds, ctx: ShellWindowContext): WindowOptions {
  return { ...checkBounds(bounds), title: 'Panorama audio', show: false, frame: true, fullscreen: false, kiosk: false, autoHideMenuBar: true, backgroundColor: '#101010', webPreferences: webPreferences(ctx) };
}

/** Where the audio window goes: a small window in the lower right corner of the control window's display area. */
export function audioWindowBounds(control: Bounds): Bounds {
  const width = Math.min(420, control.width);
  const height = Math.min(300, control.height);
  return { x: control.x + control.width - width, y: control.y + control.height - height, width, height };
}

/** Options of the virtual visit window (`npm start -- --visit`): an ordinary framed window, black behind the 3D view. */
export function visitWindowOptions(bounds: Bounds, ctx: ShellWindowContext): WindowOptions {
  return { ...checkBounds(bounds), title: 'Panorama virtual visit', show: false, frame: true, fullscreen: false, kiosk: false, autoHideMenuBar: true, backgroundColor: '#000000', webPreferences: webPreferences(ctx) };
}

/** Where the visit window goes: the upper left two thirds of the control window's display area (the audio window keeps the lower right corner). */
export function visitWindowBounds(control: Bounds): Bounds {
  const width = Math.min(control.width, Math.max(640, Math.round((control.width * 2) / 3)));
  const height = Math.min(control.height, Math.max(400, Math.round((control.height * 2) / 3)));
  return { x: control.x, y: control.y, width, height };
}

/** Options of the calibration page's window (`npm start -- --calibrate`): an ordinary framed window for the technician. */
export function calibrationWindowOptions(bounds: Bounds, ctx: ShellWindowContext): WindowOptions {
  return { ...checkBounds(bounds), title: 'Panorama calibration', show: false, frame: true, fullscreen: false, kiosk: false, autoHideMenuBar: true, backgroundColor: '#0d0f12', webPreferences: webPreferences(ctx) };
}

// The same rule as the profile's ids; anything else in a URL or a title is a bug upstream.
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function checkId(id: string): string {
  if (typeof id !== 'string' || !ID_RE.test(id)) throw new TypeError(`projector id must be 1 to 64 letters, digits, _ - . got ${JSON.stringify(id)}`);
  return id;
}

function base(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new TypeError(`base URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`base URL must be http or https, got ${u.protocol}`);
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') throw new TypeError(`base URL must carry no query, fragment or credentials: ${baseUrl}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * A page URL with `#token=TOKEN`, for a person to type or scan (a visitor's phone, a render node on
 * another machine). In the fragment the token never travels in a request line, so no server or proxy
 * log records it, and the page removes it from its address at once. Windows the runtime opens never
 * get one: their token is handed over (DevTools, preload), so it is in no command line and no History.
 */
export function withToken(url: string, token: string): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) throw new TypeError('token must be a non-empty string of at most 200 characters');
  if (new URL(url).hash !== '') throw new TypeError(`URL already has a fragment: ${url}`);
  return `${url}#token=${encodeURIComponent(token)}`;
}

/** URL of one projector's output page: `BASE/output/index.html?projector=ID` (no token: it is handed over). */
export function outputUrl(baseUrl: string, projectorId: string): string {
  return `${base(baseUrl)}/output/index.html?projector=${encodeURIComponent(checkId(projectorId))}`;
}

/** URL of the audio engine's page: `BASE/audio/index.html`. */
export function audioUrl(baseUrl: string): string {
  return `${base(baseUrl)}/audio/index.html`;
}

/** URL of the control room: `BASE/control/index.html`. */
export function controlUrl(baseUrl: string): string {
  return `${base(baseUrl)}/control/index.html`;
}

/** URL of the calibration page: `BASE/calibration/index.html`. */
export function calibrationUrl(baseUrl: string): string {
  return `${base(baseUrl)}/calibration/index.html`;
}

/** URL of the subtitle page: `BASE/subtitles/index.html`, with `?lang=CODE` when given. */
export function subtitlesUrl(baseUrl: string, lang?: string): string {
  if (lang !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new TypeError(`language must be a language code, got ${JSON.stringify(lang)}`);
  return `${base(baseUrl)}/subtitles/index.html${lang !== undefined ? `?lang=${lang}` : ''}`;
}

/** Visit settings that leave the CPU to the projector outputs on a machine rendering in software. */
export const VISIT_LIGHT_QUERY = 'maxFps=4&projectorPx=160&wallPx=1024';

/**
 * URL of the virtual visit: `BASE/visit/index.html`, following the conductor's showing, or with
 * `?mode=local` the artists' preview on its own transport. `light` asks for a few small frames a
 * second (VISIT_LIGHT_QUERY), for a visit opened beside the outputs on a machine without a GPU.
 */
export function visitUrl(baseUrl: string, mode: 'follow' | 'local' = 'follow', light = false): string {
  const query = [mode === 'local' ? 'mode=local' : '', light ? VISIT_LIGHT_QUERY : ''].filter((q) => q !== '').join('&');
  return `${base(baseUrl)}/visit/index.html${query ? `?${query}` : ''}`;
}

/**
 * URL of the tiled preview: `BASE/output/index.html?projector=all`. The page tiles every projector of
 * the profile the conductor serves; `projectorIds` are checked so a plan with none fails here.
 */
export function previewUrl(baseUrl: string, projectorIds: readonly string[]): string {
  if (projectorIds.length === 0) throw new TypeError('a preview needs at least one projector');
  projectorIds.forEach(checkId);
  return `${base(baseUrl)}/output/index.html?projector=all`;
}
