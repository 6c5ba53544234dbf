/**
 * The preload bridge: the only thing a shell page sees of Electron is `window.panoramaShell`, with the
 * shell version and a subscription to shell events. No ipcRenderer, no require, nothing to send.
 * Sandboxed preloads cannot load local modules, so this file is bundled (with host/runtime/shellEvent.ts) into preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { parseShellEvent, shellVersionFromArgv, SHELL_EVENT_CHANNEL, type ShellEvent } from '../host/runtime/shellEvent.ts';

/** What pages get as `window.panoramaShell`. */
export interface PanoramaShell {
  readonly version: string;
  /** Calls `cb` with each valid shell event; returns a function that stops the calls. */
  onShellEvent(cb: (event: ShellEvent) => void): () => void;
}

const bridge: PanoramaShell = {
  version: shellVersionFromArgv(process.argv),
  onShellEvent(cb) {
    if (typeof cb !== 'function') throw new TypeError('panoramaShell.onShellEvent needs a function');
    // The IPC event object is never handed to the page: it would reach back into Electron.
    const listener = (_event: unknown, payload: unknown): void => {
      const event = parseShellEvent(payload);
      if (event !== null) cb(event);
    };
    ipcRenderer.on(SHELL_EVENT_CHANNEL, listener);
    return () => void ipcRenderer.removeListener(SHELL_EVENT_CHANNEL, listener);
  },
};

contextBridge.exposeInMainWorld('panoramaShell', bridge);
