import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import { ProfileSchema, type Profile, type ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { applyProjectorPatch, type Command, type TestPattern } from '../../engine/core/protocol/commands.ts';
import type { AudioFileProblem, AudioStatus, CalibrationStatus, ConductorStatus } from '../../engine/core/protocol/status.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { problemsFromZod } from '../../engine/core/json/zodProblems.ts';
import { SubtitleTrack } from '../../engine/core/audio/subtitles.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { CueCursor } from '../../engine/core/timeline/CueCursor.ts';
import type { TimelineEvent } from '../../engine/core/timeline/compileShow.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import { lastAtOrBefore } from '../../engine/core/timeline/compileShow.ts';
import { escapeForLog } from './escapeForLog.ts';
import { OutputRecords, type OutputReport } from './OutputRecords.ts';

/** The documents a conductor runs. */
export interface ConductorDocuments {
  readonly show: Show;
  readonly showFile: string;
  readonly profile: Profile;
  readonly profileFile: string;
}

/** Outcome of a command. */
export type CommandResult = { ok: true; message: string } | { ok: false; message: string };

/** Loads a show by name for the loadShow command (the server supplies it: file access is not the conductor's). */
export type ShowLoader = (name: string) => { ok: true; show: Show; file: string; audioProblems?: readonly AudioFileProblem[] } | { ok: false; message: string };

type Listener = () => void;

/** Where saveProfile, rollbackProfile and markBaseline keep the profile's versions (host/profiles/ProfileStore implements it). */
export interface ProfileVersions {
  /** The newest saved version, or null when the file has no history yet. */
  latestVersion(): number | null;
  /** Saves `profile` as a new version (validated first; throws with a message naming the problem); `unchanged` when it equals the newest one. */
  save(profile: Profile, who: string, note: string): { version: number; unchanged: boolean };
  /** Puts the file back to version `toVersion` (default: the last with other content), recorded as a new version; returns it. */
  rollback(who: string, toVersion?: number): { version: number; profile: Profile; to: number; unchanged: boolean };
  /** Marks or unmarks a version as a baseline (never pruned); `changed` false when it already was so. */
  markBaseline(version: number, baseline: boolean, who: string, note: string): { changed: boolean };
}

/** A projector whose calibration changed in the working profile (sent live to its outputs). */
export interface ProjectorChange {
  readonly projectorId: string;
  readonly config: ProjectorConfig;
  /** Working-profile revision since the documents' generation was last bumped. */
  readonly revision: number;
}

/** The message every calibration command gets while the lock is on. */
export const CALIBRATION_LOCKED_MESSAGE = 'calibration is locked (show mode): unlock it in the calibration page';

/** Number of Gray-code bits for an output dimension of `size` pixels: ceil(log2 size). */
export function grayCodeBitCount(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(size)));
}

/** The calibration fields a rollback may change live; anything else changed means new documents. */
const LIVE_FIELDS = ['pose', 'lens', 'warp', 'blend', 'blackLevel', 'colorGains'] as const;

function withoutLiveFields(p: Profile): string {
  return JSON.stringify({ ...p, projectors: p.projectors.map((pr) => Object.fromEntries(Object.entries(pr).filter(([k]) => !(LIVE_FIELDS as readonly string[]).includes(k)))) });
}

interface AudioRecord {
  clientId: string;
  status: Omit<AudioStatus, 'ageS' | 'connected'>;
  receivedEpochS: number;
  connected: boolean;
}

/**
 * Whoever owns the output windows (the Chromium runtime, Electron's main process). The conductor
 * hands it the operator's reloadOutput and GO; it knows nothing of windows itself.
 */
export interface OutputWindows {
  /** Reopens the windows showing `projectorId` (null: every output window), given up on or not; says what was done, or why not. */
  reload(projectorId: string | null): CommandResult;
  /** Reopens the output windows the recovery policy gave up on (GO brings the hall back); returns their names. */
  reviveGivenUp(): string[];
}

/**
 * The one show clock and its state: transport on the shared epoch, the loaded show and profile,
 * blackout, language, and what every output last reported. It performs operator commands; the
 * server only carries them. The clock is injected (`now`, shared-epoch seconds), so it is tested
 * without waiting.
 */
export class Conductor {
  private docs: ConductorDocuments;
  private evaluator: TimelineEvaluator;
  private cursor: CueCursor;
  private transportState: TransportState;
  private blackoutOn = false;
  private readonly outputs = new OutputRecords();
  private outputWindows: OutputWindows | null = null;
  private audioRecord: AudioRecord | null = null;
  private readonly log: { epochS: number; level: 'info' | 'warn' | 'error'; message: string }[] = [];
  private readonly listeners = new Set<Listener>();
  private currentLanguage: string;
  private pendingLanguage: string | null = null;
  private subtitleTrack: { show: Show; track: SubtitleTrack } | null = null;
  private audioFileProblems: readonly AudioFileProblem[] = [];
  /** Bumped whenever the documents change, so pages reload them (never for a language change). */
  generation = 0;
  /** Working-profile changes sent live since the last generation bump. */
  revision = 0;
  private calibrationLocked = true;
  private readonly patternsByProjector = new Map<string, TestPattern>();
  private versions: ProfileVersions | null = null;
  private savedVersion: number | null = null;
  private savedJson: string;
  private dirtyFlag = false;
  private readonly projectorListeners = new Set<(c: ProjectorChange) => void>();

  constructor(
    docs: ConductorDocuments,
    private readonly now: () => number,
    private readonly loadShowByName: ShowLoader,
    language: string,
    private readonly onEvent: (e: TimelineEvent, showS: number) => void = () => {},
  ) {
    this.currentLanguage = language;
    this.docs = docs;
    this.evaluator = new TimelineEvaluator(docs.show);
    this.transportState = T.createTransport(docs.show.durationS, now());
    this.cursor = new CueCursor(this.evaluator.compiled, this.transportState, now());
    this.savedJson = JSON.stringify(docs.profile);
  }

  /** Gives the conductor the profile file's version store (saveProfile, rollbackProfile, status version). */
  attachProfileVersions(store: ProfileVersions): void {
    this.versions = store;
    this.savedVersion = store.latestVersion();
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
    this.projectorListeners.add(listener);
    return () => this.projectorListeners.delete(listener);
  }

  /** The test pattern of every projector not showing the show. */
  get patterns(): Readonly<Record<string, TestPattern>> {
    return Object.fromEntries(this.patternsByProjector);
  }

  /** The calibration part of the status. */
  get calibration(): CalibrationStatus {
    return { locked: this.calibrationLocked, dirty: this.dirtyFlag, version: this.savedVersion, patterns: this.patterns };
  }

  private projectorChanged(cfg: ProjectorConfig): void {
    this.revision++;
    const change: ProjectorChange = { projectorId: cfg.id, config: cfg, revision: this.revision };
    for (const l of this.projectorListeners) l(change);
  }

  private unknownProjector(field: string, id: string): CommandResult {
    return { ok: false, message: `${field}: "${id}" is not a projector of profile ${this.docs.profile.id} (it has ${this.docs.profile.projectors.map((p) => p.id).join(', ')})` };
  }

  /** Performs a calibration command (the lock has been checked). */
  private performCalibration(cmd: Extract<Command, { command: 'testPattern' | 'setProjector' | 'saveProfile' | 'rollbackProfile' | 'markBaseline' }>): CommandResult {
    const profile = this.docs.profile;
    switch (cmd.command) {
      case 'testPattern': {
        const targets = cmd.projectorId === null ? profile.projectors : profile.projectors.filter((p) => p.id === cmd.projectorId);
        if (cmd.projectorId !== null && targets.length === 0) return this.unknownProjector('testPattern: projectorId', cmd.projectorId);
        const pattern = cmd.pattern;
        if (typeof pattern === 'object') {
          const g = pattern.grayCode;
          for (const p of targets) {
            const size = g.axis === 'x' ? p.resolution.width : p.resolution.height;
            const bits = grayCodeBitCount(size);
            if (g.bit >= bits) return { ok: false, message: `testPattern: pattern.grayCode.bit: ${g.bit} is past the last bit of projector ${p.id} (${size} px ${g.axis === 'x' ? 'wide' : 'high'}: bits 0 to ${bits - 1})` };
          }
        }
        for (const p of targets) {
          if (pattern === 'content') this.patternsByProjector.delete(p.id);
          else this.patternsByProjector.set(p.id, pattern);
        }
        const what = typeof pattern === 'object' ? `Gray code ${pattern.grayCode.axis} bit ${pattern.grayCode.bit}${pattern.grayCode.inverse ? ' inverse' : ''}` : pattern;
        return { ok: true, message: `${what} on ${cmd.projectorId ?? 'every projector'}` };
      }
      case 'setProjector': {
        const index = profile.projectors.findIndex((p) => p.id === cmd.projectorId);
        if (index < 0) return this.unknownProjector('setProjector: projectorId', cmd.projectorId);
        const next = applyProjectorPatch(profile.projectors[index]!, cmd.patch);
        // The whole profile's rules, checked on the profile with this projector alone: the other
        // projectors were valid and a patch changes nothing they are checked against (ids, lumens),
        // so this is the whole profile's verdict without revalidating 256 warp grids per nudge.
        const checked = ProfileSchema.safeParse({ ...profile, projectors: [next] }, { reportInput: true });
        if (!checked.success) {
          const problems = problemsFromZod(checked.error.issues).map((p) => ({ ...p, path: p.path.replace(/^projectors\.0\b/, `projectors.${index}`) }));
          return { ok: false, message: `setProjector ${cmd.projectorId}: the profile would be invalid: ${problems.slice(0, 3).map(formatProblem).join('; ')}` };
        }
        const cfg = checked.data.projectors[0]!;
        const updated: Profile = { ...profile, projectors: profile.projectors.map((p, i) => (i === index ? cfg : p)) };
        this.docs = { ...this.docs, profile: updated };
        this.dirtyFlag = JSON.stringify(updated) !== this.savedJson;
        this.projectorChanged(cfg);
        const fields = Object.keys(cmd.patch).filter((k) => (cmd.patch as Record<string, unknown>)[k] !== undefined);
        return { ok: true, message: `projector ${cmd.projectorId}: ${fields.length > 0 ? fields.join(', ') : 'nothing'} changed (not saved)` };
      }
      case 'saveProfile': {
        if (!this.versions) return { ok: false, message: `saveProfile: the profile ${this.docs.profileFile} has no version store (the conductor was started without one)` };
        let saved: { version: number; unchanged: boolean };
        try {
          saved = this.versions.save(profile, cmd.who, cmd.note);
        } catch (err) {
          return { ok: false, message: `saveProfile: ${(err as Error).message}` };
        }
        this.savedVersion = saved.version;
        this.savedJson = JSON.stringify(profile);
        this.dirtyFlag = false;
        if (saved.unchanged) return { ok: true, message: `unchanged: still version ${saved.version}` };
        return { ok: true, message: `saved ${this.docs.profileFile} as version ${saved.version}` };
      }
      case 'rollbackProfile': {
        if (!this.versions) return { ok: false, message: `rollbackProfile: the profile ${this.docs.profileFile} has no version store (the conductor was started without one)` };
        let r: { version: number; profile: Profile; unchanged: boolean };
        try {
          r = this.versions.rollback(cmd.who ?? 'conductor', cmd.toVersion);
        } catch (err) {
          return { ok: false, message: `rollbackProfile: ${(err as Error).message}` };
        }
        if (r.unchanged && !this.dirtyFlag) return { ok: true, message: `unchanged: still version ${r.version}` };
        const before = profile;
        this.docs = { ...this.docs, profile: r.profile };
        this.savedVersion = r.version;
        this.savedJson = JSON.stringify(r.profile);
        this.dirtyFlag = false;
        const sameIds = before.projectors.length === r.profile.projectors.length && before.projectors.every((p, i) => p.id === r.profile.projectors[i]!.id);
        if (sameIds && withoutLiveFields(before) === withoutLiveFields(r.profile)) {
          // Only calibration fields differ: the outputs take them live, without rebuilding.
          r.profile.projectors.forEach((p, i) => {
            if (JSON.stringify(p) !== JSON.stringify(before.projectors[i])) this.projectorChanged(p);
          });
        } else {
          this.generation++;
          this.revision = 0;
          for (const id of [...this.patternsByProjector.keys()]) if (!r.profile.projectors.some((p) => p.id === id)) this.patternsByProjector.delete(id);
        }
        return { ok: true, message: r.unchanged ? `unsaved changes dropped: still version ${r.version}` : `rolled back ${this.docs.profileFile}: now version ${r.version}` };
      }
      case 'markBaseline': {
        if (!this.versions) return { ok: false, message: `markBaseline: the profile ${this.docs.profileFile} has no version store (the conductor was started without one)` };
        let changed: boolean;
        try {
          changed = this.versions.markBaseline(cmd.version, cmd.baseline, cmd.who, cmd.note).changed;
        } catch (err) {
          return { ok: false, message: `markBaseline: ${(err as Error).message}` };
        }
        const state = cmd.baseline ? 'a baseline' : 'not a baseline';
        return { ok: true, message: changed ? `version ${cmd.version} is now ${state}` : `unchanged: version ${cmd.version} already is ${state}` };
      }
    }
  }

  /** The current documents. */
  get documents(): ConductorDocuments {
    return this.docs;
  }
  /** The current transport state (plain data, sent to every page). */
  get transport(): TransportState {
    return this.transportState;
  }
  /** True while the outputs are blacked out. */
  get blackout(): boolean {
    return this.blackoutOn;
  }
  /** The language of the current showing (narration, subtitles, titles). */
  get language(): string {
    return this.currentLanguage;
  }
  /** The language queued for the next showing, or null. */
  get nextLanguage(): string | null {
    return this.pendingLanguage;
  }

  /** Audio files of the show found unplayable at load (their clips stay silent; the show runs). */
  get audioProblems(): readonly AudioFileProblem[] {
    return this.audioFileProblems;
  }
  /** Records the audio files found unplayable in the current show (by whoever read the files). */
  setAudioProblems(problems: readonly AudioFileProblem[]): void {
    this.audioFileProblems = problems;
  }

  /** Subtitles of the running show and language (rebuilt when either changes). */
  private subtitles(): SubtitleTrack {
    const show = this.docs.show;
    const cached = this.subtitleTrack;
    if (cached && cached.show === show && cached.track.language === this.currentLanguage) return cached.track;
    const track = SubtitleTrack.forShow(show, this.currentLanguage);
    this.subtitleTrack = { show, track };
    return track;
  }

  /** True between showings: stopped, or played to the end. A language change applies at once then. */
  private betweenShowings(epochS: number): boolean {
    return this.transportState.status === 'stopped' || T.isEnded(this.transportState, epochS);
  }

  /** Makes the queued language the showing's (at a stop, the end, a start from the top, a new show). */
  private applyPendingLanguage(): boolean {
    const next = this.pendingLanguage;
    if (next === null) return false;
    this.pendingLanguage = null;
    if (next === this.currentLanguage) return false;
    this.currentLanguage = next;
    this.note('info', `language ${next} from this showing on`);
    return true;
  }

  /** Performs the language command: offered languages only; queued while a showing is under way. */
  private chooseLanguage(lang: string, epochS: number): CommandResult {
    const offered = this.docs.show.languages;
    if (!offered.includes(lang)) return { ok: false, message: `language: "${lang}" is not offered by show ${this.docs.show.id} (it offers ${offered.join(', ')})` };
    if (this.betweenShowings(epochS)) {
      this.pendingLanguage = null;
      const changed = lang !== this.currentLanguage;
      this.currentLanguage = lang;
      return { ok: true, message: changed ? `language ${lang}` : `language ${lang} (unchanged)` };
    }
    if (lang === this.currentLanguage) {
      const cancelled = this.pendingLanguage !== null;
      this.pendingLanguage = null;
      return { ok: true, message: cancelled ? `language stays ${lang} (the queued change is cancelled)` : `language ${lang} (unchanged)` };
    }
    this.pendingLanguage = lang;
    return { ok: true, message: `language ${lang} from the next showing (${this.currentLanguage} until this one stops or ends)` };
  }

  /** Calls `listener` after every change of transport, blackout or documents. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Adds a line to the event log shown in the control window (user strings in it made inert: no control characters). */
  note(level: 'info' | 'warn' | 'error', message: string): void {
    this.log.push({ epochS: this.now(), level, message: escapeForLog(message) });
    if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
  }

  /** Fires the cues passed since the last tick (call it often; windows are half-open, so timing does not matter). */
  tick(): void {
    const epoch = this.now();
    const showS = T.showTimeAt(this.transportState, epoch);
    for (const e of this.cursor.update(this.transportState, epoch)) this.onEvent(e, showS);
    // The showing played to its end: a queued language takes over now, before anyone presses play.
    if (this.pendingLanguage !== null && T.isEnded(this.transportState, epoch) && this.applyPendingLanguage()) this.changed();
  }

  /** Performs an operator command. */
  perform(cmd: Command): CommandResult {
    this.tick();
    const epoch = this.now();
    const s = this.transportState;
    const chapters = this.docs.show.chapters;
    const current = lastAtOrBefore(this.evaluator.compiled.chapterStarts, T.showTimeAt(s, epoch));
    let message: string;
    switch (cmd.command) {
      case 'play':
        // Started from the top (stopped, ended, or held at 0): a new showing, in the queued language.
        if (this.betweenShowings(epoch) || T.showTimeAt(s, epoch) === 0) this.applyPendingLanguage();
        this.transportState = T.play(s, epoch);
        message = 'playing';
        // GO brings back every output window given up on: the operator wants the hall lit.
        for (const name of this.outputWindows?.reviveGivenUp() ?? []) this.note('info', `output window ${name} reopened by GO`);
        break;
      case 'pause':
        this.transportState = T.pause(s, epoch);
        message = 'paused';
        break;
      case 'stop':
        this.transportState = T.stop(s, epoch);
        this.applyPendingLanguage();
        message = 'stopped';
        break;
      case 'seek':
        if (cmd.toS > this.docs.show.durationS) return { ok: false, message: `seek: ${cmd.toS} s is after the end of the show (${this.docs.show.durationS} s)` };
        this.transportState = T.seek(s, cmd.toS, epoch);
        message = `at ${cmd.toS.toFixed(2)} s`;
        break;
      case 'chapter':
      case 'nextChapter':
      case 'previousChapter': {
        const index = cmd.command === 'chapter' ? cmd.index : cmd.command === 'nextChapter' ? current + 1 : Math.max(0, current - 1);
        const ch = chapters[index];
        if (!ch) return { ok: false, message: `chapter ${index + 1} does not exist (the show has ${chapters.length})` };
        this.transportState = T.seek(s, ch.startS, epoch);
        message = `chapter ${index + 1}`;
        break;
      }
      case 'blackout':
        this.blackoutOn = cmd.on;
        message = cmd.on ? 'blackout' : 'blackout off';
        break;
      case 'rate':
        this.transportState = T.setRate(s, cmd.rate, epoch);
        message = `rate ${cmd.rate}`;
        break;
      case 'loadShow': {
        const loaded = this.loadShowByName(cmd.show);
        if (!loaded.ok) return { ok: false, message: loaded.message };
        this.docs = { ...this.docs, show: loaded.show, showFile: loaded.file };
        this.audioFileProblems = loaded.audioProblems ?? [];
        this.evaluator = new TimelineEvaluator(loaded.show);
        this.transportState = T.createTransport(loaded.show.durationS, epoch);
        this.cursor = new CueCursor(this.evaluator.compiled, this.transportState, epoch);
        this.generation++;
        message = `loaded ${loaded.show.id}`;
        // A new show is a new showing: the queued language applies, if the show offers it.
        const wanted = this.pendingLanguage ?? this.currentLanguage;
        this.pendingLanguage = null;
        if (loaded.show.languages.includes(wanted)) this.currentLanguage = wanted;
        else {
          message += `; it has no ${wanted}, so it runs in ${loaded.show.defaultLanguage}`;
          this.currentLanguage = loaded.show.defaultLanguage;
        }
        break;
      }
      case 'language': {
        const r = this.chooseLanguage(cmd.lang, epoch);
        if (!r.ok) return r;
        message = r.message;
        break;
      }
      case 'calibrationLock':
        if (cmd.locked && !this.calibrationLocked) {
          // Show mode: every output goes back to the show; unsaved changes stay live (and dirty).
          this.patternsByProjector.clear();
        }
        message = cmd.locked ? `calibration locked (show mode)${this.dirtyFlag ? '; the working profile has unsaved changes' : ''}` : 'calibration unlocked';
        this.calibrationLocked = cmd.locked;
        break;
      case 'reloadOutput': {
        const id = cmd.projectorId;
        if (id !== null && !this.docs.profile.projectors.some((p) => p.id === id)) return this.unknownProjector('reloadOutput: projectorId', id);
        if (!this.outputWindows) return { ok: false, message: 'reloadOutput: this conductor opened no output windows (headless, or pages opened by hand): reload the page where it runs' };
        const r = this.outputWindows.reload(id);
        if (!r.ok) return r;
        message = r.message;
        break;
      }
      case 'testPattern':
      case 'setProjector':
      case 'saveProfile':
      case 'rollbackProfile':
      case 'markBaseline': {
        if (this.calibrationLocked) return { ok: false, message: `${cmd.command}: ${CALIBRATION_LOCKED_MESSAGE}` };
        const r = this.performCalibration(cmd);
        if (!r.ok) return r;
        message = r.message;
        break;
      }
    }
    this.note('info', `command ${cmd.command}: ${message}`);
    this.changed();
    return { ok: true, message };
  }

  /** Records an output's report (clientId identifies the page or node). */
  report(clientId: string, role: 'output' | 'node', r: OutputReport): void {
    this.outputs.report(clientId, role, r, this.now());
  }

  /** Marks an output as gone (its socket closed); it leaves the status shortly after (OutputRecords). */
  disconnected(clientId: string): void {
    const ids = this.outputs.disconnected(clientId, this.now());
    if (ids.length > 0) this.note('warn', `output ${ids.join(', ')} disconnected`);
  }

  /** Records the audio page's report (one audio page per conductor machine: the latest one wins). */
  audioReport(clientId: string, r: Omit<AudioStatus, 'ageS' | 'connected'>): void {
    const prev = this.audioRecord;
    const failed = new Set(prev?.status.clipsFailed.map((f) => f.file));
    for (const f of r.clipsFailed) if (!failed.has(f.file)) this.note('warn', `audio: clip ${f.clipId} is silent: ${f.file} ${f.reason}`);
    this.audioRecord = { clientId, status: r, receivedEpochS: this.now(), connected: true };
  }

  /** Marks the audio page as gone (its socket closed). */
  audioDisconnected(clientId: string): void {
    if (this.audioRecord?.clientId !== clientId) return;
    this.audioRecord.connected = false;
    this.note('warn', 'audio page disconnected');
  }

  private audioStatus(epochS: number): AudioStatus | undefined {
    const a = this.audioRecord;
    return a ? { ...a.status, ageS: epochS - a.receivedEpochS, connected: a.connected } : undefined;
  }

  /** Everything the control window shows. */
  status(): ConductorStatus {
    const epoch = this.now();
    const s = this.transportState;
    const showS = T.showTimeAt(s, epoch);
    const show = this.docs.show;
    const title = (t: Record<string, string>) => t[this.currentLanguage] ?? t[show.defaultLanguage] ?? Object.values(t)[0] ?? '';
    return {
      show: { id: show.id, title: title(show.title), file: this.docs.showFile, durationS: show.durationS, chapters: show.chapters.map((c) => ({ id: c.id, title: title(c.title), startS: c.startS })) },
      profile: { id: this.docs.profile.id, name: this.docs.profile.name ?? this.docs.profile.id, file: this.docs.profileFile, projectors: this.docs.profile.projectors.map((p) => p.id) },
      transport: { status: s.status, showS, rate: s.rate, chapterIndex: lastAtOrBefore(this.evaluator.compiled.chapterStarts, showS), ended: T.isEnded(s, epoch) },
      blackout: this.blackoutOn,
      language: this.currentLanguage,
      nextLanguage: this.pendingLanguage,
      languages: [...show.languages],
      subtitles: this.subtitles().at(showS),
      audioProblems: [...this.audioFileProblems],
      epochS: epoch,
      outputs: this.outputs.list(epoch),
      ...(this.audioRecord ? { audio: this.audioStatus(epoch)! } : {}),
      calibration: this.calibration,
      events: this.log.slice(-50),
    };
  }
}
