import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { Server as OscServer } from 'node-osc';
import type { ViteDevServer } from 'vite';
import { CommandSchema, commandFromOsc } from '../../engine/core/protocol/commands.ts';
import { ClientMessageSchema, MAX_CLIENT_MESSAGE_BYTES, MAX_CONTROL_MESSAGE_BYTES, parseWire, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import type { ProfileStore } from '../profiles/ProfileStore.ts';
import { assetMiddleware } from '../server/assetMiddleware.ts';
import { builtPagesMiddleware, ensureBuiltPages } from '../server/builtPages.ts';
import type { Conductor } from './Conductor.ts';

/** Where and how the conductor listens. */
export interface ServerOptions {
  readonly host: string;
  /** HTTP and WebSocket port (0: any free port). */
  readonly port: number;
  /** OSC UDP port, or null for no OSC input. */
  readonly oscPort: number | null;
  readonly oscHost: string;
  readonly token: string;
  readonly assetRoot: string;
  /** How to serve the web pages: 'built' (bundled by Vite first, fast to load), 'dev' (Vite dev server), or 'none'. */
  readonly pages?: 'built' | 'dev' | 'none';
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** The profile file's version store (GET /api/profile/versions and /api/profile/diff); none: those answer 404. */
  readonly profileStore?: ProfileStore;
}

interface Client {
  readonly socket: WebSocket;
  clientId: string | null;
  role: 'output' | 'control' | 'node' | 'monitor' | 'audio' | null;
  projectorId: string;
  bad: number;
}

const HELLO_TIMEOUT_MS = 5000;
/** Largest POST /api/command body: a setProjector with a 129 × 129 warp grid fits. */
const MAX_BODY_BYTES = MAX_CONTROL_MESSAGE_BYTES;
const root = resolve(import.meta.dirname, '../..');

function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The conductor's network face: HTTP control API (token required), a WebSocket for pages, render
 * nodes and control windows (every message validated; bad ones logged and dropped), OSC input, the
 * web pages and the asset folder. It carries commands to the Conductor and state back out.
 */
export class ConductorServer {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private osc: OscServer | null = null;
  private vite: ViteDevServer | null = null;
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | null = null;
  private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  private droppedLogged = 0;
  /** The URL pages are served from, once listening. */
  url = '';
  /** The OSC port actually bound, or null. */
  oscPort: number | null = null;

  constructor(
    private readonly conductor: Conductor,
    private readonly options: ServerOptions,
    private readonly now: () => number,
  ) {
    this.log = options.log ?? ((level, m) => process.stderr.write(`[conductor] ${level}: ${m}\n`));
  }

  /** Starts listening; resolves when HTTP (and OSC) are up. */
  async start(): Promise<void> {
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
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    await new Promise<void>((ok, fail) => {
      this.http!.once('error', fail);
      this.http!.listen(this.options.port, this.options.host, () => ok());
    });
    const addr = this.http.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.options.port;
    this.url = `http://${this.options.host === '0.0.0.0' ? '127.0.0.1' : this.options.host}:${port}`;
    if (this.options.oscPort !== null) await this.startOsc(this.options.oscPort);
    this.conductor.onChange(() => this.broadcastTransport());
    this.conductor.onProjectorChange((c) => {
      const msg = JSON.stringify({ type: 'projector', generation: this.conductor.generation, revision: c.revision, projectorId: c.projectorId, config: c.config } satisfies ServerMessage);
      for (const client of this.clients) if (client.clientId !== null && client.socket.readyState === client.socket.OPEN) client.socket.send(msg);
    });
    // Cues fire on the conductor's clock; state is re-sent regularly so a page that missed a message heals.
    this.timer = setInterval(() => {
      this.conductor.tick();
      this.broadcastStatus();
    }, 100);
  }

  private async startOsc(port: number): Promise<void> {
    const osc = new OscServer(port, this.options.oscHost);
    osc.on('error', (err: Error) => this.dropped(`OSC: ${err.message}`));
    osc.on('message', (msg: unknown[]) => {
      const [address, ...args] = msg;
      if (typeof address !== 'string') return this.dropped('OSC message without an address');
      const r = commandFromOsc(address, args);
      if (!r.ok) return this.dropped(`OSC ${r.reason}`);
      const result = this.conductor.perform(r.command);
      this.log(result.ok ? 'info' : 'warn', `OSC ${address}: ${result.message}`);
    });
    osc.on('bundle', () => this.dropped('OSC bundles are not accepted; send single messages'));
    await new Promise<void>((ok) => osc.once('listening', () => ok()));
    this.osc = osc;
    this.oscPort = port;
  }

  private notFound(res: ServerResponse): void {
    res.statusCode = 404;
    res.end('not found');
  }

  private dropped(reason: string): void {
    // Bad input is logged, but a flood must not flood the log.
    this.droppedLogged++;
    if (this.droppedLogged <= 20 || this.droppedLogged % 100 === 0) this.log('warn', `dropped: ${reason} (${this.droppedLogged} so far)`);
    if (this.droppedLogged <= 20) this.conductor.note('warn', `dropped: ${reason}`);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(body));
  }

  private async api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers['authorization'];
    const given = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : (req.headers['x-panorama-token'] as string | undefined);
    if (!tokenMatches(given, this.options.token)) return this.json(res, 401, { ok: false, message: 'a valid control token is required (Authorization: Bearer TOKEN)' });
    const [path = '', query = ''] = (req.url ?? '').split('?');
    if (path === '/api/status' && req.method === 'GET') return this.json(res, 200, this.conductor.status());
    if (path.startsWith('/api/profile') && req.method === 'GET') return this.profileApi(path, new URLSearchParams(query), res);
    if (path === '/api/command' && req.method === 'POST') {
      let body = '';
      let size = 0;
      let tooBig = false;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) {
          tooBig = true;
          break;
        }
        body += (chunk as Buffer).toString('utf8');
      }
      if (tooBig) return this.json(res, 413, { ok: false, message: `body over ${MAX_BODY_BYTES} bytes` });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return this.json(res, 400, { ok: false, message: 'the body is not JSON' });
      }
      const cmd = CommandSchema.safeParse(parsed);
      if (!cmd.success) return this.json(res, 400, { ok: false, message: `not a command: ${cmd.error.issues[0]?.path.join('.') || '(root)'}: ${cmd.error.issues[0]?.message}` });
      const result = this.conductor.perform(cmd.data);
      return this.json(res, result.ok ? 200 : 409, result);
    }
    return this.json(res, 404, { ok: false, message: `no such endpoint ${req.method} ${path}` });
  }

  /** GET /api/profile (the working profile), /api/profile/versions, /api/profile/diff?a=N&b=M. */
  private profileApi(path: string, query: URLSearchParams, res: ServerResponse): void {
    if (path === '/api/profile') return this.json(res, 200, this.conductor.documents.profile);
    const store = this.options.profileStore;
    if (path === '/api/profile/versions') {
      if (!store) return this.json(res, 404, { ok: false, message: `the profile ${this.conductor.documents.profileFile} has no version store` });
      const cal = this.conductor.calibration;
      return this.json(res, 200, { file: this.conductor.documents.profileFile, current: cal.version, dirty: cal.dirty, versions: store.versions() });
    }
    if (path === '/api/profile/diff') {
      if (!store) return this.json(res, 404, { ok: false, message: `the profile ${this.conductor.documents.profileFile} has no version store` });
      const version = (name: 'a' | 'b'): number | string => {
        const raw = query.get(name);
        if (raw === null) return `query parameter ${name} is missing (expected a version number, e.g. ?a=3&b=4)`;
        if (!/^[1-9][0-9]{0,8}$/.test(raw)) return `query parameter ${name}: ${JSON.stringify(raw.slice(0, 20))} is not a version number (expected a whole number from 1)`;
        return Number(raw);
      };
      const a = version('a');
      const b = version('b');
      if (typeof a === 'string') return this.json(res, 400, { ok: false, message: a });
      if (typeof b === 'string') return this.json(res, 400, { ok: false, message: b });
      try {
        return this.json(res, 200, { a, b, changes: store.diff(a, b) });
      } catch (err) {
        return this.json(res, 404, { ok: false, message: (err as Error).message });
      }
    }
    return this.json(res, 404, { ok: false, message: `no such endpoint GET ${path}` });
  }

  private send(c: Client, msg: ServerMessage): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(msg));
  }

  private accept(ws: WebSocket): void {
    const c: Client = { socket: ws, clientId: null, role: null, projectorId: '', bad: 0 };
    this.clients.add(c);
    const helloTimer = setTimeout(() => {
      if (c.clientId === null) ws.close(4408, 'hello expected');
    }, HELLO_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => {
      const t2 = this.now();
      if (isBinary) return this.dropped('binary WebSocket message');
      const raw = data.toString();
      // A control client (control window, calibration page) that has said hello may send big commands (warp grids).
      const parsed = parseWire(ClientMessageSchema, raw, c.role === 'control' ? MAX_CONTROL_MESSAGE_BYTES : MAX_CLIENT_MESSAGE_BYTES);
      if (!parsed.ok) {
        c.bad++;
        return this.dropped(`${c.clientId ?? 'unidentified client'}: ${parsed.reason}`);
      }
      const m = parsed.value;
      if (c.clientId === null) {
        if (m.type !== 'hello') return this.dropped('first message must be hello');
        if (!tokenMatches(m.token, this.options.token)) {
          ws.close(4401, 'token refused');
          return;
        }
        clearTimeout(helloTimer);
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
          if (c.role !== 'output' && c.role !== 'node') return this.dropped('report from a client that is not an output');
          {
            const { type: _type, ...report } = m;
            this.conductor.report(c.clientId, c.role, report);
          }
          return;
        case 'audioReport': {
          if (c.role !== 'audio') return this.dropped(`audio report from a ${c.role} client`);
          const { type: _type, ...report } = m;
          this.conductor.audioReport(c.clientId, report);
          return;
        }
        case 'command': {
          if (c.role !== 'control') return this.dropped(`command from a ${c.role} client`);
          const r = this.conductor.perform(m.command);
          this.send(c, { type: 'result', ...(m.id !== undefined ? { id: m.id } : {}), ok: r.ok, message: r.message });
          return;
        }
        case 'hello':
          return this.dropped('second hello');
      }
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.clients.delete(c);
      if (c.clientId && (c.role === 'output' || c.role === 'node')) this.conductor.disconnected(c.clientId);
      if (c.clientId && c.role === 'audio') this.conductor.audioDisconnected(c.clientId);
    });
    ws.on('error', (err) => this.dropped(`socket error: ${err.message}`));
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
      if (c.clientId === null || c.socket.readyState !== c.socket.OPEN) continue;
      if (docs) c.socket.send(docs);
      if (language) c.socket.send(language);
      if (patterns) c.socket.send(patterns);
      c.socket.send(msg);
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
      if (c.clientId === null || c.socket.readyState !== c.socket.OPEN) continue;
      if (c.role === 'control' && this.statusTick % 5 === 0) c.socket.send((status ??= JSON.stringify({ type: 'status', status: this.conductor.status() })));
      else if (everySecond && c.role !== 'control') {
        c.socket.send((patterns ??= JSON.stringify(this.patternsMessage())));
        c.socket.send((transport ??= JSON.stringify(this.transportMessage())));
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
    if (this.osc) await new Promise<void>((ok) => this.osc!.close(() => ok()));
    await this.vite?.close();
  }
}
