import { SubtitleTrack, type SubtitleLine } from '../audio/subtitles.ts';
import * as T from '../clock/transport.ts';
import type { LoopRange, TransportState } from '../clock/transport.ts';
import type { CommandResult } from '../protocol/commands.ts';
import { CueCursor } from '../timeline/CueCursor.ts';
import type { TimelineEvent } from '../timeline/compileShow.ts';
import { lastAtOrBefore } from '../timeline/sortedSearch.ts';
import { TimelineEvaluator } from '../timeline/TimelineEvaluator.ts';
import type { Show } from './showSchema.ts';

/**
 * One show being run: its transport on the shared epoch, the cue cursor that fires its cues and chapter
 * marks over half-open windows, and its language with the one queued for the next showing. A showing
 * runs in one language: a change while one is under way waits for a stop, the end, a start from the
 * top or a new show. Pure: every method takes the shared-epoch time `epochS` as an argument, so the
 * conductor (on its clock) and the headless ShowDriver (on a simulated one) run the same code.
 */
export class Showing {
  private evaluatorNow: TimelineEvaluator;
  private transportNow: TransportState;
  private cursor: CueCursor;
  private current: string;
  private queued: string | null = null;
  private subtitleTrack: SubtitleTrack | null = null;

  /** A stopped showing of `show` at show time 0, in `language`. */
  constructor(show: Show, language: string, epochS: number) {
    this.current = language;
    this.evaluatorNow = new TimelineEvaluator(show);
    this.transportNow = T.createTransport(show.durationS, epochS);
    this.cursor = new CueCursor(this.evaluatorNow.compiled, this.transportNow, epochS);
  }

  /** The show document. */
  get show(): Show {
    return this.evaluatorNow.compiled.show;
  }
  /** The show's evaluator (frame states at any show time). */
  get evaluator(): TimelineEvaluator {
    return this.evaluatorNow;
  }
  /** The transport state (plain data, sent to every page). */
  get transport(): TransportState {
    return this.transportNow;
  }
  /** The language of this showing (narration, subtitles, titles). */
  get language(): string {
    return this.current;
  }
  /** The language queued for the next showing, or null. */
  get nextLanguage(): string | null {
    return this.queued;
  }

  /** Show time (s) at `epochS`. */
  showTimeAt(epochS: number): number {
    return T.showTimeAt(this.transportNow, epochS);
  }
  /** True once the show has played to its end. */
  isEnded(epochS: number): boolean {
    return T.isEnded(this.transportNow, epochS);
  }
  /** True between showings: stopped, or played to the end. A language change applies at once then. */
  betweenShowings(epochS: number): boolean {
    return this.transportNow.status === 'stopped' || this.isEnded(epochS);
  }
  /** Index of the chapter the playhead is in at `epochS` (-1 before the first). */
  chapterIndexAt(epochS: number): number {
    return lastAtOrBefore(this.evaluatorNow.compiled.chapterStarts, this.showTimeAt(epochS));
  }
  /** Subtitles sounding at `epochS` in this showing's language. */
  subtitlesAt(epochS: number): SubtitleLine[] {
    if (this.subtitleTrack?.language !== this.current) this.subtitleTrack = SubtitleTrack.forShow(this.show, this.current);
    return this.subtitleTrack.at(this.showTimeAt(epochS));
  }

  /** Starts or resumes; started from the top (stopped, ended, or held at 0) it is a new showing: returns the queued language if it took over, else null. */
  play(epochS: number): string | null {
    const taken = this.betweenShowings(epochS) || this.showTimeAt(epochS) === 0 ? this.takeQueuedLanguage() : null;
    this.transportNow = T.play(this.transportNow, epochS);
    return taken;
  }
  /** Holds the playhead where it is. */
  pause(epochS: number): void {
    this.transportNow = T.pause(this.transportNow, epochS);
  }
  /** Stops at the top: the showing is over, so returns the queued language if it took over, else null. */
  stop(epochS: number): string | null {
    this.transportNow = T.stop(this.transportNow, epochS);
    return this.takeQueuedLanguage();
  }
  /** Jumps to show time `toS` (clamped to the show), keeping the status. */
  seek(toS: number, epochS: number): void {
    this.transportNow = T.seek(this.transportNow, toS, epochS);
  }
  /** Changes the playback rate without moving the playhead. */
  setRate(rate: number, epochS: number): void {
    this.transportNow = T.setRate(this.transportNow, rate, epochS);
  }
  /** Sets or clears the loop range. */
  setLoop(loop: LoopRange | null, epochS: number): void {
    this.transportNow = T.setLoop(this.transportNow, loop, epochS);
  }

  /** Appends to `out` every cue and chapter mark passed since the last update (each exactly once). */
  update(epochS: number, out: TimelineEvent[] = []): TimelineEvent[] {
    return this.cursor.update(this.transportNow, epochS, out);
  }

  /** Once the showing has played to its end the queued language takes over, before anyone presses play: returns it when it did, else null. */
  takeQueuedLanguageIfEnded(epochS: number): string | null {
    return this.queued !== null && this.isEnded(epochS) ? this.takeQueuedLanguage() : null;
  }

  /** The language command: languages the show offers only; at once between showings, else queued for the next one. */
  chooseLanguage(lang: string, epochS: number): CommandResult {
    const offered = this.show.languages;
    if (!offered.includes(lang)) return { ok: false, message: `language: "${lang}" is not offered by show ${this.show.id} (it offers ${offered.join(', ')})` };
    if (this.betweenShowings(epochS)) {
      this.queued = null;
      const changed = lang !== this.current;
      this.current = lang;
      return { ok: true, message: changed ? `language ${lang}` : `language ${lang} (unchanged)` };
    }
    if (lang === this.current) {
      const cancelled = this.queued !== null;
      this.queued = null;
      return { ok: true, message: cancelled ? `language stays ${lang} (the queued change is cancelled)` : `language ${lang} (unchanged)` };
    }
    this.queued = lang;
    return { ok: true, message: `language ${lang} from the next showing (${this.current} until this one stops or ends)` };
  }

  /**
   * Runs `show` instead, stopped at its top: a new showing, in the queued language (else the current
   * one) when the show offers it, else in its default. Returns the language it lacked, or null.
   */
  load(show: Show, epochS: number): string | null {
    const wanted = this.queued ?? this.current;
    this.evaluatorNow = new TimelineEvaluator(show);
    this.transportNow = T.createTransport(show.durationS, epochS);
    this.cursor = new CueCursor(this.evaluatorNow.compiled, this.transportNow, epochS);
    this.queued = null;
    this.subtitleTrack = null;
    const offered = show.languages.includes(wanted);
    this.current = offered ? wanted : show.defaultLanguage;
    return offered ? null : wanted;
  }

  private takeQueuedLanguage(): string | null {
    const next = this.queued;
    if (next === null) return null;
    this.queued = null;
    if (next === this.current) return null;
    this.current = next;
    return next;
  }
}
