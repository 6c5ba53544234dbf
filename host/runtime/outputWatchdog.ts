import type { OutputStatus } from '../../engine/core/protocol/status.ts';

/** A window the watchdog watches: the projectors its page reports, and whether it is a preview (its reports say `preview`). */
export interface WatchedWindow {
  readonly projectorIds: readonly string[];
  readonly preview: boolean;
}

/** Seconds a restarted window is given to report again before it is judged (a cold page on software GL takes 10–20 s). */
export const RESTART_GRACE_S = 60;

/** Seconds a page whose socket is still open may stay silent before it is taken as hung: one frame on software GL (a shader compiled, a big content target) can hold the main thread for several seconds. */
export const HUNG_S = 15;

/**
 * Notices output windows whose page has died without its process exiting (a crashed renderer shows a
 * "sad tab"; a hung one stops reporting). Liveness is judged on reports and the socket, not on new
 * frames: a page reports every second whether it draws or holds its picture (a held or stopped show,
 * a blackout). An output that has reported before is due for a restart once its socket has been gone
 * for `silentS`, or once it has been silent for `hungS` with its socket still open (hung, or a page
 * busy that long is as bad). A restarted window is left alone until it reports again or `graceS`
 * passes. Pure: time comes in as an argument.
 */
export class OutputWatchdog {
  private readonly seen = new Map<string, number>();
  private readonly restarted = new Map<string, number>();

  constructor(
    private readonly silentS = 5,
    private readonly graceS = RESTART_GRACE_S,
    private readonly hungS = Math.max(silentS, HUNG_S),
  ) {}

  /**
   * Given the windows to watch (window name → the projector ids its page reports: one for a projector's
   * window, every tiled one for a preview) and the latest output statuses, returns the window names to
   * restart now. A preview's reports are told from a projector window's by their `preview` flag.
   */
  check(windows: ReadonlyMap<string, WatchedWindow>, outputs: readonly OutputStatus[], nowS: number): string[] {
    const due: string[] = [];
    for (const [name, w] of windows) {
      const mine = outputs.filter((o) => w.projectorIds.includes(o.projectorId) && (o.preview === true) === w.preview);
      // When this window's page last reported (its newest report, connected or not).
      const lastReport = mine.reduce((t, o) => Math.max(t, nowS - o.ageS), this.seen.get(name) ?? -Infinity);
      if (mine.length > 0) this.seen.set(name, lastReport);
      if (lastReport === -Infinity) continue; // never came up: the start-up path reports that
      const connected = mine.some((o) => o.connected);
      const limitS = connected ? this.hungS : this.silentS;
      if (nowS - lastReport < limitS) continue;
      const lastRestart = this.restarted.get(name) ?? -Infinity;
      // Restarted and not reported since: its new page is still starting.
      if (lastRestart >= lastReport && nowS - lastRestart < this.graceS) continue;
      this.restarted.set(name, nowS);
      due.push(name);
    }
    return due;
  }

  /** Forgets a window's history (the operator reopened it): it is judged afresh once it reports. */
  forget(name: string): void {
    this.seen.delete(name);
    this.restarted.delete(name);
  }
}
