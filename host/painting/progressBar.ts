/** Formats seconds as "42 s", "3 min 05 s" or "1 h 02 min". */
export function formatDuration(s: number): string {
  const r = Math.max(0, Math.round(s));
  if (r < 60) return `${r} s`;
  if (r < 3600) return `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, '0')} s`;
  return `${Math.floor(r / 3600)} h ${String(Math.floor((r % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * One progress line: bar, percentage, count, elapsed and the time left at the rate so far. Until 1 %
 * is done and 2 s have passed there is no honest estimate, and it says so.
 */
export function progressLine(done: number, total: number, elapsedS: number, barWidth = 30): string {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(f * barWidth);
  const bar = '#'.repeat(filled) + '.'.repeat(barWidth - filled);
  const eta = done >= total ? 'done' : f >= 0.01 && elapsedS >= 2 ? `about ${formatDuration((elapsedS / done) * (total - done))} left` : 'estimating time left…';
  return `[${bar}] ${(f * 100).toFixed(0).padStart(3)}%  ${done}/${total} tiles  ${formatDuration(elapsedS)} elapsed, ${eta}`;
}

/**
 * A progress bar on a stream (stderr): redrawn in place on a terminal; elsewhere (logs, pipes) one
 * line each time another 10 % is done, so a log stays readable.
 */
export class ProgressBar {
  private lastDecile = -1;
  private readonly startMs: number;

  constructor(
    private readonly out: { write(s: string): unknown; isTTY?: boolean },
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startMs = now();
  }

  /** Shows done / total. */
  update(done: number, total: number): void {
    const line = `${this.label} ${progressLine(done, total, (this.now() - this.startMs) / 1000)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = total > 0 ? Math.floor((10 * done) / total) : 0;
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      this.out.write(line + '\n');
    }
  }

  /** Ends the bar's line on a terminal. */
  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
