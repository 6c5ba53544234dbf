import { localEpochS, type ConductorLink } from '../shared/conductorLink.ts';

/** The frame statistics a report carries (FrameLoop). */
export interface FrameStats {
  readonly dropped: number;
  readonly targetFps: number;
}

/**
 * The output page's report to the conductor: once a second whether it draws or holds its picture (the
 * runtime's watchdog takes a silent page for a dead one), and at once on the first frame in sync (the
 * conductor and the runtime's start-up and recovery checks wait for it). A preview reports once per
 * tile, so the control window lists every projector it shows.
 */
export class OutputReporter {
  private framesThisSecond = 0;
  private lastReport = 0;
  /** Dropped frames at the previous report (the report carries those dropped since). */
  private droppedAtReport = 0;
  private reportedSynced = false;
  /** The first frame in sync was drawn and not reported yet. */
  private firstSyncedPending = false;

  constructor(
    private readonly link: ConductorLink,
    /** The page's projector, or 'all' for the preview. */
    private readonly projectorId: string,
  ) {}

  /** A frame was presented on time: drawn, or (held, stopped) the last image kept on screen. */
  presented(): void {
    this.framesThisSecond++;
  }

  /** A frame was drawn in sync with the conductor's clock: the first one is reported at once. */
  drewSynced(): void {
    if (!this.reportedSynced) this.firstSyncedPending = this.reportedSynced = true;
  }

  /** Reports if a second has passed (or the first synced frame is pending): `frames` drawn so far, `tiles` the projectors shown. */
  reportIfDue(showS: number, epochS: number, frames: number, stats: FrameStats, tiles: readonly string[]): void {
    const now = localEpochS();
    if (now - this.lastReport < 1 && !this.firstSyncedPending) return;
    this.firstSyncedPending = false;
    // The first report counts from the first frame, not from the epoch's origin.
    const fps = this.framesThisSecond / (this.lastReport > 0 ? now - this.lastReport || 1 : 1);
    this.framesThisSecond = 0;
    this.lastReport = now;
    const dropped = stats.dropped;
    const recentDropped = dropped - this.droppedAtReport;
    this.droppedAtReport = dropped;
    const est = this.link.estimate;
    const preview = this.projectorId === 'all';
    const targetFps = stats.targetFps;
    for (const id of tiles) {
      this.link.send({
        type: 'report',
        projectorId: preview ? id : this.projectorId,
        fps: Math.min(1000, fps),
        droppedFrames: dropped,
        offsetMs: (est?.offsetS ?? 0) * 1000,
        errorBoundMs: (est?.errorBoundS ?? 0) * 1000,
        lastShowS: showS,
        lastEpochS: epochS,
        frames,
        targetFps,
        recentDropped,
        ...(preview ? { preview: true } : {}),
      });
      if (!preview) break;
    }
  }
}
