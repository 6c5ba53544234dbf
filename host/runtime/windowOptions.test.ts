import { describe, expect, it } from 'vitest';
import { parseShellEvent, shellVersionFromArgv, SHELL_VERSION_SWITCH } from './shellEvent.ts';
import { audioUrl, audioWindowBounds, audioWindowOptions, controlUrl, controlWindowOptions, outputUrl, outputWindowOptions, previewUrl, previewWindowOptions } from './windowOptions.ts';
import { calibrationUrl, calibrationWindowOptions, visitUrl, visitWindowBounds, visitWindowOptions } from './windowOptions.ts';

const ctx = { preloadPath: '/opt/panorama/electron/preload.cjs', shellVersion: '0.1.0' };
const bounds = { x: 1920, y: 0, width: 1920, height: 1080 };

const SECURE = {
  preload: ctx.preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  backgroundThrottling: false,
  autoplayPolicy: 'no-user-gesture-required',
  spellcheck: false,
  additionalArguments: [`${SHELL_VERSION_SWITCH}0.1.0`],
};

describe('window options', () => {
  it('make output windows frameless, fullscreen, black and hidden until ready, with secure preferences', () => {
    const o = outputWindowOptions(bounds, { ...ctx, projectorId: 'P01' });
    expect(o).toMatchObject({ ...bounds, frame: false, fullscreen: true, show: false, backgroundColor: '#000000', autoHideMenuBar: true, kiosk: false });
    expect(o.webPreferences).toMatchObject(SECURE);
    expect(outputWindowOptions(bounds, { ...ctx, projectorId: 'P01', kiosk: true }).kiosk).toBe(true);
  });

  it('give control and preview windows a frame and the same secure preferences', () => {
    for (const o of [controlWindowOptions(bounds, ctx), previewWindowOptions(bounds, ctx), audioWindowOptions(bounds, ctx)]) {
      expect(o).toMatchObject({ ...bounds, frame: true, fullscreen: false, kiosk: false, show: false });
      expect(o.webPreferences).toMatchObject(SECURE);
    }
  });

  it('return a fresh object each time, so one window cannot change another', () => {
    const a = controlWindowOptions(bounds, ctx);
    a.webPreferences.additionalArguments.push('--evil');
    expect(controlWindowOptions(bounds, ctx).webPreferences.additionalArguments).toEqual([`${SHELL_VERSION_SWITCH}0.1.0`]);
  });

  it('refuse a relative preload, bad bounds, odd versions and bad projector ids', () => {
    expect(() => controlWindowOptions(bounds, { ...ctx, preloadPath: 'preload.cjs' })).toThrow(/preload path must be absolute/);
    expect(controlWindowOptions(bounds, { ...ctx, preloadPath: 'C:\\panorama\\preload.cjs' }).webPreferences.preload).toBe('C:\\panorama\\preload.cjs');
    expect(() => controlWindowOptions({ ...bounds, width: 0 }, ctx)).toThrow(/positive size/);
    expect(() => controlWindowOptions({ ...bounds, x: Number.NaN }, ctx)).toThrow(/finite/);
    expect(() => controlWindowOptions(bounds, { ...ctx, shellVersion: '1.0 --inspect' })).toThrow(/shell version/);
    expect(() => outputWindowOptions(bounds, { ...ctx, projectorId: '../x' })).toThrow(/projector id/);
  });

  it('round fractional bounds to whole pixels', () => {
    expect(controlWindowOptions({ x: 0.4, y: 10.6, width: 1279.5, height: 800 }, ctx)).toMatchObject({ x: 0, y: 11, width: 1280, height: 800 });
  });
});

describe('the audio window', () => {
  it('sits small in the lower right of the control area, never larger than it', () => {
    expect(audioWindowBounds({ x: 100, y: 50, width: 1280, height: 800 })).toEqual({ x: 960, y: 550, width: 420, height: 300 });
    expect(audioWindowBounds({ x: 0, y: 0, width: 300, height: 200 })).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    expect(audioWindowOptions(audioWindowBounds({ x: 0, y: 0, width: 1920, height: 1080 }), { preloadPath: '/p/preload.cjs', shellVersion: '0.1.0' }).title).toBe('Panorama audio');
  });
});

describe('page URLs', () => {
  const base = 'http://127.0.0.1:4321';

  it('carry the projector in the query and the token only in the fragment', () => {
    expect(outputUrl(base, 'P01', 'abc')).toBe('http://127.0.0.1:4321/output/index.html?projector=P01#token=abc');
    expect(controlUrl(base, 'abc')).toBe('http://127.0.0.1:4321/control/index.html#token=abc');
    expect(audioUrl(base, 'abc')).toBe('http://127.0.0.1:4321/audio/index.html#token=abc');
    expect(previewUrl(base, ['P01', 'P02'], 'abc')).toBe('http://127.0.0.1:4321/output/index.html?projector=all#token=abc');
    const u = new URL(outputUrl(base, 'P01', 'abc'));
    expect(u.search).toBe('?projector=P01');
    expect(u.hash).toBe('#token=abc');
  });

  it('encode the token and keep a base path without doubled slashes', () => {
    const url = controlUrl('https://show.local/panorama/', 'a b&c#d/é');
    expect(url).toBe(`https://show.local/panorama/control/index.html#token=${encodeURIComponent('a b&c#d/é')}`);
    expect(new URLSearchParams(new URL(url).hash.slice(1)).get('token')).toBe('a b&c#d/é');
    expect(outputUrl('http://h:1/', 'P.1_a-b', 't')).toBe('http://h:1/output/index.html?projector=P.1_a-b#token=t');
  });

  it('refuse bad bases, ids and tokens', () => {
    expect(() => outputUrl('not a url', 'P01', 't')).toThrow(/not a URL/);
    expect(() => outputUrl('file:///tmp', 'P01', 't')).toThrow(/http or https/);
    expect(() => outputUrl('http://h/?x=1', 'P01', 't')).toThrow(/no query/);
    expect(() => outputUrl('http://user:pw@h/', 'P01', 't')).toThrow(/credentials/);
    expect(() => outputUrl(base, 'P01&projector=P02', 't')).toThrow(/projector id/);
    expect(() => outputUrl(base, '', 't')).toThrow(/projector id/);
    expect(() => controlUrl(base, '')).toThrow(/token/);
    expect(() => controlUrl(base, 'x'.repeat(201))).toThrow(/token/);
    expect(() => previewUrl(base, [], 't')).toThrow(/at least one projector/);
    expect(() => previewUrl(base, ['ok', 'no way'], 't')).toThrow(/projector id/);
  });
});

describe('shell events', () => {
  it('pass valid events on as fresh plain objects', () => {
    const raw = { type: 'recovery', message: 'reloading P01', epochMs: 12, extra: () => 1 };
    const e = parseShellEvent(raw);
    expect(e).toEqual({ type: 'recovery', message: 'reloading P01', epochMs: 12 });
    expect(e).not.toBe(raw);
  });

  it('drop anything else and cut long messages', () => {
    for (const bad of [null, 'x', 3, { type: 'exec', message: 'm', epochMs: 1 }, { type: 'gpu', message: 1, epochMs: 1 }, { type: 'gpu', message: 'm', epochMs: Number.NaN }]) {
      expect(parseShellEvent(bad)).toBeNull();
    }
    expect(parseShellEvent({ type: 'display', message: 'x'.repeat(5000), epochMs: 1 })?.message).toHaveLength(2000);
  });

  it('read the shell version from the renderer argv', () => {
    expect(shellVersionFromArgv(['chrome', `${SHELL_VERSION_SWITCH}1.2.3-beta.1`])).toBe('1.2.3-beta.1');
    expect(shellVersionFromArgv(['chrome'])).toBe('unknown');
    expect(shellVersionFromArgv([`${SHELL_VERSION_SWITCH}1 2`])).toBe('unknown');
  });
});

describe('the virtual visit window', () => {
  it('opens the visit page with the token in the fragment, following the conductor or as a local preview', () => {
    expect(visitUrl('http://127.0.0.1:4321', 'abc')).toBe('http://127.0.0.1:4321/visit/index.html#token=abc');
    expect(visitUrl('https://show.local/panorama/', 'a b', 'local')).toBe('https://show.local/panorama/visit/index.html?mode=local#token=a%20b');
    expect(visitUrl('http://h:1', 't', 'follow', true)).toBe('http://h:1/visit/index.html?maxFps=4&projectorPx=160&wallPx=1024#token=t');
    expect(visitUrl('http://h:1', 't', 'local', true)).toBe('http://h:1/visit/index.html?mode=local&maxFps=4&projectorPx=160&wallPx=1024#token=t');
    expect(() => visitUrl('http://h/?x=1', 't')).toThrow(/no query/);
    expect(() => visitUrl('http://h', '')).toThrow(/token/);
  });

  it('is a secure framed window in the upper left of the control area, never larger than it', () => {
    expect(visitWindowBounds({ x: 100, y: 50, width: 1920, height: 1080 })).toEqual({ x: 100, y: 50, width: 1280, height: 720 });
    expect(visitWindowBounds({ x: 0, y: 0, width: 500, height: 300 })).toEqual({ x: 0, y: 0, width: 500, height: 300 });
    const o = visitWindowOptions(visitWindowBounds(bounds), ctx);
    expect(o).toMatchObject({ title: 'Panorama virtual visit', frame: true, fullscreen: false, kiosk: false, show: false, backgroundColor: '#000000' });
    expect(o.webPreferences).toMatchObject(SECURE);
  });
});

describe('the calibration window', () => {
  it('opens the calibration page with the token in the fragment, in a secure framed window', () => {
    expect(calibrationUrl('http://127.0.0.1:4321', 'abc')).toBe('http://127.0.0.1:4321/calibration/index.html#token=abc');
    expect(() => calibrationUrl('http://h', '')).toThrow(/token/);
    const o = calibrationWindowOptions(visitWindowBounds(bounds), ctx);
    expect(o).toMatchObject({ title: 'Panorama calibration', frame: true, fullscreen: false, kiosk: false, show: false });
    expect(o.webPreferences).toMatchObject(SECURE);
  });
});
