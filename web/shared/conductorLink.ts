import { ClockFilter, conductorTime, type SyncEstimate } from '../../engine/core/sync/clockSync.ts';
import { parseWire, ServerMessageSchema, type ClientMessage, type ServerMessage } from '../../engine/core/protocol/messages.ts';

/** This page's clock in shared-epoch seconds (before correction to the conductor). */
export const localEpochS = (): number => (performance.timeOrigin + performance.now()) / 1000;

/** What a link tells its page. */
export interface LinkEvents {
  message(m: ServerMessage): void;
  state(s: 'connecting' | 'open' | 'closed' | 'refused'): void;
}

/** Largest message a page accepts from the conductor (show documents can be large). */
const MAX_SERVER_MESSAGE = 32 * 1024 * 1024;

/** The page's hello without its type; the token may still be on its way (see pageToken.ts). */
export type LinkHello = Omit<Extract<ClientMessage, { type: 'hello' }>, 'type' | 'token'> & { readonly token: string | Promise<string> };

/** Close codes after which retrying cannot help: the token was refused (4401), or its role may not open this page (4403). */
export const REFUSED_CLOSE_CODES: readonly number[] = [4401, 4403];

/**
 * A page's link to the conductor: hello with the token, validated messages, NTP-style clock sync
 * (fast at first, then every second, least-delay filter), and reconnection with backoff.
 */
export class ConductorLink {
  private ws: WebSocket | null = null;
  private readonly filter = new ClockFilter();
  private pingId = 0;
  private pings = 0;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = 500;
  private stopped = false;
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
  ) {}

  /** Conductor epoch (seconds) for a local epoch. */
  toConductor(localS: number): number {
    return this.estimate ? conductorTime(this.estimate, localS) : localS;
  }

  /** Opens the connection (and keeps it open); with a token still on its way, once it arrives. */
  connect(): void {
    this.stopped = false;
    this.events.state('connecting');
    const { token } = this.hello;
    if (typeof token === 'string') this.open(token);
    else void token.then((t) => !this.stopped && this.open(t));
  }

  private open(token: string): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoffMs = 500;
      this.send({ type: 'hello', ...this.hello, token });
      this.pings = 0;
      this.schedulePing(0);
      this.events.state('open');
    };
    ws.onmessage = (ev) => {
      const t4 = localEpochS();
      if (typeof ev.data !== 'string') return void this.dropped++;
      const r = parseWire(ServerMessageSchema, ev.data, MAX_SERVER_MESSAGE);
      if (!r.ok) return void this.dropped++;
      const m = r.value;
      if (m.type === 'pong') {
        this.exchanges++;
        this.estimate = this.filter.add({ t1: m.t1, t2: m.t2, t3: m.t3, t4 }) ?? this.estimate;
      }
      this.events.message(m);
    };
    ws.onclose = (ev) => {
      if (this.pingTimer) clearTimeout(this.pingTimer);
      if (REFUSED_CLOSE_CODES.includes(ev.code)) {
        this.events.state('refused');
        return;
      }
      this.events.state('closed');
      if (!this.stopped) {
        setTimeout(() => {
          if (this.stopped) return;
          this.events.state('connecting');
          this.open(token);
        }, this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, 5000);
      }
    };
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

  /** Closes for good. */
  close(): void {
    this.stopped = true;
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.ws?.close();
  }
}

/** A short random client id (not security sensitive; crypto so pages never use Math.random). */
export function newClientId(prefix: string): string {
  const b = new Uint8Array(6);
  crypto.getRandomValues(b);
  return `${prefix}-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
