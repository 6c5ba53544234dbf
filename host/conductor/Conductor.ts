import type { TransportState } from '../../engine/core/clock/transport.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Command, CommandResult, TestPattern } from '../../engine/core/protocol/commands.ts';
import type { AudioFileProblem, CalibrationStatus, ConductorStatus } from '../../engine/core/protocol/status.ts';
import { Showing } from '../../engine/core/show/Showing.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import type { TimelineEvent } from '../../engine/core/timeline/compileShow.ts';
import type { ActionContext, OutputWindows, ShowLoader } from './actions/ActionContext.ts';
import { performAction } from './actions/actions.ts';
import { CalibrationSession, type ProfileVersions, type ProjectorChange } from './CalibrationSession.ts';
import { ClientHealth, type AudioReport } from './ClientHealth.ts';
import { conductorStatus } from './conductorStatus.ts';
import { EventLog } from './EventLog.ts';
import type { OutputReport } from './OutputRecords.ts';

export type { CommandResult } from '../../engine/core/protocol/commands.ts';
export type { OutputWindows, ShowLoader } from './actions/ActionContext.ts';
export { CALIBRATION_LOCKED_MESSAGE, grayCodeBitCount, type ProfileVersions, type ProjectorChange } from './CalibrationSession.ts';

/** The documents a conductor runs. */
export interface ConductorDocuments {
  readonly show: Show;
  readonly showFile: string;
  readonly profile: Profile;
  readonly profileFile: string;
}

type Listener = () => void;

/** How often the conductor's clock ticks while anyone listens to it, ms: cues fire and state is re-sent. */
export const TICK_MS = 100;

/**
 * The one show clock and its state, composed of small parts: the showing (transport, cues, language),
 * the calibration session (lock, patterns, working profile and its versions), the clients' health,
 * the event log and blackout. Operator commands are registered actions (`actions/`), performed here
 * and nowhere else; the network adapters only carry them. The clock is injected (`now`, shared-epoch
 * seconds), so it is tested without waiting; the conductor's own timer ticks while anyone listens
 * (`onTick`).
 */
export class Conductor {
  private readonly showing: Showing;
  private showFile: string;
  private audioFileProblems: readonly AudioFileProblem[] = [];
  private blackoutOn = false;
  private generationNow = 0;
  private readonly session: CalibrationSession;
  private readonly log = new EventLog();
  private readonly health = new ClientHealth(this.log);
  private outputWindows: OutputWindows | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly tickListeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    docs: ConductorDocuments,
    private readonly now: () => number,
    private readonly loadShowByName: ShowLoader,
    language: string,
    private readonly onEvent: (e: TimelineEvent, showS: number) => void = () => {},
  ) {
    this.showing = new Showing(docs.show, language, now());
    this.showFile = docs.showFile;
    this.session = new CalibrationSession(docs.profile, docs.profileFile, () => this.generationNow++);
  }

  /** Bumped whenever the documents change, so pages reload them (never for a language change). */
  get generation(): number {
    return this.generationNow;
  }
  /** Working-profile changes sent live since the last generation bump by a rollback. */
  get revision(): number {
    return this.session.revision;
  }
  /** The current documents. */
  get documents(): ConductorDocuments {
    return { show: this.showing.show, showFile: this.showFile, profile: this.session.profile, profileFile: this.session.profileFile };
  }
  /** The current transport state (plain data, sent to every page). */
  get transport(): TransportState {
    return this.showing.transport;
  }
  /** True while the outputs are blacked out. */
  get blackout(): boolean {
    return this.blackoutOn;
  }
  /** The language of the current showing (narration, subtitles, titles). */
  get language(): string {
    return this.showing.language;
  }
  /** The language queued for the next showing, or null. */
  get nextLanguage(): string | null {
    return this.showing.nextLanguage;
  }
  /** The test pattern of every projector not showing the show. */
  get patterns(): Readonly<Record<string, TestPattern>> {
    return this.session.patterns;
  }
  /** The calibration part of the status. */
  get calibration(): CalibrationStatus {
    return this.session.status;
  }
  /** Audio files of the show found unplayable at load (their clips stay silent; the show runs). */
  get audioProblems(): readonly AudioFileProblem[] {
    return this.audioFileProblems;
  }
  /** Records the audio files found unplayable in the current show (by whoever read the files). */
  setAudioProblems(problems: readonly AudioFileProblem[]): void {
    this.audioFileProblems = problems;
  }

  /** Gives the conductor the profile file's version store (saveProfile, rollbackProfile, status version). */
  attachProfileVersions(store: ProfileVersions): void {
    this.session.attachVersions(store);
  }

  /** Gives the conductor the owner of the output windows (reloadOutput, GO); returns a detach function. */
  attachOutputWindows(windows: OutputWindows): () => void {
    this.outputWindows = windows;
    return () => {
      if (this.outputWindows === windows) this.outputWindows = null;
    };
  }

  /** Calls `listener` for every projector whose calibration changes live (setProjector, a rollback that keeps the documents). */
  onProjectorChange(listener: (c: ProjectorChange) => void): () => void {
    return this.session.onProjectorChange(listener);
  }

  /** Calls `listener` after every change of transport, blackout or documents. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` after every tick of the conductor's clock (every TICK_MS). The clock runs while
   * anyone listens: the first listener starts the timer, the last one leaving stops it.
   */
  onTick(listener: Listener): () => void {
    this.tickListeners.add(listener);
    this.timer ??= setInterval(() => {
      this.tick();
      for (const l of this.tickListeners) l();
    }, TICK_MS);
    return () => {
      this.tickListeners.delete(listener);
      if (this.tickListeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Adds a line to the event log shown in the control window (user strings in it made inert: no control characters). */
  note(level: 'info' | 'warn' | 'error', message: string): void {
    this.log.note(level, message, this.now());
  }

  private languageTaken(language: string | null): boolean {
    if (language !== null) this.note('info', `language ${language} from this showing on`);
    return language !== null;
  }

  /** Fires the cues passed since the last tick (call it often; windows are half-open, so timing does not matter). */
  tick(): void {
    const epoch = this.now();
    const showS = this.showing.showTimeAt(epoch);
    for (const e of this.showing.update(epoch)) this.onEvent(e, showS);
    // The showing played to its end: a queued language takes over now, before anyone presses play.
    if (this.languageTaken(this.showing.takeQueuedLanguageIfEnded(epoch))) this.changed();
  }

  /** Performs an operator command through its registered action. */
  perform(cmd: Command): CommandResult {
    this.tick();
    const result = performAction(cmd, this.actionContext(this.now()));
    if (!result.ok) return result;
    this.note('info', `command ${cmd.command}: ${result.message}`);
    this.changed();
    return { ok: true, message: result.message };
  }

  private actionContext(epochS: number): ActionContext {
    return {
      epochS,
      showing: this.showing,
      calibration: this.session,
      outputWindows: this.outputWindows,
      loadShow: this.loadShowByName,
      showLoaded: (file, problems) => {
        this.showFile = file;
        this.audioFileProblems = problems;
        this.generationNow++;
      },
      setBlackout: (on) => {
        this.blackoutOn = on;
      },
      languageTaken: (language) => this.languageTaken(language),
      note: (level, message) => this.note(level, message),
    };
  }

  /** Records an output's report (clientId identifies the page or node). */
  report(clientId: string, role: 'output' | 'node', r: OutputReport): void {
    this.health.report(clientId, role, r, this.now());
  }

  /** Marks an output as gone (its socket closed); it leaves the status shortly after (OutputRecords). */
  disconnected(clientId: string): void {
    this.health.disconnected(clientId, this.now());
  }

  /** Records the audio page's report (one audio page per conductor machine: the latest one wins). */
  audioReport(clientId: string, r: AudioReport): void {
    this.health.audioReport(clientId, r, this.now());
  }

  /** Marks the audio page as gone (its socket closed). */
  audioDisconnected(clientId: string): void {
    this.health.audioDisconnected(clientId, this.now());
  }

  /** Everything the control window shows. */
  status(): ConductorStatus {
    const d = this.documents;
    return conductorStatus(
      { showing: this.showing, showFile: d.showFile, profile: d.profile, profileFile: d.profileFile, blackout: this.blackoutOn, audioProblems: this.audioFileProblems, health: this.health, calibration: this.calibration, log: this.log },
      this.now(),
    );
  }
}
