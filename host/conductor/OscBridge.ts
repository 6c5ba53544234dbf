import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decode } from 'node-osc';
import { commandFromOsc, commandInfo, type Command } from '../../engine/core/protocol/commands.ts';
import type { CommandResult } from './Conductor.ts';
import type { DropReporter } from './DropReporter.ts';
import { addressAllowed, secretMatches, TokenBucket, type Ipv4Range } from './oscPolicy.ts';

/** How the OSC input listens and whom it trusts. */
export interface OscBridgeOptions {
  readonly port: number;
  readonly host: string;
  /** Sender addresses accepted (`--osc-allow`); everything else is dropped. */
  readonly allow: readonly Ipv4Range[];
  /** Shared secret every message must carry as its first argument (`--osc-secret-file`), or null. */
  readonly secret: string | null;
  /** Whether privileged commands (calibration, file writes) are taken over OSC (`--osc-calibration`). */
  readonly privileged: boolean;
  /** Messages a second per sender, and how many may come at once (default 50/s, burst 100). */
  readonly rate?: { readonly perS: number; readonly burst: number };
}

interface Sender {
  readonly bucket: TokenBucket;
  dropped: number;
  burstStartS: number;
  lastDropS: number;
}

/** A burst is over once a sender has been under the limit this long, seconds. */
const BURST_QUIET_S = 1;
/** A burst still going is summed up at least this often, seconds. */
const BURST_REPORT_S = 60;
/** Senders whose rate is tracked at once; the oldest is forgotten beyond it. */
const MAX_SENDERS = 1024;

/** Thrown by `OscBridge.start` when the port cannot be bound: the message says what to do. */
export class OscBindError extends Error {}

/**
 * The OSC input: one UDP socket bound exclusively (no other process can share or take the port),
 * senders checked against the allow-list, rate-limited per address, the shared secret checked in
 * constant time, privileged commands refused unless enabled; what passes is performed. Every drop goes
 * to the DropReporter, so a flood is summed up instead of flooding the log.
 */
export class OscBridge {
  private socket: Socket | null = null;
  private readonly senders = new Map<string, Sender>();
  private readonly perS: number;
  private readonly burst: number;
  /** The port bound, once started. */
  port: number | null = null;

  constructor(
    private readonly options: OscBridgeOptions,
    private readonly perform: (cmd: Command) => CommandResult,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void,
    private readonly drops: DropReporter,
    /** Seconds, monotonic. */
    private readonly now: () => number,
  ) {
    this.perS = options.rate?.perS ?? 50;
    this.burst = options.rate?.burst ?? 100;
  }

  /** Binds the port; throws an OscBindError naming the port and the options when it is taken. */
  async start(): Promise<void> {
    const { port, host } = this.options;
    // reuseAddr off: with it on (node-osc's default) another process could bind the same port and
    // receive the packets meant for the show; off, the kernel refuses any second binding, either way.
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    try {
      await new Promise<void>((ok, fail) => {
        socket.once('error', fail);
        socket.bind({ port, address: host, exclusive: true }, () => {
          socket.off('error', fail);
          ok();
        });
      });
    } catch (err) {
      socket.close();
      throw new OscBindError(bindMessage(err as NodeJS.ErrnoException, port, host));
    }
    socket.on('error', (err) => this.drops.drop('osc', `OSC socket: ${err.message}`));
    socket.on('message', (data, rinfo) => this.receive(data, rinfo));
    this.socket = socket;
    this.port = socket.address().port;
  }

  private receive(data: Buffer, rinfo: RemoteInfo): void {
    const from = rinfo.address;
    if (!addressAllowed(this.options.allow, from)) return this.drops.drop(from, `OSC from ${from}: not in the allow-list (${this.options.allow.map((r) => r.text).join(', ')}); add it with --osc-allow`);
    if (!this.admit(from)) return;
    let decoded: { oscType?: string; address?: unknown; args?: { value: unknown }[] };
    try {
      decoded = decode(data) as typeof decoded;
    } catch (err) {
      return this.drops.drop(from, `OSC from ${from}: not an OSC packet (${(err as Error).message})`);
    }
    if (decoded.oscType === 'bundle') return this.drops.drop(from, `OSC from ${from}: bundles are not accepted; send single messages`);
    const address = decoded.address;
    if (decoded.oscType !== 'message' || typeof address !== 'string') return this.drops.drop(from, `OSC from ${from}: message without an address`);
    let args = (decoded.args ?? []).map((a) => a.value);
    if (this.options.secret !== null) {
      if (!secretMatches(args[0], this.options.secret)) return this.drops.drop(from, `OSC from ${from} ${address}: refused: the first argument must be the shared secret (--osc-secret-file)`);
      args = args.slice(1);
    }
    const r = commandFromOsc(address, args);
    if (!r.ok) return this.drops.drop(from, `OSC ${r.reason} (from ${from})`);
    if (commandInfo(r.command.command).privileged && !this.options.privileged) {
      return this.drops.drop(from, `OSC from ${from} ${address}: refused: calibration and file-writing commands are off over OSC (OSC carries no token and UDP senders can be spoofed); start the conductor with --osc-calibration to take them`);
    }
    const result = this.perform(r.command);
    this.log(result.ok ? 'info' : 'warn', `OSC ${address}: ${result.message}`);
  }

  /** The sender's token bucket: false (and counted in its burst) when it is over the rate. */
  private admit(from: string): boolean {
    const t = this.now();
    let s = this.senders.get(from);
    if (!s) {
      if (this.senders.size >= MAX_SENDERS) this.senders.delete(this.senders.keys().next().value!);
      s = { bucket: new TokenBucket(this.perS, this.burst), dropped: 0, burstStartS: t, lastDropS: t };
      this.senders.set(from, s);
    }
    if (s.bucket.take(t)) return true;
    if (s.dropped === 0) s.burstStartS = t;
    s.dropped++;
    s.lastDropS = t;
    return false;
  }

  /** Sums up finished bursts (and long ones every minute), one line each with the count. Call it regularly. */
  tick(): void {
    const t = this.now();
    for (const [from, s] of this.senders) {
      if (s.dropped === 0) continue;
      const over = t - s.lastDropS >= BURST_QUIET_S;
      if (!over && t - s.burstStartS < BURST_REPORT_S) continue;
      this.log('warn', `OSC from ${from}: ${s.dropped} message${s.dropped === 1 ? '' : 's'} dropped over the rate limit (${this.perS}/s, burst ${this.burst}) in ${(s.lastDropS - s.burstStartS).toFixed(1)} s${over ? '' : ', still going'}`);
      s.dropped = 0;
      s.burstStartS = t;
    }
  }

  /** Closes the socket. */
  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (s) await new Promise<void>((ok) => s.close(() => ok()));
  }
}

function bindMessage(err: NodeJS.ErrnoException, port: number, host: string): string {
  const options = `choose another port with --osc-port N, or start without OSC with --osc-port off`;
  if (err.code === 'EADDRINUSE') return `OSC port ${port} (udp, ${host}) is already in use by another program (perhaps another conductor): the conductor must have it to itself, so show-control messages cannot go astray. Stop that program, ${options}.`;
  if (err.code === 'EACCES') return `OSC port ${port} (udp, ${host}) needs privileges this user does not have: ${options}.`;
  if (err.code === 'EADDRNOTAVAIL') return `OSC cannot listen on ${host}: it is not an address of this machine (--osc-host); or ${options}.`;
  return `OSC port ${port} (udp, ${host}) could not be opened (${err.message}): ${options}.`;
}
