import { createServer as createHttpServer, type Server } from 'node:http';
import type { ProfileStore } from '../profiles/ProfileStore.ts';
import { setSecurityHeaders } from '../server/securityHeaders.ts';
import { AccessTokens } from './access.ts';
import { DEFAULT_SEND_LIMITS, type SendLimits } from './ClientChannel.ts';
import type { Conductor } from './Conductor.ts';
import { DropReporter } from './DropReporter.ts';
import { escapeForLog } from './escapeForLog.ts';
import { HttpApi } from './HttpApi.ts';
import { OscBridge } from './OscBridge.ts';
import { DEFAULT_OSC_ALLOW, parseAllowList, type Ipv4Range } from './oscPolicy.ts';
import { PageHub, type ClientStats } from './PageHub.ts';
import { startPageServing, type PageServing, type PagesMode } from './pageServing.ts';

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
  readonly pages?: PagesMode;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Per-client send limits and heartbeat (default DEFAULT_SEND_LIMITS: 1 MiB soft, 16 MiB hard, 30 s behind, ping every 5 s). */
  readonly sendLimits?: Partial<SendLimits>;
  /** The profile file's version store (GET /api/profile/versions and /api/profile/diff); none: those answer 404. */
  readonly profileStore?: ProfileStore;
}

/**
 * The conductor's network face, composed of adapters over one Conductor: the HTTP control API
 * (`HttpApi`), the WebSocket hub for pages (`PageHub`), the OSC input (`OscBridge`) and the pages and
 * assets (`pageServing`). It starts and stops them together and, on each tick of the conductor's
 * clock, lets them send what is due.
 */
export class ConductorServer {
  private http: Server | null = null;
  private hub: PageHub | null = null;
  private osc: OscBridge | null = null;
  private pages: PageServing | null = null;
  private stopTicks: (() => void) | null = null;
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
    this.hub = new PageHub(this.conductor, this.access, { ...DEFAULT_SEND_LIMITS, ...this.options.sendLimits }, this.log, this.drops, this.now);
    // Cues fire on the conductor's own clock; on each tick the adapters send what is due (a page that missed a message heals).
    this.stopTicks = this.conductor.onTick(() => {
      this.hub?.tick();
      this.osc?.tick();
      this.drops.flush();
    });
  }

  private async startHttp(): Promise<void> {
    const mode = this.options.pages ?? 'built';
    const pages = await startPageServing(mode, this.options.assetRoot, (m) => this.log('info', m));
    this.pages = pages;
    const api = new HttpApi(this.conductor, this.access, this.options.profileStore);
    const http = createHttpServer((req, res) => {
      setSecurityHeaders(res, mode === 'dev');
      if ((req.url ?? '').startsWith('/api/')) return void api.handle(req, res);
      pages.handle(req, res);
    });
    http.on('upgrade', (req, socket, head) => {
      if (this.hub) this.hub.upgrade(req, socket, head);
      else socket.destroy();
    });
    this.http = http;
    await new Promise<void>((ok, fail) => {
      http.once('error', fail);
      http.listen(this.options.port, this.options.host, () => ok());
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

  /** What each connected client holds in memory here (the backpressure accounting). */
  clientStats(): ClientStats[] {
    return this.hub?.clientStats() ?? [];
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.stopTicks?.();
    this.hub?.close();
    await new Promise<void>((ok) => (this.http ? this.http.close(() => ok()) : ok()));
    this.http?.closeAllConnections?.();
    await this.osc?.stop();
    await this.pages?.close();
  }
}
