/**
 * The preload bridge: the only thing a shell page sees of Electron is `window.panoramaShell`, with the
 * shell version, its window's token (asked of the main process, so it is never in a URL) and a
 * subscription to shell events. No ipcRenderer, no require, nothing else to send.
 * Sandboxed preloads cannot load local modules, so this file is bundled (with host/runtime/shellEvent.ts) into preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { parseShellEvent, shellVersionFromArgv, SHELL_EVENT_CHANNEL, type ShellEvent } from '../host/runtime/shellEvent.ts';
import { TOKEN_CHANNEL, TOKEN_RE } from '../engine/core/protocol/tokenHandoff.ts';

/** What pages get as `window.panoramaShell`. */
export interface PanoramaShell {
  readonly version: string;
  /** This window's token from the shell (null when the shell gives this page none). */
  token(): Promise<string | null>;
  /** Calls `cb` with each valid shell event; returns a function that stops the calls. */
  onShellEvent(cb: (event: ShellEvent) => void): () => void;
}

const bridge: PanoramaShell = {
  version: shellVersionFromArgv(process.argv),
  async token() {
    // Checked here too: only a well-formed token string reaches the page, never an IPC object.
    const t: unknown = await ipcRenderer.invoke(TOKEN_CHANNEL).catch(() => null);
    return typeof t === 'string' && TOKEN_RE.test(t) ? t : null;
  },
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
