import { describe, expect, it } from 'vitest';
import { parseShellEvent, shellVersionFromArgv, SHELL_VERSION_SWITCH } from './shellEvent.ts';
import { audioUrl, audioWindowBounds, audioWindowOptions, controlUrl, controlWindowOptions, outputUrl, outputWindowOptions, previewUrl, previewWindowOptions } from './windowOptions.ts';
import { calibrationUrl, calibrationWindowOptions, subtitlesUrl, visitUrl, visitWindowBounds, visitWindowOptions, withToken } from './windowOptions.ts';

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

  it('carry the projector in the query and no token at all (windows get theirs handed over)', () => {
    expect(outputUrl(base, 'P01')).toBe('http://127.0.0.1:4321/output/index.html?projector=P01');
    expect(controlUrl(base)).toBe('http://127.0.0.1:4321/control/index.html');
    expect(audioUrl(base)).toBe('http://127.0.0.1:4321/audio/index.html');
    expect(previewUrl(base, ['P01', 'P02'])).toBe('http://127.0.0.1:4321/output/index.html?projector=all');
    expect(subtitlesUrl(base)).toBe('http://127.0.0.1:4321/subtitles/index.html');
    expect(subtitlesUrl(base, 'fr')).toBe('http://127.0.0.1:4321/subtitles/index.html?lang=fr');
    expect(() => subtitlesUrl(base, 'fr&x=1')).toThrow(/language code/);
  });

  it('put a token for a person in the fragment only, encoded, and keep a base path without doubled slashes', () => {
    const url = withToken(controlUrl('https://show.local/panorama/'), 'a b&c#d/é');
    expect(url).toBe(`https://show.local/panorama/control/index.html#token=${encodeURIComponent('a b&c#d/é')}`);
    expect(new URLSearchParams(new URL(url).hash.slice(1)).get('token')).toBe('a b&c#d/é');
    expect(withToken(subtitlesUrl('http://h:1/', 'vi'), 't')).toBe('http://h:1/subtitles/index.html?lang=vi#token=t');
    expect(outputUrl('http://h:1/', 'P.1_a-b')).toBe('http://h:1/output/index.html?projector=P.1_a-b');
  });

  it('refuse bad bases, ids and tokens', () => {
    expect(() => outputUrl('not a url', 'P01')).toThrow(/not a URL/);
    expect(() => outputUrl('file:///tmp', 'P01')).toThrow(/http or https/);
    expect(() => outputUrl('http://h/?x=1', 'P01')).toThrow(/no query/);
    expect(() => outputUrl('http://user:pw@h/', 'P01')).toThrow(/credentials/);
    expect(() => outputUrl(base, 'P01&projector=P02')).toThrow(/projector id/);
    expect(() => outputUrl(base, '')).toThrow(/projector id/);
    expect(() => withToken(controlUrl(base), '')).toThrow(/token/);
    expect(() => withToken(controlUrl(base), 'x'.repeat(201))).toThrow(/token/);
    expect(() => withToken(`${controlUrl(base)}#x`, 't')).toThrow(/already has a fragment/);
    expect(() => previewUrl(base, [])).toThrow(/at least one projector/);
    expect(() => previewUrl(base, ['ok', 'no way'])).toThrow(/projector id/);
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
  it('opens the visit page, following the conductor or as a local preview', () => {
    expect(visitUrl('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321/visit/index.html');
    expect(visitUrl('https://show.local/panorama/', 'local')).toBe('https://show.local/panorama/visit/index.html?mode=local');
    expect(visitUrl('http://h:1', 'follow', true)).toBe('http://h:1/visit/index.html?maxFps=4&projectorPx=160&wallPx=1024');
    expect(visitUrl('http://h:1', 'local', true)).toBe('http://h:1/visit/index.html?mode=local&maxFps=4&projectorPx=160&wallPx=1024');
    expect(() => visitUrl('http://h/?x=1')).toThrow(/no query/);
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
  it('opens the calibration page (no token in its URL), in a secure framed window', () => {
    expect(calibrationUrl('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321/calibration/index.html');
    const o = calibrationWindowOptions(visitWindowBounds(bounds), ctx);
    expect(o).toMatchObject({ title: 'Panorama calibration', frame: true, fullscreen: false, kiosk: false, show: false });
    expect(o.webPreferences).toMatchObject(SECURE);
  });
});
