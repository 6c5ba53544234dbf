/**
 * Pure formatting and health rules for the control window. No React, no DOM: tested in Node.
 * Every helper accepts `undefined` (a field the conductor did not send) and renders it as "—".
 */

/** What the control window shows for a value it does not have. */
export const MISSING = '—';

/** An output whose last report is older than this (seconds) is in doubt (amber). */
export const AGE_WARN_S = 2;
/** An output whose last report is older than this (seconds) is treated as gone (red). */
export const AGE_BAD_S = 5;
/** An output whose show time differs from the conductor's by more than this (ms) is drifting (amber). */
export const DIFF_WARN_MS = 20;

// A hair above float noise: 2.3 * 10 is 22.999999999999996 and must still show as 2.3.
const TENTH_EPSILON = 1e-6;

function isNum(v: number | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Show time as `mm:ss.s` (minutes keep counting past 59: a 72-minute show reads `72:00.0`).
 * Truncates to the tenth so the display never shows a second that has not yet been reached.
 */
export function formatShowTime(s: number | undefined): string {
  if (!isNum(s)) return MISSING;
  const sign = s < 0 ? '-' : '';
  const tenths = Math.floor(Math.abs(s) * 10 + TENTH_EPSILON);
  const minutes = Math.floor(tenths / 600);
  const secTenths = tenths - minutes * 600;
  return `${sign}${pad2(minutes)}:${pad2(Math.floor(secTenths / 10))}.${secTenths % 10}`;
}

/** Conductor clock (shared-epoch seconds, Unix time) as local `HH:MM:SS`. */
export function formatClock(epochS: number | undefined): string {
  if (!isNum(epochS)) return MISSING;
  const d = new Date(Math.floor(epochS) * 1000);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A signed millisecond value with one decimal (`+1.2`, `-0.4`, `0.0`). */
export function formatSignedMs(ms: number | undefined): string {
  if (!isNum(ms)) return MISSING;
  const r = Math.round(ms * 10) / 10;
  // Rounding can yield -0 ("-0.0" would alarm someone for nothing).
  if (r === 0) return '0.0';
  return `${r > 0 ? '+' : ''}${r.toFixed(1)}`;
}

/** A clock offset with its error bound, `+1.2 ± 0.4`. */
export function formatOffset(offsetMs: number | undefined, errorBoundMs: number | undefined): string {
  if (!isNum(offsetMs)) return MISSING;
  return isNum(errorBoundMs) ? `${formatSignedMs(offsetMs)} ± ${errorBoundMs.toFixed(1)}` : formatSignedMs(offsetMs);
}

/** A plain number with a fixed number of decimals, or "—". */
export function formatNumber(v: number | undefined, decimals = 0): string {
  return isNum(v) ? v.toFixed(decimals) : MISSING;
}

/** How a keyboard key from the command registry is printed on a button. */
export function formatKey(key: string | undefined): string {
  switch (key) {
    case undefined:
      return '';
    case ' ':
      return 'Space';
    case 'Escape':
      return 'Esc';
    case 'ArrowLeft':
      return '←';
    case 'ArrowRight':
      return '→';
    default:
      return key.length === 1 ? key.toUpperCase() : key;
  }
}

/** The transport word a technician reads first. */
export type PlayWord = 'PLAYING' | 'PAUSED' | 'STOPPED' | 'ENDED';

/** The transport word from the conductor's status and its ended flag; undefined when unknown. */
export function playWord(status: string | undefined, ended: boolean | undefined): PlayWord | undefined {
  if (ended === true) return 'ENDED';
  if (status === 'playing') return 'PLAYING';
  if (status === 'paused') return 'PAUSED';
  if (status === 'stopped') return 'STOPPED';
  return undefined;
}

/**
 * How far an output's last rendered show time is from where the conductor says it should have been
 * (ms, + = output ahead). The frame was for an instant `ageS` before the conductor's `conductorShowS`
 * (the time since its presentation epoch, or the report's age), so while playing the conductor's time
 * is wound back by `ageS × rate`; otherwise a healthy output would look off by its report interval.
 */
export function showDiffMs(lastShowS: number | undefined, ageS: number | undefined, conductorShowS: number | undefined, advancing: boolean, rate: number | undefined): number | undefined {
  if (!isNum(lastShowS) || !isNum(conductorShowS)) return undefined;
  let expectedS = conductorShowS;
  if (advancing) {
    if (!isNum(ageS) || !isNum(rate)) return undefined;
    expectedS = Math.max(0, conductorShowS - ageS * rate);
  }
  return (lastShowS - expectedS) * 1000;
}
