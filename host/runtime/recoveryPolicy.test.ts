import { describe, expect, it } from 'vitest';
import { RecoveryPolicy, type RecoveryDecision } from './recoveryPolicy.ts';

const delay = (d: RecoveryDecision): number | string => (d.action === 'reload' ? d.delayMs : 'give-up');

describe('RecoveryPolicy', () => {
  it('backs off 250, 500, 1000, 2000 ms and gives up at the fifth crash within 60 s', () => {
    const p = new RecoveryPolicy();
    const seq = [0, 1_000, 2_000, 3_000, 4_000].map((t) => delay(p.onCrash('P01', t, 'crashed')));
    expect(seq).toEqual([250, 500, 1000, 2000, 'give-up']);
    expect(p.isGivenUp('P01')).toBe(true);
    const again = p.onCrash('P01', 500_000, 'crashed');
    expect(again.action).toBe('give-up');
    expect(again.action === 'give-up' && again.message).toMatch(/Output P01 stopped: its renderer failed 5 times within 60 s \(last: crashed\)/);
  });

  it('caps the delay at 5 s when crashes are spread out but the output never settles', () => {
    const p = new RecoveryPolicy({ maxCrashes: 100 });
    const seq = Array.from({ length: 7 }, (_, i) => delay(p.onCrash('P01', i * 30_000, 'oom')));
    expect(seq).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('counts crashes in a sliding 60 s window', () => {
    const p = new RecoveryPolicy();
    for (const t of [0, 10_000, 20_000, 30_000]) p.onCrash('P01', t, 'crashed');
    // The crash at 0 is out of the window by 60 s: four in the window, so still reloading.
    expect(p.onCrash('P01', 60_000, 'crashed').action).toBe('reload');
    expect(p.onCrash('P01', 60_001, 'crashed').action).toBe('give-up');
  });

  it('starts again from 250 ms after 60 s of stability', () => {
    const p = new RecoveryPolicy();
    p.onCrash('P01', 0, 'crashed');
    p.onCrash('P01', 1_000, 'crashed');
    expect(p.onStable('P01', 60_999)).toBe(false);
    expect(delay(p.onCrash('P01', 30_000, 'crashed'))).toBe(1000);
    expect(p.onStable('P01', 89_999)).toBe(false);
    expect(p.onStable('P01', 90_000)).toBe(true);
    expect(p.onStable('P01', 95_000)).toBe(false);
    expect(delay(p.onCrash('P01', 100_000, 'crashed'))).toBe(250);
    // The crash count restarted too: four more are allowed before giving up.
    expect([101_000, 102_000, 103_000].map((t) => delay(p.onCrash('P01', t, 'crashed')))).toEqual([500, 1000, 2000]);
    expect(delay(p.onCrash('P01', 104_000, 'crashed'))).toBe('give-up');
  });

  it('keeps outputs independent', () => {
    const p = new RecoveryPolicy();
    for (let i = 0; i < 5; i++) p.onCrash('P01', i, 'crashed');
    expect(p.isGivenUp('P01')).toBe(true);
    expect(p.isGivenUp('P02')).toBe(false);
    expect(delay(p.onCrash('P02', 10, 'crashed'))).toBe(250);
    expect(delay(p.onCrash('P03', 10, 'unresponsive'))).toBe(250);
    expect(delay(p.onCrash('P02', 20, 'crashed'))).toBe(500);
  });

  it('stays given up through stability until the operator resets it', () => {
    const p = new RecoveryPolicy({ maxCrashes: 2 });
    p.onCrash('P01', 0, 'crashed');
    p.onCrash('P01', 1, 'crashed');
    expect(p.onStable('P01', 1_000_000)).toBe(false);
    expect(p.isGivenUp('P01')).toBe(true);
    p.reset('P01', 1_000_001);
    expect(p.isGivenUp('P01')).toBe(false);
    expect(delay(p.onCrash('P01', 1_000_002, 'crashed'))).toBe(250);
  });

  it('logs each decision for the control window, bounded and copied', () => {
    const p = new RecoveryPolicy({ maxCrashes: 2, maxLogEntries: 3 });
    p.onCrash('P01', 5, 'crashed');
    expect(p.events()).toEqual([{ epochMs: 5, projectorId: 'P01', level: 'warn', message: 'Output P01: renderer crashed; reloading in 250 ms (1 of 2 allowed within 60 s).' }]);
    p.onCrash('P01', 6, 'oom');
    expect(p.events()[1]).toMatchObject({ epochMs: 6, level: 'error' });
    p.record({ epochMs: 7, projectorId: 'gpu', level: 'warn', message: 'GPU process gone' });
    p.record({ epochMs: 8, projectorId: 'gpu', level: 'warn', message: 'GPU process gone' });
    expect(p.events().map((e) => e.epochMs)).toEqual([6, 7, 8]);
    p.events()[0]!.message = 'changed';
    expect(p.events()[0]!.message).not.toBe('changed');
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => new RecoveryPolicy({ maxCrashes: 0 })).toThrow(/maxCrashes must be a positive number/);
    expect(() => new RecoveryPolicy({ baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
  });
});
