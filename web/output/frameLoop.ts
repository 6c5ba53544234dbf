import { FrameIntervals } from './frameIntervals.ts';
import { refreshRateHz } from './refreshRate.ts';

/** What the loop asks of its page every refresh. */
export interface FrameTarget {
  /** Something to draw (documents loaded, a transport known, tiles built). */
  ready(): boolean;
  /** A frame is presented at rAF time `ts` (ms): draw it, or keep the last picture. */
  present(ts: number): void;
}

/**
 * The output page's requestAnimationFrame loop and its statistics: the refresh period as measured
 * (median interval), frames dropped (an interval over 1.5 periods), the display's refresh rate (from
 * the shortest interval) and an optional cap on presented frames per second.
 */
export class FrameLoop {
  private readonly intervals = new FrameIntervals();
  private lastTs = 0;
  private lastPresentTs = 0;
  /** Shortest rAF interval seen, ms (the display's refresh; see refreshRateHz). */
  private shortestIntervalMs = Infinity;
  private droppedFrames = 0;

  constructor(
    private readonly target: FrameTarget,
    /** Cap on presented frames per second (previews and tests on software GL; 0 = every refresh). */
    private readonly maxFps = 0,
  ) {
    requestAnimationFrame((ts) => this.frame(ts));
  }

  /** The refresh period as measured (ms): the median of the last frame intervals. */
  get intervalMs(): number {
    return this.intervals.ms;
  }

  /** Frames dropped since the page loaded. */
  get dropped(): number {
    return this.droppedFrames;
  }

  /** Frames a second this page aims at: its display's refresh, or its cap when lower. */
  get targetFps(): number {
    const refresh = refreshRateHz(this.shortestIntervalMs);
    return this.maxFps > 0 ? Math.min(this.maxFps, refresh) : refresh;
  }

  private frame(ts: number): void {
    requestAnimationFrame((t) => this.frame(t));
    if (this.lastTs > 0) {
      const dt = ts - this.lastTs;
      this.intervals.add(dt);
      if (dt > this.intervals.ms * 1.5) this.droppedFrames += Math.round(dt / this.intervals.ms) - 1;
      // Under 4 ms is two callbacks for one refresh (a page coming back from a stall), not a refresh rate.
      if (dt >= 4 && dt < this.shortestIntervalMs) this.shortestIntervalMs = dt;
    }
    this.lastTs = ts;
    if (!this.target.ready()) return;
    if (this.maxFps > 0 && ts - this.lastPresentTs < 1000 / this.maxFps - 1) return;
    this.lastPresentTs = ts;
    this.target.present(ts);
  }
}
