import type { OutputStatus } from '../../engine/core/protocol/status.ts';

/**
 * Notices output windows whose page has died without its process exiting (a crashed renderer shows a
 * "sad tab"; a hung one stops reporting): an output that has reported before and then stays silent or
 * disconnected for `silentS` is due for a restart. Pure: time comes in as an argument.
 */
export class OutputWatchdog {
  private readonly seen = new Map<string, number>();
  private readonly restarted = new Map<string, number>();

  constructor(private readonly silentS = 5) {}

  /**
   * Given the windows to watch (window name → the projector id its page reports, "all" for a preview)
   * and the latest output statuses, returns the window names to restart now.
   */
  check(windows: ReadonlyMap<string, string>, outputs: readonly OutputStatus[], nowS: number): string[] {
    const due: string[] = [];
    for (const [name, projectorId] of windows) {
      const mine = outputs.filter((o) => o.projectorId === projectorId);
      // When this window's page last reported (its newest report, connected or not).
      const lastReport = mine.reduce((t, o) => Math.max(t, nowS - o.ageS), this.seen.get(name) ?? -Infinity);
      if (mine.length > 0) this.seen.set(name, lastReport);
      if (lastReport === -Infinity) continue; // never came up: the start-up path reports that
      const alive = mine.some((o) => o.connected) && nowS - lastReport < this.silentS;
      if (alive) continue;
      const lastRestart = this.restarted.get(name) ?? -Infinity;
      if (nowS - lastReport >= this.silentS && nowS - lastRestart >= this.silentS * 2) {
        this.restarted.set(name, nowS);
        due.push(name);
      }
    }
    return due;
  }
}
