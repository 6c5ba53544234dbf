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
    private readonly hello: Omit<Extract<ClientMessage, { type: 'hello' }>, 'type'>,
    private readonly events: LinkEvents,
  ) {}

  /** Conductor epoch (seconds) for a local epoch. */
  toConductor(localS: number): number {
    return this.estimate ? conductorTime(this.estimate, localS) : localS;
  }

  /** Opens the connection (and keeps it open). */
  connect(): void {
    this.stopped = false;
    this.events.state('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoffMs = 500;
      this.send({ type: 'hello', ...this.hello });
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
      if (ev.code === 4401) {
        this.events.state('refused');
        return;
      }
      this.events.state('closed');
      if (!this.stopped) {
        setTimeout(() => this.connect(), this.backoffMs);
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

/** The control token from the URL fragment (#token=…), which never reaches a server log. */
export function tokenFromHash(hash = location.hash): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** A short random client id (not security sensitive; crypto so pages never use Math.random). */
export function newClientId(prefix: string): string {
  const b = new Uint8Array(6);
  crypto.getRandomValues(b);
  return `${prefix}-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
