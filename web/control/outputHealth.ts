/**
 * The health rule of one outputs-table row, in one pure function (no React, no DOM: tested in Node).
 * An output is judged on what it reports: its connection, the age of its last report, its frame rate
 * against the rate it aims at, the frames it dropped in the last second, and its show time against the
 * conductor's. The state column says what is wrong with the figures ("slow: 0.8 of 60 fps").
 */
import { AGE_BAD_S, AGE_WARN_S, DIFF_WARN_MS } from './format.ts';

/** Health of one outputs-table row: ok, amber (warn) or red (bad). */
export type HealthLevel = 'ok' | 'warn' | 'bad';

/** A row's health and the short text shown in its state column. */
export interface Health {
  readonly level: HealthLevel;
  readonly reason: string;
}

/** What the health rule looks at for one output (undefined: the output did not say). */
export interface HealthInput {
  /** False once its socket closed. */
  readonly connected: boolean | undefined;
  /** Seconds since its last report. */
  readonly ageS: number | undefined;
  /** Show-time difference from the conductor (ms), from showDiffMs. */
  readonly diffMs: number | undefined;
  /** Frames presented per second (held frames count: a held picture is on time). */
  readonly fps?: number | undefined;
  /** Frames per second it aims at (its display's refresh, or its cap); DEFAULT_TARGET_FPS when it does not say. */
  readonly targetFps?: number | undefined;
  /** Frames dropped between its last two reports (about a second). */
  readonly recentDropped?: number | undefined;
}

/** The rate assumed for an output that does not say its target: a projector's usual refresh. */
export const DEFAULT_TARGET_FPS = 60;
/** Below this share of its target frame rate an output is slow (amber). */
export const SLOW_WARN_RATIO = 0.9;
/** Below this share it is failing (red): motion visibly stutters. */
export const SLOW_BAD_RATIO = 0.5;
/** More frames dropped in a second than this share of the target (at least one) is amber... */
export const DROP_WARN_RATIO = 0.02;
/** ...and more than this share is red. */
export const DROP_BAD_RATIO = 0.25;

const isNum = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const fpsText = (v: number): string => (v >= 10 ? v.toFixed(0) : v.toFixed(1));

/**
 * Red when disconnected, silent for more than AGE_BAD_S, under SLOW_BAD_RATIO of its target frame rate
 * or dropping more than DROP_BAD_RATIO of its frames; amber when silent for more than AGE_WARN_S,
 * under SLOW_WARN_RATIO of its target, dropping frames, off the conductor's show time by more than
 * DIFF_WARN_MS, or when age or show time is unknown (nothing proves it is fine). Every problem found
 * is named, with its figures; the worst sets the level.
 */
export function outputHealth(o: HealthInput): Health {
  if (o.connected === false) return { level: 'bad', reason: 'disconnected' };
  if (!isNum(o.ageS)) return { level: 'warn', reason: 'no report age' };
  if (o.ageS > AGE_BAD_S) return { level: 'bad', reason: `silent ${o.ageS.toFixed(0)} s` };
  const problems: Health[] = [];
  if (o.ageS > AGE_WARN_S) problems.push({ level: 'warn', reason: `stale ${o.ageS.toFixed(1)} s` });
  const target = isNum(o.targetFps) && o.targetFps > 0 ? o.targetFps : DEFAULT_TARGET_FPS;
  if (isNum(o.fps) && o.fps < target * SLOW_WARN_RATIO) {
    problems.push({ level: o.fps < target * SLOW_BAD_RATIO ? 'bad' : 'warn', reason: `slow: ${fpsText(o.fps)} of ${fpsText(target)} fps` });
  }
  if (isNum(o.recentDropped) && o.recentDropped > Math.max(1, target * DROP_WARN_RATIO)) {
    problems.push({ level: o.recentDropped > target * DROP_BAD_RATIO ? 'bad' : 'warn', reason: `dropping ${o.recentDropped} frames/s` });
  }
  if (!isNum(o.diffMs)) problems.push({ level: 'warn', reason: 'no show time' });
  else if (Math.abs(o.diffMs) > DIFF_WARN_MS) problems.push({ level: 'warn', reason: `drifting ${o.diffMs > 0 ? '+' : ''}${o.diffMs.toFixed(0)} ms` });
  if (problems.length === 0) return { level: 'ok', reason: 'ok' };
  return { level: problems.some((p) => p.level === 'bad') ? 'bad' : 'warn', reason: problems.map((p) => p.reason).join(' · ') };
}
