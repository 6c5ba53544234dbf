import type { SubtitleLine } from '../audio/subtitles.ts';
import type { TestPattern } from './commands.ts';

/** The calibration state of the conductor (status `calibration`). */
export interface CalibrationStatus {
  /** Calibration lock ("show mode"): on at start; calibration commands are refused while on. */
  readonly locked: boolean;
  /** The working profile differs from the last saved version. */
  readonly dirty: boolean;
  /** Version of the profile file the working profile started from (its last save or rollback), or null when it has no history yet. */
  readonly version: number | null;
  /** Projectors showing a test pattern or Gray-code frame; those not listed show the show. */
  readonly patterns: Readonly<Record<string, TestPattern>>;
}

/** An audio file a clip cannot play (missing, undecodable, truncated, offset past its end): the clip is silent, the show runs. */
export interface AudioFileProblem {
  readonly clipId: string;
  /** Asset path as written in the show. */
  readonly file: string;
  readonly reason: string;
}

/** What the conductor reports to control windows (GET /api/status and 'status' messages). */
export interface ConductorStatus {
  readonly show: {
    readonly id: string;
    readonly title: string;
    readonly file: string;
    readonly durationS: number;
    readonly chapters: readonly { readonly id: string; readonly title: string; readonly startS: number }[];
  };
  readonly profile: { readonly id: string; readonly name: string; readonly file: string; readonly projectors: readonly string[] };
  readonly transport: {
    readonly status: 'stopped' | 'playing' | 'paused';
    readonly showS: number;
    readonly rate: number;
    readonly chapterIndex: number;
    readonly ended: boolean;
  };
  readonly blackout: boolean;
  /** Language of the current showing. */
  readonly language: string;
  /** Language queued for the next showing (set while a showing is under way), or null. */
  readonly nextLanguage: string | null;
  /** Languages the show offers, in the show's order. */
  readonly languages: readonly string[];
  /** Subtitles on screen now in the showing's language (empty between narrations). */
  readonly subtitles: readonly SubtitleLine[];
  /** Audio files found unplayable when the show was loaded, one entry per clip and file. */
  readonly audioProblems: readonly AudioFileProblem[];
  /** Conductor clock (shared epoch), seconds. */
  readonly epochS: number;
  /** One entry per output page and projector (a preview: one per tile) or render node; gone ones stay 10 s, marked disconnected. */
  readonly outputs: readonly OutputStatus[];
  /** The audio page's last report; absent until an audio page has connected. */
  readonly audio?: AudioStatus;
  /** Calibration lock, unsaved changes, profile version and test patterns. */
  readonly calibration: CalibrationStatus;
  /** Recent notable events (page reloaded, GPU lost, bad message dropped), newest last. */
  readonly events: readonly { readonly epochS: number; readonly level: 'info' | 'warn' | 'error'; readonly message: string }[];
}

/** The last report of one output. */
export interface OutputStatus {
  readonly clientId: string;
  readonly projectorId: string;
  readonly role: 'output' | 'node';
  readonly fps: number;
  readonly droppedFrames: number;
  readonly offsetMs: number;
  readonly errorBoundMs: number;
  readonly lastShowS: number;
  /** Conductor epoch at which that frame was to be seen (a refresh or more after it was drawn). */
  readonly lastEpochS?: number;
  /** Frames the page has rendered since it loaded (0 until its first frame). */
  readonly frames: number;
  /** Frames a second the page aims at (its display's refresh, or its frame cap), when it says. */
  readonly targetFps?: number;
  /** Frames dropped between its last two reports, when it says. */
  readonly recentDropped?: number;
  /** True for one tile of a preview window (one page tiling several projectors). */
  readonly preview?: boolean;
  /** Seconds since its last report (a stale output is in trouble). */
  readonly ageS: number;
  readonly connected: boolean;
}

/** What the audio page (web/audio) last reported. */
export interface AudioStatus {
  /** loading (documents or files), suspended (the browser holds sound until a click), running, failed. */
  readonly state: 'loading' | 'suspended' | 'running' | 'failed';
  /** Language of the voices it plays. */
  readonly language: string;
  readonly clipsLoaded: number;
  /** Clips left silent: their file is missing or undecodable (the show runs without them). */
  readonly clipsFailed: readonly { readonly clipId: string; readonly file: string; readonly reason: string }[];
  /** Output latency compensated by the clock map, ms. */
  readonly contextLatencyMs: number;
  /** Audio clock rate against the shared epoch, ppm. */
  readonly clockRatePpm: number;
  /** Largest position error of a running clip over the last second, ms. */
  readonly driftMs: number;
  readonly lastShowS: number;
  /** Seconds since its last report. */
  readonly ageS: number;
  readonly connected: boolean;
}
