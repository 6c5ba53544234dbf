import { escapeForLog } from './escapeForLog.ts';

/** One line of the event log. */
export interface LoggedEvent {
  readonly epochS: number;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

/** Lines kept; the oldest go first. */
const KEPT = 200;

/** The event log the control window shows: the last 200 lines, user strings in them made inert (no control characters). */
export class EventLog {
  private readonly lines: LoggedEvent[] = [];

  /** Adds a line at conductor time `epochS`. */
  note(level: LoggedEvent['level'], message: string, epochS: number): void {
    this.lines.push({ epochS, level, message: escapeForLog(message) });
    if (this.lines.length > KEPT) this.lines.splice(0, this.lines.length - KEPT);
  }

  /** The newest `count` lines, oldest first. */
  recent(count: number): LoggedEvent[] {
    return this.lines.slice(-count);
  }
}
