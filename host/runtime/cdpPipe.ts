import type { Readable, Writable } from 'node:stream';

/** A DevTools protocol event: its method, params and the session it came from (flattened sessions). */
export interface CdpEvent {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly sessionId?: string;
}

/** Largest message accepted from the browser (a runaway or garbled pipe must not eat memory). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * A minimal Chrome DevTools Protocol client over the pipe Chromium opens with
 * `--remote-debugging-pipe` (it reads commands from fd 3 and writes to fd 4, each message JSON ended by
 * a NUL byte). A pipe, unlike `--remote-debugging-port`, is reachable only by the process that started
 * the browser. The runtime uses it to hear at once when a page's renderer dies and reload it.
 */
export class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, { ok: (v: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
    private readonly onEvent: (e: CdpEvent) => void,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    const end = () => this.close(new Error('the browser closed its DevTools pipe'));
    fromBrowser.on('end', end);
    fromBrowser.on('error', end);
    toBrowser.on('error', end);
  }

  /** Sends a command; resolves with its result, rejects with the browser's error or when the pipe closes. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new Error('the DevTools pipe is closed'));
    const id = this.nextId++;
    const message = JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params });
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.toBrowser.write(message + '\0');
    });
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let nul = chunk.indexOf(0, start); nul !== -1; nul = chunk.indexOf(0, start)) {
      this.buffered.push(chunk.subarray(start, nul));
      const raw = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      this.bufferedBytes = 0;
      start = nul + 1;
      this.dispatch(raw);
    }
    if (start < chunk.length) {
      this.buffered.push(chunk.subarray(start));
      this.bufferedBytes += chunk.length - start;
      if (this.bufferedBytes > MAX_MESSAGE_BYTES) this.close(new Error('a DevTools message over 16 MiB'));
    }
  }

  private dispatch(raw: string): void {
    let m: unknown;
    try {
      m = JSON.parse(raw);
    } catch {
      return; // not ours to crash on: the browser never sends this, and nothing depends on it
    }
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { message?: unknown }; sessionId?: unknown };
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.fail(new Error(typeof msg.error.message === 'string' ? msg.error.message : 'DevTools error'));
      else p.ok(typeof msg.result === 'object' && msg.result !== null ? (msg.result as Record<string, unknown>) : {});
    } else if (typeof msg.method === 'string') {
      const params = typeof msg.params === 'object' && msg.params !== null ? (msg.params as Record<string, unknown>) : {};
      this.onEvent(typeof msg.sessionId === 'string' ? { method: msg.method, params, sessionId: msg.sessionId } : { method: msg.method, params });
    }
  }

  /** Fails every pending command; later sends reject. */
  close(reason = new Error('the DevTools pipe is closed')): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.fail(reason);
    this.pending.clear();
  }
}
