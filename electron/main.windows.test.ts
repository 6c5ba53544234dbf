import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// One fake Electron and conductor (fakeShell.ts), imported before the mocks and kept across module resets.
const h = await vi.hoisted(() => import('./fakeShell.ts'));
vi.mock('electron', () => h.fakeElectron());
vi.mock('../host/conductor/startConductor.ts', () => h.fakeStartConductor());
const { startShell, outputs, control } = h;
h.resetBeforeEachTest();

describe("electron main: windows and the shell's life", () => {
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
