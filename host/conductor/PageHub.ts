import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Role } from '../../engine/core/protocol/commands.ts';
import { ClientMessageSchema, MAX_CLIENT_MESSAGE_BYTES, MAX_CONTROL_MESSAGE_BYTES, parseWire, type ClientMessage, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import { refuseCommand, refuseHello, type AccessTokens } from './access.ts';
import { ClientChannel, type SendLimits } from './ClientChannel.ts';
import type { Conductor } from './Conductor.ts';
import type { DropReporter } from './DropReporter.ts';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

interface Client {
  readonly socket: WebSocket;
  clientId: string | null;
  role: 'output' | 'control' | 'node' | 'monitor' | 'audio' | null;
  /** The role its token gave at hello (null before). */
  access: Role | null;
  projectorId: string;
  /** Outgoing messages with backpressure and heartbeats. */
  readonly channel: ClientChannel;
  /** The peer's address, naming the client in logs until it says hello. */
  readonly from: string;
  gone: boolean;
}

/** What one connected client holds in memory here (the backpressure accounting). */
export interface ClientStats {
  clientId: string | null;
  role: Client['role'];
  bufferedBytes: number;
  peakBytes: number;
  waiting: number;
}

const HELLO_TIMEOUT_MS = 5000;
/** Conductor ticks between status messages to control windows (every half second). */
const STATUS_EVERY_TICKS = 5;
/** Conductor ticks between the state re-sent to the other pages (every second), so a page that missed a message heals. */
const RESEND_EVERY_TICKS = 10;

/**
 * The WebSocket hub for pages, render nodes and control windows: hello with a token (role checked),
 * every message validated (bad ones reported and dropped), reports and commands carried to the
 * Conductor, its state sent back out (documents, language, patterns, transport, live projector
 * changes, status) through one backpressured ClientChannel per client.
 */
export class PageHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTROL_MESSAGE_BYTES });
  private readonly clients = new Set<Client>();
  private lastGeneration = 0;
  private lastLanguageKey = '';
  private lastPatternsKey = '{}';
  private ticks = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly conductor: Conductor,
    private readonly access: AccessTokens,
    private readonly limits: SendLimits,
    private readonly log: Log,
    private readonly drops: DropReporter,
    private readonly now: () => number,
  ) {
    this.unsubscribe.push(conductor.onChange(() => this.broadcastState()));
    this.unsubscribe.push(
      conductor.onProjectorChange((c) => {
        const msg = JSON.stringify({ type: 'projector', generation: conductor.generation, revision: c.revision, projectorId: c.projectorId, config: c.config } satisfies ServerMessage);
        // Keyed per projector: a page that lags gets the newest calibration of each projector, not every step.
        for (const client of this.clients) if (client.clientId !== null) client.channel.send(msg, `projector:${c.projectorId}`);
      }),
    );
  }

  /** Takes an HTTP upgrade to /ws (anything else is refused). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if ((req.url ?? '').split('?')[0] !== '/ws') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.socket.remoteAddress ?? 'unknown address'));
  }

  /** On every conductor tick: status to control windows, state re-sent to the others, waiting messages flushed. */
  tick(): void {
    this.broadcastStatus();
    for (const c of this.clients) c.channel.flush();
  }

  /** What each connected client holds in memory here (the backpressure accounting). */
  clientStats(): ClientStats[] {
    return [...this.clients].map((c) => ({ clientId: c.clientId, role: c.role, bufferedBytes: c.channel.bufferedBytes, peakBytes: c.channel.peakBytes, waiting: c.channel.waitingCount }));
  }

  /** Closes every connection and stops listening to the conductor. */
  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    for (const c of this.clients) c.socket.terminate();
    this.wss.close();
  }

  /** Bad input (from client `c`, if any): reported a few times a minute per sender, then summed up. */
  private dropped(reason: string, c?: Client): void {
    this.drops.drop(c ? (c.clientId ?? c.from) : 'conductor', reason);
  }

  private send(c: Client, msg: ServerMessage): void {
    c.channel.send(JSON.stringify(msg));
  }

  private accept(ws: WebSocket, from: string): void {
    const channel = new ClientChannel(ws, this.limits, this.now, (reason) => {
      const line = `${c.role ?? 'client'} ${c.projectorId || c.clientId || from} closed: ${reason}`;
      this.log('warn', line);
      this.conductor.note('warn', line);
      this.gone(c);
    });
    const c: Client = { socket: ws, clientId: null, role: null, access: null, projectorId: '', channel, from, gone: false };
    this.clients.add(c);
    const helloTimer = setTimeout(() => {
      if (c.clientId === null) ws.close(4408, 'hello expected');
    }, HELLO_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => {
      const t2 = this.now();
      if (isBinary) return this.dropped('binary WebSocket message', c);
      // A control client (control window, calibration page) that has said hello may send big commands (warp grids).
      const parsed = parseWire(ClientMessageSchema, data.toString(), c.role === 'control' ? MAX_CONTROL_MESSAGE_BYTES : MAX_CLIENT_MESSAGE_BYTES);
      if (!parsed.ok) return this.dropped(`${c.clientId ?? `unidentified client at ${from}`}: ${parsed.reason}`, c);
      if (c.clientId === null) {
        if (this.hello(c, parsed.value)) clearTimeout(helloTimer);
        return;
      }
      this.receive(c, c.clientId, parsed.value, t2);
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.gone(c);
    });
    ws.on('error', (err) => this.dropped(`socket error: ${err.message}`, c));
  }

  /** A client's first message: hello with a token its page may use; answered with the whole state. True when accepted. */
  private hello(c: Client, m: ClientMessage): boolean {
    if (m.type !== 'hello') {
      this.dropped('first message must be hello');
      return false;
    }
    const access = this.access.roleOf(m.token);
    if (access === null) {
      c.socket.close(4401, 'token refused');
      return false;
    }
    if (refuseHello(access, m.role)) {
      c.socket.close(4403, `a ${m.role} page needs the operator token`);
      return false;
    }
    c.access = access;
    c.clientId = m.clientId;
    c.role = m.role;
    c.projectorId = m.projectorId ?? '';
    this.send(c, { type: 'welcome', clientId: m.clientId, conductorEpochS: this.now() });
    this.send(c, this.documentsMessage());
    this.send(c, this.languageMessage());
    this.send(c, this.transportMessage());
    this.send(c, this.patternsMessage());
    if (m.role === 'output' || m.role === 'node') this.conductor.note('info', `${m.role} ${c.projectorId || m.clientId} connected`);
    if (m.role === 'audio') this.conductor.note('info', 'audio page connected');
    return true;
  }

  /** A message from a client that has said hello: clock pings, reports from outputs and the audio page, commands from control windows. */
  private receive(c: Client, clientId: string, m: ClientMessage, t2: number): void {
    switch (m.type) {
      case 'ping':
        return this.send(c, { type: 'pong', id: m.id, t1: m.t1, t2, t3: this.now() });
      case 'report': {
        if (c.role !== 'output' && c.role !== 'node') return this.dropped('report from a client that is not an output', c);
        const { type: _type, ...report } = m;
        return this.conductor.report(clientId, c.role, report);
      }
      case 'audioReport': {
        if (c.role !== 'audio') return this.dropped(`audio report from a ${c.role} client`, c);
        const { type: _type, ...report } = m;
        return this.conductor.audioReport(clientId, report);
      }
      case 'command': {
        const id = m.id !== undefined ? { id: m.id } : {};
        const denied = refuseCommand(c.access ?? 'viewer', m.command.command);
        if (denied) return this.send(c, { type: 'result', ...id, ok: false, message: denied.message });
        if (c.role !== 'control') return this.dropped(`command from a ${c.role} client`, c);
        const r = this.conductor.perform(m.command);
        return this.send(c, { type: 'result', ...id, ok: r.ok, message: r.message });
      }
      case 'hello':
        return this.dropped('second hello', c);
    }
  }

  /** Forgets a client at once (closed, or given up on): its output or audio record is marked gone now. */
  private gone(c: Client): void {
    if (c.gone) return;
    c.gone = true;
    this.clients.delete(c);
    if (c.clientId && (c.role === 'output' || c.role === 'node')) this.conductor.disconnected(c.clientId);
    if (c.clientId && c.role === 'audio') this.conductor.audioDisconnected(c.clientId);
  }

  private documentsMessage(): ServerMessage {
    const d = this.conductor.documents;
    return { type: 'documents', generation: this.conductor.generation, profile: d.profile, show: d.show, language: this.conductor.language };
  }

  private languageMessage(): ServerMessage {
    return { type: 'language', language: this.conductor.language, nextLanguage: this.conductor.nextLanguage };
  }

  private transportMessage(): ServerMessage {
    return { type: 'transport', transport: { ...this.conductor.transport, closed: [...this.conductor.transport.closed] }, blackout: this.conductor.blackout };
  }

  private patternsMessage(): ServerMessage {
    return { type: 'patterns', patterns: { ...this.conductor.patterns } };
  }

  /** After every change: new documents, language and patterns when they changed, then the transport. */
  private broadcastState(): void {
    const docsChanged = this.conductor.generation !== this.lastGeneration;
    this.lastGeneration = this.conductor.generation;
    const docs = docsChanged ? JSON.stringify(this.documentsMessage()) : null;
    // A language change is its own message (the documents and their generation stay as they are, so
    // outputs never rebuild for it), sent before the transport that starts the showing it belongs to.
    const languageKey = `${this.conductor.language}>${this.conductor.nextLanguage ?? ''}`;
    const language = languageKey !== this.lastLanguageKey || docsChanged ? JSON.stringify(this.languageMessage()) : null;
    this.lastLanguageKey = languageKey;
    // Test patterns: sent when they change (and with new documents), before the transport.
    const patternsKey = JSON.stringify(this.conductor.patterns);
    const patterns = patternsKey !== this.lastPatternsKey || docsChanged ? JSON.stringify(this.patternsMessage()) : null;
    this.lastPatternsKey = patternsKey;
    const msg = JSON.stringify(this.transportMessage());
    for (const c of this.clients) {
      if (c.clientId === null) continue;
      // Keyed: a page that lags gets the newest of each, and still every new document.
      if (docs) c.channel.send(docs, 'documents');
      if (language) c.channel.send(language, 'language');
      if (patterns) c.channel.send(patterns, 'patterns');
      c.channel.send(msg, 'transport');
    }
  }

  private broadcastStatus(): void {
    this.ticks++;
    const resend = this.ticks % RESEND_EVERY_TICKS === 0;
    let status: string | null = null;
    let transport: string | null = null;
    let patterns: string | null = null;
    for (const c of this.clients) {
      if (c.clientId === null) continue;
      if (c.role === 'control' && this.ticks % STATUS_EVERY_TICKS === 0) c.channel.send((status ??= JSON.stringify({ type: 'status', status: this.conductor.status() })), 'status');
      else if (resend && c.role !== 'control') {
        c.channel.send((patterns ??= JSON.stringify(this.patternsMessage())), 'patterns');
        c.channel.send((transport ??= JSON.stringify(this.transportMessage())), 'transport');
      }
    }
  }
}
