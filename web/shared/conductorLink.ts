import { ClockFilter, conductorTime, type SyncEstimate } from '../../engine/core/sync/clockSync.ts';
import { parseWire, ServerMessageSchema, type ClientMessage, type ServerMessage } from '../../engine/core/protocol/messages.ts';

/** This page's clock in shared-epoch seconds (before correction to the conductor). */
export const localEpochS = (): number => (performance.timeOrigin + performance.now()) / 1000;

/** Where a link stands: connecting (first time or again), socket open, closed (retrying), refused (for good). */
export type LinkState = 'connecting' | 'open' | 'closed' | 'refused';

/** What a link tells its page. */
export interface LinkEvents {
  message(m: ServerMessage): void;
  state(s: LinkState): void;
  /** A message failed validation and was dropped. */
  dropped?(): void;
  /** The socket is open but nothing came for LinkOptions.watchdog.warnMs (false again once something comes). */
  silent?(silent: boolean): void;
}

/** How a link behaves beyond its defaults. */
export interface LinkOptions {
  /** NTP-style clock exchanges (default true; the control window shows only what the conductor says, and needs none). */
  readonly clockSync?: boolean;
  /** Largest message accepted (bytes; default 32 MiB: show documents can be large). */
  readonly maxMessageBytes?: number;
  /** A conductor that hangs leaves the socket open and silent: say so after warnMs, replace the socket after dropMs. */
  readonly watchdog?: { readonly warnMs: number; readonly dropMs: number };
}

/** Largest message a page accepts from the conductor by default (show documents can be large). */
const MAX_SERVER_MESSAGE = 32 * 1024 * 1024;

/** The page's hello without its type; the token may still be on its way (see pageToken.ts). */
export type LinkHello = Omit<Extract<ClientMessage, { type: 'hello' }>, 'type' | 'token'> & { readonly token: string | Promise<string> };

/** Close code the conductor uses when it refuses the token; retrying cannot help. */
export const CLOSE_TOKEN_REFUSED = 4401;
/** Close code for a token whose role may not open this page (a visitor token on the control window). */
export const CLOSE_ROLE_REFUSED = 4403;
/** Close codes after which retrying cannot help. */
export const REFUSED_CLOSE_CODES: readonly number[] = [CLOSE_TOKEN_REFUSED, CLOSE_ROLE_REFUSED];
/** First reconnection delay (ms); it doubles up to RETRY_MAX_MS, and is back to this once welcomed. */
export const RETRY_FIRST_MS = 500;
/** Longest reconnection delay (ms). */
export const RETRY_MAX_MS = 5000;
/** Close code the link acts on when its watchdog gives up on a silent socket (abnormal closure). */
const CLOSE_ABNORMAL = 1006;

/** The conductor's WebSocket address for a page served by it. */
export function conductorUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * A page's link to the conductor, the one every page uses: hello with the token, every message
 * validated with the protocol's schema, NTP-style clock sync (fast at first, then ten a second,
 * least-delay filter), reconnection with backoff (0.5 → 5 s, stopped by a refused token), and an
 * optional watchdog for a conductor that goes silent.
 */
export class ConductorLink {
  private ws: WebSocket | null = null;
  private readonly filter = new ClockFilter();
  private pingId = 0;
  private pings = 0;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdogTimer: ReturnType<typeof setInterval> | null = null;
  private backoffMs = RETRY_FIRST_MS;
  private stopped = false;
  private lastHeardMs = 0;
  private welcomedSocket = false;
  /** The token, once it arrived (reconnections use it again). */
  private token: string | null = null;
  /** Invalid messages dropped so far. */
  dropped = 0;
  /** Clock exchanges answered since the page loaded. */
  exchanges = 0;
  /** The latest clock estimate (null until the first exchange). */
  estimate: SyncEstimate | null = null;

  constructor(
    private readonly url: string,
    private readonly hello: LinkHello,
    private readonly events: LinkEvents,
    private readonly options: LinkOptions = {},
  ) {}

  /** Conductor epoch (seconds) for a local epoch. */
  toConductor(localS: number): number {
    return this.estimate ? conductorTime(this.estimate, localS) : localS;
  }

  /** True once the conductor welcomed this socket (it took the hello), until it closes. */
  get welcomed(): boolean {
    return this.welcomedSocket;
  }

  /** Opens the connection (and keeps it open); with a token still on its way, once it arrives. */
  connect(): void {
    this.stopped = false;
    this.events.state('connecting');
    const { token } = this.hello;
    if (typeof token === 'string') this.open(token);
    else void token.then((t) => !this.stopped && this.open(t));
    const watchdog = this.options.watchdog;
    if (watchdog && this.watchdogTimer === null) this.watchdogTimer = setInterval(() => this.watch(watchdog.warnMs, watchdog.dropMs), 1000);
  }

  private open(token: string): void {
    this.token = token;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.lastHeardMs = performance.now();
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastHeardMs = performance.now();
      this.send({ type: 'hello', ...this.hello, token });
      this.pings = 0;
      if (this.options.clockSync !== false) this.schedulePing(0);
      this.events.state('open');
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.lastHeardMs = performance.now();
      this.receive(ev.data);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) this.lost(ev.code);
    };
  }

  private receive(data: unknown): void {
    const t4 = localEpochS();
    const r = typeof data === 'string' ? parseWire(ServerMessageSchema, data, this.options.maxMessageBytes ?? MAX_SERVER_MESSAGE) : null;
    if (r === null || !r.ok) {
      this.dropped++;
      this.events.dropped?.();
      return;
    }
    const m = r.value;
    if (m.type === 'welcome') {
      this.welcomedSocket = true;
      this.backoffMs = RETRY_FIRST_MS;
    } else if (m.type === 'pong') {
      this.exchanges++;
      this.estimate = this.filter.add({ t1: m.t1, t2: m.t2, t3: m.t3, t4 }) ?? this.estimate;
    }
    this.events.message(m);
  }

  /** The socket closed (or was given up): retry with backoff unless the token was refused or the link closed. */
  private lost(code: number): void {
    const token = this.token;
    if (token === null) return;
    this.ws = null;
    this.welcomedSocket = false;
    if (this.pingTimer) clearTimeout(this.pingTimer);
    if (REFUSED_CLOSE_CODES.includes(code)) {
      this.events.state('refused');
      return;
    }
    this.events.state('closed');
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.events.state('connecting');
      this.open(token);
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, RETRY_MAX_MS);
  }

  private watch(warnMs: number, dropMs: number): void {
    const ws = this.ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return;
    const quietMs = performance.now() - this.lastHeardMs;
    this.events.silent?.(quietMs > warnMs);
    if (quietMs <= dropMs) return;
    // Given up: its close event, whenever it comes, is no longer this link's.
    this.ws = null;
    ws.close();
    this.lost(CLOSE_ABNORMAL);
  }

  private schedulePing(delayMs: number): void {
    this.pingTimer = setTimeout(() => {
      this.send({ type: 'ping', id: this.pingId++, t1: localEpochS() });
      this.pings++;
      // Many quick exchanges at first to settle fast (a fresh or reloaded output must be in sync within
      // a few hundred ms), then ten a second (tiny messages): the filter narrows the offset with every
      // exchange over its 512-exchange window (~51 s), which shortens itself when old exchanges stop agreeing.
      this.schedulePing(this.pings < 32 ? 15 : 100);
    }, delayMs);
  }

  /** Sends a message if connected. */
  send(m: ClientMessage): void {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  /** Closes for good: no more events, no retry. */
  close(): void {
    this.stopped = true;
    this.welcomedSocket = false;
    for (const t of [this.pingTimer, this.retryTimer]) if (t) clearTimeout(t);
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }
}

/** A short random client id (not security sensitive; crypto so pages never use Math.random). */
export function newClientId(prefix: string): string {
  const b = new Uint8Array(6);
  crypto.getRandomValues(b);
  return `${prefix}-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
