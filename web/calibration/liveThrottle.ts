/** Live updates per key at most this often (ms): about 20 a second. */
export const LIVE_INTERVAL_MS = 50;

/** The timer functions a throttle uses (the page's own; tests may pass the same). */
export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const pageClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Sends the latest value per key at most once per interval: the first change goes at once, changes
 * inside the interval are folded into one trailing send of the newest value, so the final value is
 * always sent. Keys are independent (a warp drag never swallows a blend change).
 */
export class LiveThrottle<T> {
  private readonly lastSentMs = new Map<string, number>();
  private readonly pending = new Map<string, { value: T; timer: unknown }>();

  constructor(
    private readonly send: (key: string, value: T) => void,
    private readonly intervalMs = LIVE_INTERVAL_MS,
    private readonly clock: ThrottleClock = pageClock,
  ) {}

  /** Queues `value` for `key`. */
  push(key: string, value: T): void {
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.value = value;
      return;
    }
    const now = this.clock.now();
    const wait = (this.lastSentMs.get(key) ?? -Infinity) + this.intervalMs - now;
    if (wait <= 0) {
      this.emit(key, value);
      return;
    }
    const entry = { value, timer: null as unknown };
    entry.timer = this.clock.setTimeout(() => {
      this.pending.delete(key);
      this.emit(key, entry.value);
    }, wait);
    this.pending.set(key, entry);
  }

  /** Sends every waiting value now. */
  flush(): void {
    for (const [key, entry] of [...this.pending]) {
      this.clock.clearTimeout(entry.timer);
      this.pending.delete(key);
      this.emit(key, entry.value);
    }
  }

  /** True while a value waits for its slot. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  private emit(key: string, value: T): void {
    this.lastSentMs.set(key, this.clock.now());
    this.send(key, value);
  }
}
