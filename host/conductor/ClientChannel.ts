import type { WebSocket } from 'ws';

/** How far a page may fall behind before its state is coalesced, and before it is closed. */
export interface SendLimits {
  /** Bytes buffered for the socket above which keyed state waits and is replaced by newer (default 1 MiB). */
  readonly softBytes: number;
  /** Bytes buffered plus waiting above which the client is closed (default 16 MiB). */
  readonly hardBytes: number;
  /** Seconds a client may stay over the soft limit before it is closed (default 30). */
  readonly maxBehindS: number;
  /** Seconds between WebSocket pings; a client that misses two pongs is gone (default 5). */
  readonly heartbeatS: number;
}

/** The limits a conductor uses unless told otherwise. */
export const DEFAULT_SEND_LIMITS: SendLimits = { softBytes: 1024 * 1024, hardBytes: 16 * 1024 * 1024, maxBehindS: 30, heartbeatS: 5 };

/** Close code for a client too far behind (4000–4999: the application's own). */
export const CLOSE_TOO_SLOW = 4008;
/** How long a closing client gets to take its close frame before its socket is destroyed, ms. */
const CLOSE_GRACE_MS = 1000;

/**
 * One page's outgoing messages, with backpressure. While the socket's buffer is under the soft limit
 * messages go straight out. Over it they wait here: a keyed message (state: documents, transport,
 * status, patterns, a projector's calibration) replaces the waiting one with the same key, so a slow
 * page gets the latest state and never a backlog, and never loses a document; unkeyed ones (results,
 * pongs) queue. Everything waiting goes out as the socket drains (`flush`, called every tick). Over the
 * hard limit, or behind for too long, the client is closed. Heartbeats find half-open sockets.
 */
export class ClientChannel {
  private readonly waiting = new Map<string, string>();
  private waitingBytes = 0;
  private seq = 0;
  private behindSinceS: number | null = null;
  private missedPongs = 0;
  private lastPingS: number;
  private ended = false;
  /** The largest `bufferedBytes` seen, for the server's accounting. */
  peakBytes = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: SendLimits,
    /** Seconds, monotonic. */
    private readonly now: () => number,
    /** Called once when the channel gives up on the client (the reason is for the log); the caller marks it gone. */
    private readonly onGiveUp: (reason: string) => void,
  ) {
    this.lastPingS = now();
    socket.on('pong', () => (this.missedPongs = 0));
  }

  /** Bytes held for this client: in the socket's buffer plus waiting here. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount + this.waitingBytes;
  }

  /** Messages waiting here for the socket to drain. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Sends `json`; with a `key`, a newer message of the same key replaces it while it waits. */
  send(json: string, key?: string): void {
    if (this.ended || this.socket.readyState !== this.socket.OPEN) return;
    if (this.waiting.size === 0 && this.socket.bufferedAmount <= this.limits.softBytes) {
      this.socket.send(json);
    } else {
      const k = key ?? `#${this.seq++}`;
      const old = this.waiting.get(k);
      if (old !== undefined) {
        this.waitingBytes -= Buffer.byteLength(old);
        // Re-inserted at the end: the newest state keeps its place after what was sent before it.
        this.waiting.delete(k);
      }
      this.waiting.set(k, json);
      this.waitingBytes += Buffer.byteLength(json);
    }
    this.check();
  }

  /** Sends what waits while the socket is under the soft limit; pings and enforces the limits. Call it every tick. */
  flush(): void {
    if (this.ended) return;
    for (const [k, json] of this.waiting) {
      if (this.socket.bufferedAmount > this.limits.softBytes || this.socket.readyState !== this.socket.OPEN) break;
      this.waiting.delete(k);
      this.waitingBytes -= Buffer.byteLength(json);
      this.socket.send(json);
    }
    this.check();
    if (this.ended) return;
    const t = this.now();
    if (t - this.lastPingS >= this.limits.heartbeatS) {
      this.lastPingS = t;
      if (this.missedPongs >= 2) return this.giveUp(`no answer to ${this.missedPongs} heartbeats (${this.limits.heartbeatS} s apart): the connection is gone`, false);
      this.missedPongs++;
      if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
    }
  }

  private check(): void {
    if (this.ended) return;
    const bytes = this.bufferedBytes;
    this.peakBytes = Math.max(this.peakBytes, bytes);
    if (bytes > this.limits.hardBytes) return this.giveUp(`too far behind: ${mib(bytes)} MiB waiting (limit ${mib(this.limits.hardBytes)} MiB)`, true);
    const t = this.now();
    if (bytes <= this.limits.softBytes && this.waiting.size === 0) {
      this.behindSinceS = null;
      return;
    }
    this.behindSinceS ??= t;
    if (t - this.behindSinceS > this.limits.maxBehindS) this.giveUp(`too far behind: over ${mib(this.limits.softBytes)} MiB waiting for ${Math.round(t - this.behindSinceS)} s`, true);
  }

  private giveUp(reason: string, tellClient: boolean): void {
    this.ended = true;
    this.waiting.clear();
    this.waitingBytes = 0;
    this.onGiveUp(reason);
    if (!tellClient) return void this.socket.terminate();
    // The close frame goes after what is buffered; a client that reads nothing never gets it, so the
    // socket is destroyed after a grace period either way.
    this.socket.close(CLOSE_TOO_SLOW, 'too slow: messages piled up');
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
