import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ViteDevServer } from 'vite';
import { CommandSchema } from '../../engine/core/protocol/commands.ts';
import { ClientMessageSchema, MAX_CLIENT_MESSAGE_BYTES, MAX_CONTROL_MESSAGE_BYTES, parseWire, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import type { ProfileStore } from '../profiles/ProfileStore.ts';
import { assetMiddleware } from '../server/assetMiddleware.ts';
import { builtPagesMiddleware, ensureBuiltPages } from '../server/builtPages.ts';
import { isJsonRequest, readBody } from '../server/readBody.ts';
import { setSecurityHeaders } from '../server/securityHeaders.ts';
import { profileApi } from './profileApi.ts';
import type { Conductor } from './Conductor.ts';
import { ClientChannel, DEFAULT_SEND_LIMITS, type SendLimits } from './ClientChannel.ts';
import { DropReporter } from './DropReporter.ts';
import { escapeForLog } from './escapeForLog.ts';
import { OscBridge } from './OscBridge.ts';
import { DEFAULT_OSC_ALLOW, parseAllowList, type Ipv4Range } from './oscPolicy.ts';
import { AccessTokens, accessInfo, httpToken, refuseCommand, refuseHello, refuseRequest } from './access.ts';
import type { Role } from '../../engine/core/protocol/commands.ts';

/** Where and how the conductor listens. */
export interface ServerOptions {
  readonly host: string;
  /** HTTP and WebSocket port (0: any free port). */
  readonly port: number;
  /** OSC UDP port, or null for no OSC input. */
  readonly oscPort: number | null;
  readonly oscHost: string;
  /** OSC senders accepted (default: this machine only, 127.0.0.0/8). */
  readonly oscAllow?: readonly Ipv4Range[];
  /** Shared secret every OSC message must carry as its first argument, or null (default). */
  readonly oscSecret?: string | null;
  /** Take privileged commands (calibration, file writes) over OSC (default false). */
  readonly oscCalibration?: boolean;
  /** OSC messages a second per sender and burst (default 50/s, burst 100). */
  readonly oscRate?: { readonly perS: number; readonly burst: number };
  /** The operator token (everything). */
  readonly token: string;
  /** The visitor token (status, subtitles, visit, monitoring; see access.ts); none: operators only. */
  readonly visitorToken?: string;
  readonly assetRoot: string;
  /** How to serve the web pages: 'built' (bundled by Vite first, fast to load), 'dev' (Vite dev server), or 'none'. */
  readonly pages?: 'built' | 'dev' | 'none';
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Per-client send limits and heartbeat (default DEFAULT_SEND_LIMITS: 1 MiB soft, 16 MiB hard, 30 s behind, ping every 5 s). */
  readonly sendLimits?: Partial<SendLimits>;
  /** The profile file's version store (GET /api/profile/versions and /api/profile/diff); none: those answer 404. */
  readonly profileStore?: ProfileStore;
}

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

const HELLO_TIMEOUT_MS = 5000;
/** Largest POST /api/command body: a setProjector with a 129 × 129 warp grid fits. */
const MAX_BODY_BYTES = MAX_CONTROL_MESSAGE_BYTES;
const root = resolve(import.meta.dirname, '../..');

/**
 * The conductor's network face: HTTP control API (token required), a WebSocket for pages, render
 * nodes and control windows (every message validated; bad ones logged and dropped), OSC input, the
 * web pages and the asset folder. It carries commands to the Conductor and state back out.
 */
export class ConductorServer {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private osc: OscBridge | null = null;
  private vite: ViteDevServer | null = null;
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | null = null;
  private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  private readonly drops: DropReporter;
  private readonly access: AccessTokens;
  /** The URL pages are served from, once listening. */
  url = '';
  /** The OSC port actually bound, or null. */
  oscPort: number | null = null;

  constructor(
    private readonly conductor: Conductor,
    private readonly options: ServerOptions,
    private readonly now: () => number,
  ) {
    const sink = options.log ?? ((level, m) => process.stderr.write(`[conductor] ${level}: ${m}\n`));
    // Every line may carry user strings (addresses, arguments, client ids): escaped here, at the sink.
    this.log = (level, m) => sink(level, escapeForLog(m));
    this.drops = new DropReporter(
      (line) => {
        this.log('warn', line);
        this.conductor.note('warn', line);
      },
      now,
    );
    this.access = new AccessTokens({ operator: options.token, viewer: options.visitorToken });
  }

  /** Starts listening; resolves when HTTP (and OSC) are up. Throws (with nothing left open) when a port is taken. */
  async start(): Promise<void> {
    // OSC first: a taken port stops the start at once, before pages are built or anything listens.
    if (this.options.oscPort !== null) await this.startOsc(this.options.oscPort);
    try {
      await this.startHttp();
    } catch (err) {
      await this.osc?.stop();
      throw err;
    }
    const addr = this.http!.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.options.port;
    this.url = `http://${this.options.host === '0.0.0.0' ? '127.0.0.1' : this.options.host}:${port}`;
    this.conductor.onChange(() => this.broadcastTransport());
    this.conductor.onProjectorChange((c) => {
      const msg = JSON.stringify({ type: 'projector', generation: this.conductor.generation, revision: c.revision, projectorId: c.projectorId, config: c.config } satisfies ServerMessage);
      // Keyed per projector: a page that lags gets the newest calibration of each projector, not every step.
      for (const client of this.clients) if (client.clientId !== null) client.channel.send(msg, `projector:${c.projectorId}`);
    });
    // Cues fire on the conductor's clock; state is re-sent regularly so a page that missed a message heals.
    this.timer = setInterval(() => {
      this.conductor.tick();
      this.broadcastStatus();
      for (const c of this.clients) c.channel.flush();
      this.osc?.tick();
      this.drops.flush();
    }, 100);
  }

  private async startHttp(): Promise<void> {
    const mode = this.options.pages ?? 'built';
    if (mode === 'dev') {
      const { createServer } = await import('vite');
      this.vite = await createServer({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'error', appType: 'mpa', server: { middlewareMode: true, hmr: false } });
    } else if (mode === 'built') {
      await ensureBuiltPages((m) => this.log('info', m));
    }
    const assets = assetMiddleware(this.options.assetRoot);
    const pages = mode === 'built' ? builtPagesMiddleware() : null;
    this.http = createHttpServer((req, res) => {
      setSecurityHeaders(res, mode === 'dev');
      if ((req.url ?? '').startsWith('/api/')) return void this.api(req, res);
      // /assets/ is the installation's asset folder; the bundle's own files live under /bundle/.
      assets(req, res, () => {
        if (this.vite) this.vite.middlewares(req, res, () => this.notFound(res));
        else if (pages) pages(req, res, () => this.notFound(res));
        else this.notFound(res);
      });
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTROL_MESSAGE_BYTES });
    this.http.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').split('?')[0] !== '/ws') {
        socket.destroy();
        return;
      }
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.socket.remoteAddress ?? 'unknown address'));
    });
    await new Promise<void>((ok, fail) => {
      this.http!.once('error', fail);
      this.http!.listen(this.options.port, this.options.host, () => ok());
    });
  }

  private async startOsc(port: number): Promise<void> {
    const allow = this.options.oscAllow ?? (parseAllowList(DEFAULT_OSC_ALLOW) as Ipv4Range[]);
    const osc = new OscBridge(
      { port, host: this.options.oscHost, allow, secret: this.options.oscSecret ?? null, privileged: this.options.oscCalibration ?? false, ...(this.options.oscRate ? { rate: this.options.oscRate } : {}) },
      (cmd) => this.conductor.perform(cmd),
      this.log,
      this.drops,
      this.now,
    );
    await osc.start();
    this.osc = osc;
    this.oscPort = osc.port;
  }

  private notFound(res: ServerResponse): void {
    res.statusCode = 404;
    res.end('not found');
  }

  /** Bad input (from client `c`, if any): reported a few times a minute per sender, then summed up. */
  private dropped(reason: string, c?: Client): void {
    this.drops.drop(c ? (c.clientId ?? c.from) : 'conductor', reason);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(body));
  }

  private async api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const role = this.access.roleOf(httpToken(req.headers));
    const refused = refuseRequest(role, req.method ?? '', path);
    if (refused || role === null) return this.json(res, refused?.status ?? 401, { ok: false, message: refused?.message ?? 'a valid token is required' });
    if (path === '/api/access' && req.method === 'GET') return this.json(res, 200, accessInfo(role));
    if (path === '/api/status' && req.method === 'GET') return this.json(res, 200, this.conductor.status());
    if (path.startsWith('/api/profile') && req.method === 'GET') {
      const r = profileApi(path, new URLSearchParams(query), this.conductor, this.options.profileStore);
      return this.json(res, r.status, r.body);
    }
    if (path === '/api/command' && req.method === 'POST') {
      // Read (bounded) before any refusal, so the connection stays in step for the client's next request.
      const body = await readBody(req, MAX_BODY_BYTES);
      if (!isJsonRequest(req)) return this.json(res, 415, { ok: false, message: 'a command is JSON: send it with Content-Type: application/json' });
      if (!body.ok) {
        // The client may still be sending: the connection closes once this answer is out.
        res.setHeader('Connection', 'close');
        return this.json(res, body.status, { ok: false, message: body.message });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return this.json(res, 400, { ok: false, message: 'the body is not JSON' });
      }
      const cmd = CommandSchema.safeParse(parsed);
      if (!cmd.success) return this.json(res, 400, { ok: false, message: `not a command: ${cmd.error.issues[0]?.path.join('.') || '(root)'}: ${cmd.error.issues[0]?.message}` });
      const denied = refuseCommand(role, cmd.data.command);
      if (denied) return this.json(res, denied.status, { ok: false, message: denied.message });
      const result = this.conductor.perform(cmd.data);
      return this.json(res, result.ok ? 200 : 409, result);
    }
    // The path is not echoed: an error body never carries what the request or the disk said.
    return this.json(res, 404, { ok: false, message: 'no such endpoint (the API is GET /api/status, GET /api/profile…, POST /api/command)' });
  }

  private send(c: Client, msg: ServerMessage): void {
    c.channel.send(JSON.stringify(msg));
  }

  private accept(ws: WebSocket, from: string): void {
    const limits = { ...DEFAULT_SEND_LIMITS, ...this.options.sendLimits };
    const channel = new ClientChannel(ws, limits, this.now, (reason) => {
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
      const raw = data.toString();
      // A control client (control window, calibration page) that has said hello may send big commands (warp grids).
      const parsed = parseWire(ClientMessageSchema, raw, c.role === 'control' ? MAX_CONTROL_MESSAGE_BYTES : MAX_CLIENT_MESSAGE_BYTES);
      if (!parsed.ok) return this.dropped(`${c.clientId ?? `unidentified client at ${from}`}: ${parsed.reason}`, c);
      const m = parsed.value;
      if (c.clientId === null) {
        if (m.type !== 'hello') return this.dropped('first message must be hello');
        const access = this.access.roleOf(m.token);
        if (access === null) {
          ws.close(4401, 'token refused');
          return;
        }
        if (refuseHello(access, m.role)) {
          ws.close(4403, `a ${m.role} page needs the operator token`);
          return;
        }
        clearTimeout(helloTimer);
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
        return;
      }
      switch (m.type) {
        case 'ping':
          this.send(c, { type: 'pong', id: m.id, t1: m.t1, t2, t3: this.now() });
          return;
        case 'report':
          if (c.role !== 'output' && c.role !== 'node') return this.dropped('report from a client that is not an output', c);
          {
            const { type: _type, ...report } = m;
            this.conductor.report(c.clientId, c.role, report);
          }
          return;
        case 'audioReport': {
          if (c.role !== 'audio') return this.dropped(`audio report from a ${c.role} client`, c);
          const { type: _type, ...report } = m;
          this.conductor.audioReport(c.clientId, report);
          return;
        }
        case 'command': {
          const denied = refuseCommand(c.access ?? 'viewer', m.command.command);
          if (denied) return this.send(c, { type: 'result', ...(m.id !== undefined ? { id: m.id } : {}), ok: false, message: denied.message });
          if (c.role !== 'control') return this.dropped(`command from a ${c.role} client`, c);
          const r = this.conductor.perform(m.command);
          this.send(c, { type: 'result', ...(m.id !== undefined ? { id: m.id } : {}), ok: r.ok, message: r.message });
          return;
        }
        case 'hello':
          return this.dropped('second hello', c);
      }
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.gone(c);
    });
    ws.on('error', (err) => this.dropped(`socket error: ${err.message}`, c));
  }

  /** Forgets a client at once (closed, or given up on): its output or audio record is marked gone now. */
  private gone(c: Client): void {
    if (c.gone) return;
    c.gone = true;
    this.clients.delete(c);
    if (c.clientId && (c.role === 'output' || c.role === 'node')) this.conductor.disconnected(c.clientId);
    if (c.clientId && c.role === 'audio') this.conductor.audioDisconnected(c.clientId);
  }

  /** What each connected client holds in memory here (the backpressure accounting). */
  clientStats(): { clientId: string | null; role: Client['role']; bufferedBytes: number; peakBytes: number; waiting: number }[] {
    return [...this.clients].map((c) => ({ clientId: c.clientId, role: c.role, bufferedBytes: c.channel.bufferedBytes, peakBytes: c.channel.peakBytes, waiting: c.channel.waitingCount }));
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

  private lastGeneration = 0;
  private lastLanguageKey = '';
  private lastPatternsKey = '{}';

  private broadcastTransport(): void {
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

  private statusTick = 0;

  private broadcastStatus(): void {
    this.statusTick++;
    const everySecond = this.statusTick % 10 === 0;
    let status: string | null = null;
    let transport: string | null = null;
    let patterns: string | null = null;
    for (const c of this.clients) {
      if (c.clientId === null) continue;
      if (c.role === 'control' && this.statusTick % 5 === 0) c.channel.send((status ??= JSON.stringify({ type: 'status', status: this.conductor.status() })), 'status');
      else if (everySecond && c.role !== 'control') {
        c.channel.send((patterns ??= JSON.stringify(this.patternsMessage())), 'patterns');
        c.channel.send((transport ??= JSON.stringify(this.transportMessage())), 'transport');
      }
    }
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.clients) c.socket.terminate();
    this.wss?.close();
    await new Promise<void>((ok) => (this.http ? this.http.close(() => ok()) : ok()));
    this.http?.closeAllConnections?.();
    await this.osc?.stop();
    await this.vite?.close();
  }
}
