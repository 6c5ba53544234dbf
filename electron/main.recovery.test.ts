import type { OutputWindows } from '../host/conductor/Conductor.ts';
import { describe, expect, it, vi } from 'vitest';

// One fake Electron and conductor (fakeShell.ts), imported before the mocks and kept across module resets.
const h = await vi.hoisted(() => import('./fakeShell.ts'));
vi.mock('electron', () => h.fakeElectron());
vi.mock('../host/conductor/startConductor.ts', () => h.fakeStartConductor());
const { startShell, outputs, control } = h;
h.resetBeforeEachTest();

describe('electron main: recovering outputs', () => {
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
});
