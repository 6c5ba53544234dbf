/** Options of the drift corrector. */
export interface DriftCorrectorOptions {
  /** Error (ms) beyond which the corrector starts to act (default 1). */
  readonly thresholdMs?: number;
  /** Error (ms) below which it stops again (default a quarter of the threshold): hysteresis, so it does not chatter. */
  readonly releaseMs?: number;
  /** Largest change of playback rate, as a fraction (default 0.001 = 0.1 %, 1.7 cents: inaudible). */
  readonly maxCorrection?: number;
  /** Time the correction aims to remove the error in (s, default 2); the bound above may make it slower. */
  readonly timeConstantS?: number;
}

/**
 * Keeps a playing voice on the shared clock without an audible jump: given the voice's measured
 * position error it returns a playback-rate factor within 1 ± 0.1 % that pulls the error back, and
 * exactly 1 while the error stays under the threshold. Proportional with hysteresis: the factor is a
 * function of the current error and of whether a correction is under way, never of elapsed time, so
 * update timing does not matter. The voice is never re-seeked.
 */
export class DriftCorrector {
  private readonly thresholdMs: number;
  private readonly releaseMs: number;
  private readonly maxCorrection: number;
  private readonly timeConstantS: number;
  private correcting = false;

  constructor(options: DriftCorrectorOptions = {}) {
    this.thresholdMs = options.thresholdMs ?? 1;
    this.releaseMs = Math.min(options.releaseMs ?? this.thresholdMs / 4, this.thresholdMs);
    this.maxCorrection = Math.min(Math.abs(options.maxCorrection ?? 0.001), 0.01);
    this.timeConstantS = Math.max(options.timeConstantS ?? 2, 1e-3);
  }

  /** Whether a correction is under way. */
  get active(): boolean {
    return this.correcting;
  }

  /**
   * The playback-rate factor for a measured error: `errorMs` = where the voice is in its source minus
   * where the shared clock says it should be, in ms (positive: the sound is early, so it slows down).
   * Multiply the voice's nominal rate (the show rate) by the result.
   */
  update(errorMs: number): number {
    if (!Number.isFinite(errorMs)) return 1;
    const size = Math.abs(errorMs);
    if (this.correcting ? size <= this.releaseMs : size <= this.thresholdMs) {
      this.correcting = false;
      return 1;
    }
    this.correcting = true;
    const c = -errorMs / 1000 / this.timeConstantS;
    const m = this.maxCorrection;
    return 1 + (c > m ? m : c < -m ? -m : c);
  }

  /** Forgets a correction under way (after a seek or a restart, when the error starts again from 0). */
  reset(): void {
    this.correcting = false;
  }
}
