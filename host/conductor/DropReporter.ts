/** How bad input is reported: a window of time, and how many lines each sender gets in it. */
export interface DropReportLimits {
  /** Length of a reporting window, seconds (default 60). */
  readonly windowS: number;
  /** Lines reported per sender per window before the rest are only counted (default 5). */
  readonly perSender: number;
  /** Senders tracked by name per window; beyond it they share one count (spoofed addresses cannot grow it). */
  readonly maxSenders: number;
}

const DEFAULTS: DropReportLimits = { windowS: 60, perSender: 5, maxSenders: 64 };

/**
 * Reports dropped bad input without letting a flood flood the log or silence it for good: in each
 * window the first few drops of every sender are reported, the rest counted, and one summary line
 * ("N more dropped in the last minute") closes the window. Each sender has its own allowance, so a
 * noisy one never hides another's first problem. Time is an argument (`now`, seconds).
 */
export class DropReporter {
  private readonly limits: DropReportLimits;
  private windowStartS: number | null = null;
  private readonly reported = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly report: (line: string) => void,
    private readonly now: () => number,
    limits: Partial<DropReportLimits> = {},
  ) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** Records one dropped input from `sender` (a client id or an address) and why. */
  drop(sender: string, reason: string): void {
    this.flush();
    this.windowStartS ??= this.now();
    const key = this.reported.has(sender) || this.reported.size < this.limits.maxSenders ? sender : 'other senders';
    const n = (this.reported.get(key) ?? 0) + 1;
    this.reported.set(key, n);
    if (n <= this.limits.perSender) this.report(`dropped: ${reason}`);
    else this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
  }

  /** Closes the window once it is over: one summary line if anything was only counted. Call it regularly. */
  flush(): void {
    if (this.windowStartS === null || this.now() - this.windowStartS < this.limits.windowS) return;
    const total = [...this.suppressed.values()].reduce((s, n) => s + n, 0);
    if (total > 0) {
      const top = [...this.suppressed].sort((a, b) => b[1] - a[1]);
      const named = top.slice(0, 5).map(([k, n]) => `${k}: ${n}`).join(', ');
      const window = this.limits.windowS === 60 ? 'the last minute' : `the last ${this.limits.windowS} s`;
      this.report(`dropped: ${total} more in ${window} (${named}${top.length > 5 ? `, and ${top.length - 5} more senders` : ''})`);
    }
    this.windowStartS = null;
    this.reported.clear();
    this.suppressed.clear();
  }
}
