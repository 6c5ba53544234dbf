import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PanoramaShell } from './preload.ts';

const h = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, ((event: unknown, payload: unknown) => void)[]>(),
  invoked: [] as string[],
  answer: null as unknown,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void h.exposed.set(key, api) },
  ipcRenderer: {
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => void h.listeners.set(channel, [...(h.listeners.get(channel) ?? []), fn]),
    invoke: (channel: string) => (h.invoked.push(channel), Promise.resolve(h.answer)),
    removeListener: (channel: string, fn: unknown) => void h.listeners.set(channel, (h.listeners.get(channel) ?? []).filter((f) => f !== fn)),
  },
}));

const realArgv = process.argv;

async function loadBridge(): Promise<PanoramaShell> {
  vi.resetModules();
  h.exposed.clear();
  h.listeners.clear();
  await import('./preload.ts');
  return h.exposed.get('panoramaShell') as PanoramaShell;
}

const deliver = (payload: unknown) => {
  for (const fn of h.listeners.get('panorama:shell-event') ?? []) fn({ sender: 'the IPC event must not reach the page' }, payload);
};

beforeEach(() => {
  process.argv = ['renderer', '--panorama-shell-version=0.1.0'];
});
afterEach(() => {
  process.argv = realArgv;
});

describe('preload bridge', () => {
  it('exposes only panoramaShell with the version, token and onShellEvent', async () => {
    const shell = await loadBridge();
    expect([...h.exposed.keys()]).toEqual(['panoramaShell']);
    expect(Object.keys(shell).sort()).toEqual(['onShellEvent', 'token', 'version']);
    expect(shell.version).toBe('0.1.0');
  });

  it('passes on valid events only, as plain copies without the IPC event', async () => {
    const shell = await loadBridge();
    const got: unknown[] = [];
    shell.onShellEvent((...args: unknown[]) => void got.push(args));
    deliver({ type: 'gpu', message: 'GPU process gone', epochMs: 5, extra: 'dropped' });
    deliver({ type: 'shell', message: 'run this', epochMs: 6 });
    deliver('not an event');
    expect(got).toEqual([[{ type: 'gpu', message: 'GPU process gone', epochMs: 5 }]]);
  });

  it('stops calling back after unsubscribing, and refuses a non-function', async () => {
    const shell = await loadBridge();
    const got: unknown[] = [];
    const off = shell.onShellEvent((e) => void got.push(e));
    off();
    deliver({ type: 'display', message: 'changed', epochMs: 1 });
    expect(got).toEqual([]);
    expect(h.listeners.get('panorama:shell-event')).toEqual([]);
    expect(() => shell.onShellEvent('x' as unknown as () => void)).toThrow(/needs a function/);
  });

  it('asks the main process for the window\'s token and passes on only a well-formed token string', async () => {
    const shell = await loadBridge();
    h.answer = 'operator-token-0123456789';
    expect(await shell.token()).toBe('operator-token-0123456789');
    expect(h.invoked.at(-1)).toBe('panorama:token');
    for (const bad of [null, { token: 'operator-token-0123456789' }, 'short', 'with space in it 0123456789', 42]) {
      h.answer = bad;
      expect(await shell.token()).toBeNull();
    }
  });
});
