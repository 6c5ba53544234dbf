import { describe, expect, it, vi } from 'vitest';

// One fake Electron and conductor (fakeShell.ts), imported before the mocks and kept across module resets.
const h = await vi.hoisted(() => import('./fakeShell.ts'));
vi.mock('electron', () => h.fakeElectron());
vi.mock('../host/conductor/startConductor.ts', () => h.fakeStartConductor());
const { startShell, outputs, control } = h;
h.resetBeforeEachTest();

describe('electron main: tokens, navigation and permissions', () => {
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
});
