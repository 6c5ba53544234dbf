import type { ConductorStatus } from '../engine/core/protocol/status.ts';

/** A control API command body. */
export type CommandBody = Record<string, unknown>;

/** The operator's round during a soak, one step every interval: what a guide and a technician do all day. */
const ROUND = ['seek', 'nextChapter', 'pause', 'play', 'previousChapter', 'blackoutOn', 'blackoutOff', 'chapter'] as const;

/**
 * The commands of soak step `k` given the conductor's status: a show that has ended or stopped starts
 * again from the top (as the day's next showing); otherwise the round goes on, with seek targets and
 * chapters spread over the show by the golden ratio (deterministic, never the same place twice in a row).
 */
export function soakAction(k: number, status: Pick<ConductorStatus, 'transport' | 'show'>): CommandBody[] {
  if (status.transport.ended || status.transport.status === 'stopped') return [{ command: 'stop' }, { command: 'play' }];
  const spread = (k * 0.6180339887) % 1;
  const step = ROUND[k % ROUND.length]!;
  switch (step) {
    case 'seek':
      return [{ command: 'seek', toS: Math.round(spread * status.show.durationS * 0.95 * 100) / 100 }];
    case 'blackoutOn':
      return [{ command: 'blackout', on: true }];
    case 'blackoutOff':
      return [{ command: 'blackout', on: false }];
    case 'chapter':
      return [{ command: 'chapter', index: Math.floor(spread * status.show.chapters.length) }];
    default:
      return [{ command: step }];
  }
}
