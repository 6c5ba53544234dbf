import type { CommandName, CommandOf, CommandResult } from '../../../engine/core/protocol/commands.ts';
import type { AudioFileProblem } from '../../../engine/core/protocol/status.ts';
import type { Showing } from '../../../engine/core/show/Showing.ts';
import type { Show } from '../../../engine/core/show/showSchema.ts';
import type { CalibrationSession } from '../CalibrationSession.ts';

/** Loads a show by name for the loadShow command (whoever starts the conductor supplies it: file access is not the conductor's). */
export type ShowLoader = (name: string) => { ok: true; show: Show; file: string; audioProblems?: readonly AudioFileProblem[] } | { ok: false; message: string };

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

/** What an action may use of the conductor: its parts, and the few changes only the conductor makes. */
export interface ActionContext {
  /** The conductor's clock when the command is performed (shared epoch, s). */
  readonly epochS: number;
  readonly showing: Showing;
  readonly calibration: CalibrationSession;
  /** Whoever owns the output windows, or null (headless, pages opened by hand). */
  readonly outputWindows: OutputWindows | null;
  /** The conductor's show loader. */
  readonly loadShow: ShowLoader;
  /** Makes `file` the running show's file and its unplayable audio known: new documents for every page. */
  showLoaded(file: string, audioProblems: readonly AudioFileProblem[]): void;
  /** Blacks the outputs out, or lets the show through. */
  setBlackout(on: boolean): void;
  /** Logs that the queued language took over (when `language` is not null). */
  languageTaken(language: string | null): void;
  /** Adds a line to the event log. */
  note(level: 'info' | 'warn' | 'error', message: string): void;
}

/** What a command does: performs `cmd` (validated by its schema) on the conductor's parts and says what happened. */
export type Action<N extends CommandName> = (cmd: CommandOf<N>, c: ActionContext) => CommandResult;

/** The actions of a group of commands (a group file exports one of these). */
export type ActionGroup<N extends CommandName> = { readonly [K in N]: Action<K> };

/** A performed command's result. */
export function done(message: string): CommandResult {
  return { ok: true, message };
}

/** A refused command's result. */
export function refused(message: string): CommandResult {
  return { ok: false, message };
}
