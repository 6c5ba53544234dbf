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
  /** Conductor clock (shared epoch), seconds. */
  readonly epochS: number;
  /** One entry per connected output page or render node. */
  readonly outputs: readonly OutputStatus[];
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
  /** Frames the page has rendered since it loaded (0 until its first frame). */
  readonly frames: number;
  /** Seconds since its last report (a stale output is in trouble). */
  readonly ageS: number;
  readonly connected: boolean;
}
