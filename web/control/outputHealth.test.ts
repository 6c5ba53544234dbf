import { describe, expect, it } from 'vitest';
import { AGE_BAD_S, AGE_WARN_S, DIFF_WARN_MS } from './format.ts';
import { outputHealth } from './outputHealth.ts';

describe('outputHealth', () => {
  const fine = { connected: true, ageS: 0.3, diffMs: 1, fps: 60, targetFps: 60, recentDropped: 0 };

  it('is ok when fresh, connected, at its frame rate, not dropping and in step', () => {
    expect(outputHealth(fine)).toEqual({ level: 'ok', reason: 'ok' });
    // A page capped at 5 frames a second, at 5: on target.
    expect(outputHealth({ ...fine, fps: 5, targetFps: 5 })).toEqual({ level: 'ok', reason: 'ok' });
  });

  it('0.8 frames a second against 60 with hundreds dropped is red, with the figures', () => {
    expect(outputHealth({ ...fine, fps: 0.8, recentDropped: 74 })).toEqual({ level: 'bad', reason: 'slow: 0.8 of 60 fps · dropping 74 frames/s' });
  });

  it('slow: amber under 90 % of the target, red under 50 %, at the thresholds not yet', () => {
    expect(outputHealth({ ...fine, fps: 54 }).level).toBe('ok');
    expect(outputHealth({ ...fine, fps: 53.9 })).toEqual({ level: 'warn', reason: 'slow: 54 of 60 fps' });
    expect(outputHealth({ ...fine, fps: 30 }).level).toBe('warn');
    expect(outputHealth({ ...fine, fps: 29.9 })).toEqual({ level: 'bad', reason: 'slow: 30 of 60 fps' });
  });

  it('dropping: amber past one frame or 2 % of the target in a second, red past a quarter', () => {
    expect(outputHealth({ ...fine, recentDropped: 1 }).level).toBe('ok');
    expect(outputHealth({ ...fine, recentDropped: 2 })).toEqual({ level: 'warn', reason: 'dropping 2 frames/s' });
    expect(outputHealth({ ...fine, recentDropped: 15 }).level).toBe('warn');
    expect(outputHealth({ ...fine, recentDropped: 16 }).level).toBe('bad');
  });

  it('an output that does not say its target is judged against 60 frames a second', () => {
    expect(outputHealth({ ...fine, targetFps: undefined, fps: 0.8 })).toEqual({ level: 'bad', reason: 'slow: 0.8 of 60 fps' });
  });

  it('turns amber just past the age threshold, red past the gone threshold, not at them', () => {
    expect(outputHealth({ ...fine, ageS: AGE_WARN_S }).level).toBe('ok');
    expect(outputHealth({ ...fine, ageS: AGE_WARN_S + 0.01 })).toEqual({ level: 'warn', reason: 'stale 2.0 s' });
    expect(outputHealth({ ...fine, ageS: AGE_BAD_S }).level).toBe('warn');
    expect(outputHealth({ ...fine, ageS: AGE_BAD_S + 0.01 })).toEqual({ level: 'bad', reason: 'silent 5 s' });
  });

  it('turns amber past the drift threshold in either direction', () => {
    expect(outputHealth({ ...fine, diffMs: DIFF_WARN_MS }).level).toBe('ok');
    expect(outputHealth({ ...fine, diffMs: -DIFF_WARN_MS }).level).toBe('ok');
    expect(outputHealth({ ...fine, diffMs: DIFF_WARN_MS + 0.1 })).toEqual({ level: 'warn', reason: 'drifting +20 ms' });
    expect(outputHealth({ ...fine, diffMs: -35 })).toEqual({ level: 'warn', reason: 'drifting -35 ms' });
  });

  it('is red when disconnected, and amber when it cannot tell', () => {
    expect(outputHealth({ ...fine, connected: false })).toEqual({ level: 'bad', reason: 'disconnected' });
    expect(outputHealth({ ...fine, ageS: undefined }).level).toBe('warn');
    expect(outputHealth({ ...fine, diffMs: undefined }).level).toBe('warn');
    expect(outputHealth({ ...fine, connected: undefined }).level).toBe('ok');
  });
});
