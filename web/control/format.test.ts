import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatKey,
  formatOffset,
  formatShowTime,
  formatSignedMs,
  MISSING,
  playWord,
  showDiffMs,
} from './format.ts';

describe('formatShowTime', () => {
  it('prints mm:ss.s', () => {
    expect(formatShowTime(0)).toBe('00:00.0');
    expect(formatShowTime(5.25)).toBe('00:05.2');
    expect(formatShowTime(65.4)).toBe('01:05.4');
    expect(formatShowTime(754.9)).toBe('12:34.9');
  });

  it('truncates to the tenth, so 59.99 s never reads as a minute', () => {
    expect(formatShowTime(59.99)).toBe('00:59.9');
    expect(formatShowTime(119.999)).toBe('01:59.9');
  });

  it('is not fooled by float noise (2.3 × 10 is 22.999…)', () => {
    expect(formatShowTime(2.3)).toBe('00:02.3');
    expect(formatShowTime(0.3)).toBe('00:00.3');
    expect(formatShowTime(4.35 - 0.05)).toBe('00:04.3');
  });

  it('keeps counting minutes past an hour', () => {
    expect(formatShowTime(72 * 60)).toBe('72:00.0');
    expect(formatShowTime(100 * 60 + 1.5)).toBe('100:01.5');
  });

  it('shows a sign for negative times and a dash for missing or non-finite ones', () => {
    expect(formatShowTime(-1.5)).toBe('-00:01.5');
    expect(formatShowTime(undefined)).toBe(MISSING);
    expect(formatShowTime(NaN)).toBe(MISSING);
    expect(formatShowTime(Infinity)).toBe(MISSING);
  });
});

describe('formatClock', () => {
  it('prints the local wall clock as HH:MM:SS', () => {
    const epochS = new Date(2025, 4, 7, 8, 5, 9, 750).getTime() / 1000;
    expect(formatClock(epochS)).toBe('08:05:09');
    expect(formatClock(new Date(2025, 4, 7, 23, 59, 59, 999).getTime() / 1000)).toBe('23:59:59');
  });

  it('prints a dash without a clock', () => {
    expect(formatClock(undefined)).toBe(MISSING);
    expect(formatClock(NaN)).toBe(MISSING);
  });
});

describe('milliseconds and offsets', () => {
  it('signs differences and never prints -0.0', () => {
    expect(formatSignedMs(1.24)).toBe('+1.2');
    expect(formatSignedMs(-12.36)).toBe('-12.4');
    expect(formatSignedMs(-0.04)).toBe('0.0');
    expect(formatSignedMs(0)).toBe('0.0');
    expect(formatSignedMs(undefined)).toBe(MISSING);
  });

  it('pairs an offset with its error bound', () => {
    expect(formatOffset(-3.21, 0.46)).toBe('-3.2 ± 0.5');
    expect(formatOffset(2, undefined)).toBe('+2.0');
    expect(formatOffset(undefined, 1)).toBe(MISSING);
  });
});

describe('formatKey and playWord', () => {
  it('names registry keys the way a keyboard shows them', () => {
    expect(formatKey(' ')).toBe('Space');
    expect(formatKey('Escape')).toBe('Esc');
    expect(formatKey('ArrowLeft')).toBe('←');
    expect(formatKey('ArrowRight')).toBe('→');
    expect(formatKey('h')).toBe('H');
    expect(formatKey(undefined)).toBe('');
  });

  it('says ENDED over the transport status, and nothing for an unknown one', () => {
    expect(playWord('playing', false)).toBe('PLAYING');
    expect(playWord('playing', true)).toBe('ENDED');
    expect(playWord('paused', undefined)).toBe('PAUSED');
    expect(playWord('stopped', false)).toBe('STOPPED');
    expect(playWord('rewinding', false)).toBeUndefined();
    expect(playWord(undefined, undefined)).toBeUndefined();
  });
});

describe('showDiffMs', () => {
  it('winds the conductor time back by the report age while playing', () => {
    // Reported 0.4 s ago at 99.6 s; the conductor is now at 100 s: exactly in step.
    expect(showDiffMs(99.6, 0.4, 100, true, 1)).toBeCloseTo(0, 9);
    expect(showDiffMs(99.63, 0.4, 100, true, 1)).toBeCloseTo(30, 6);
    // At double rate, 0.4 s of age is 0.8 s of show.
    expect(showDiffMs(99.2, 0.4, 100, true, 2)).toBeCloseTo(0, 9);
  });

  it('compares directly when the show is not advancing', () => {
    expect(showDiffMs(42, 3, 42, false, 1)).toBe(0);
    expect(showDiffMs(41.99, 3, 42, false, 1)).toBeCloseTo(-10, 6);
  });

  it('is unknown when a needed field is missing', () => {
    expect(showDiffMs(undefined, 0.1, 10, true, 1)).toBeUndefined();
    expect(showDiffMs(10, undefined, 10, true, 1)).toBeUndefined();
    expect(showDiffMs(10, 0.1, undefined, false, 1)).toBeUndefined();
  });
});
