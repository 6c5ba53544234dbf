/** What to do after an output's renderer died: reload it after a pause, or stop trying. */
export type RecoveryDecision = { action: 'reload'; delayMs: number } | { action: 'give-up'; message: string };

/** Severity of a recovery log entry. */
export type RecoveryLevel = 'info' | 'warn' | 'error';

/** One line of the recovery log, shown in the control window. */
export interface RecoveryEvent {
  epochMs: number;
  projectorId: string;
  level: RecoveryLevel;
  message: string;
}

/** Limits of a {@link RecoveryPolicy}; every field has a default. */
export interface RecoveryOptions {
  /** Crashes within `windowMs` after which the output is given up (default 5). */
  maxCrashes?: number;
  /** Sliding window for `maxCrashes`, ms (default 60 000). */
  windowMs?: number;
  /** Delay before the first reload, ms; doubles with each crash (default 250). */
  baseDelayMs?: number;
  /** Longest delay before a reload, ms (default 5 000). */
  maxDelayMs?: number;
  /** Time without a crash after which the backoff starts again from `baseDelayMs`, ms (default 60 000). */
  stableMs?: number;
  /** Log entries kept; older ones are dropped (default 200). */
  maxLogEntries?: number;
}

interface OutputState {
  crashesMs: number[];
  sinceStable: number;
  lastCrashMs: number;
  givenUp: string | null;
}

/**
 * Decides how an output recovers when its renderer dies: reloads with exponential backoff (250 ms,
 * 500, 1000, … capped at 5 s) and gives up after 5 crashes within 60 s, per projector. Time is always
 * an argument, so tests and replays decide the clock.
 */
export class RecoveryPolicy {
  private readonly maxCrashes: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly stableMs: number;
  private readonly maxLogEntries: number;
  private readonly outputs = new Map<string, OutputState>();
  private readonly log: RecoveryEvent[] = [];

  constructor(options: RecoveryOptions = {}) {
    this.maxCrashes = positive(options.maxCrashes ?? 5, 'maxCrashes');
    this.windowMs = positive(options.windowMs ?? 60_000, 'windowMs');
    this.baseDelayMs = positive(options.baseDelayMs ?? 250, 'baseDelayMs');
    this.maxDelayMs = positive(options.maxDelayMs ?? 5_000, 'maxDelayMs');
    this.stableMs = positive(options.stableMs ?? 60_000, 'stableMs');
    this.maxLogEntries = positive(options.maxLogEntries ?? 200, 'maxLogEntries');
  }

  /** Records that a projector's renderer died (`reason`: Electron's, e.g. "crashed", "oom", or "unresponsive") and decides what to do. */
  onCrash(projectorId: string, epochMs: number, reason: string): RecoveryDecision {
    const s = this.state(projectorId);
    if (s.givenUp !== null) return { action: 'give-up', message: s.givenUp };
    s.crashesMs = s.crashesMs.filter((t) => epochMs - t < this.windowMs);
    s.crashesMs.push(epochMs);
    s.sinceStable += 1;
    s.lastCrashMs = epochMs;
    if (s.crashesMs.length >= this.maxCrashes) {
      s.givenUp =
        `Output ${projectorId} stopped: its renderer failed ${s.crashesMs.length} times within ${seconds(this.windowMs)} (last: ${reason}). ` +
        'It is not reloaded again; check the graphics driver and the output page, then reload it from the control window.';
      this.record({ epochMs, projectorId, level: 'error', message: s.givenUp });
      return { action: 'give-up', message: s.givenUp };
    }
    // Doubling from the first crash since the output was last stable; the exponent is bounded so it never overflows.
    const delayMs = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(s.sinceStable - 1, 30));
    this.record({ epochMs, projectorId, level: 'warn', message: `Output ${projectorId}: renderer ${reason}; reloading in ${delayMs} ms (${s.crashesMs.length} of ${this.maxCrashes} allowed within ${seconds(this.windowMs)}).` });
    return { action: 'reload', delayMs };
  }

  /**
   * Tells the policy an output is running at `epochMs`. Once it has run `stableMs` since its last crash,
   * the backoff and the crash count start again. Returns true when that happened. Outputs given up
   * stay given up until {@link reset}.
   */
  onStable(projectorId: string, epochMs: number): boolean {
    const s = this.outputs.get(projectorId);
    if (s === undefined || s.givenUp !== null || s.sinceStable === 0 || epochMs - s.lastCrashMs < this.stableMs) return false;
    s.crashesMs = [];
    s.sinceStable = 0;
    this.record({ epochMs, projectorId, level: 'info', message: `Output ${projectorId} has run ${seconds(epochMs - s.lastCrashMs)} without a crash.` });
    return true;
  }

  /** Forgets an output's crashes, e.g. when the operator reloads it by hand after a give-up. */
  reset(projectorId: string, epochMs: number): void {
    this.outputs.delete(projectorId);
    this.record({ epochMs, projectorId, level: 'info', message: `Output ${projectorId}: recovery reset by the operator.` });
  }

  /** True when the policy gave up on the output. */
  isGivenUp(projectorId: string): boolean {
    return (this.outputs.get(projectorId)?.givenUp ?? null) !== null;
  }

  /** Adds a line to the log (the shell records GPU and display events here too). */
  record(event: RecoveryEvent): void {
    this.log.push({ ...event });
    if (this.log.length > this.maxLogEntries) this.log.splice(0, this.log.length - this.maxLogEntries);
  }

  /** The log, oldest first (copies: callers cannot change the policy's history). */
  events(): RecoveryEvent[] {
    return this.log.map((e) => ({ ...e }));
  }

  private state(projectorId: string): OutputState {
    let s = this.outputs.get(projectorId);
    if (s === undefined) {
      s = { crashesMs: [], sinceStable: 0, lastCrashMs: -Infinity, givenUp: null };
      this.outputs.set(projectorId, s);
    }
    return s;
  }
}

function positive(v: number, name: string): number {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`RecoveryPolicy: ${name} must be a positive number, got ${v}`);
  return v;
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
