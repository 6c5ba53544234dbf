import { describe, expect, it } from 'vitest';
import type { OutputStatus } from '../../engine/core/protocol/status.ts';
import { OutputWatchdog } from './outputWatchdog.ts';

const out = (projectorId: string, ageS: number, connected = true): OutputStatus => ({ clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 60, droppedFrames: 0, offsetMs: 0, errorBoundMs: 0.1, lastShowS: 1, frames: 60, ageS, connected });
const windows = new Map([
  ['P01', 'P01'],
  ['preview', 'all'],
]);

describe('OutputWatchdog', () => {
  it('restarts an output that reported and then went silent, once per grace period', () => {
    const w = new OutputWatchdog(5);
    expect(w.check(windows, [out('P01', 0.5), out('all', 0.5)], 100)).toEqual([]);
    expect(w.check(windows, [out('P01', 4), out('all', 0.5)], 104)).toEqual([]);
    expect(w.check(windows, [out('P01', 6), out('all', 0.5)], 106)).toEqual(['P01']);
    expect(w.check(windows, [out('P01', 7), out('all', 0.5)], 107)).toEqual([]); // just restarted
    expect(w.check(windows, [out('P01', 20), out('all', 0.5)], 117)).toEqual(['P01']);
  });

  it('restarts a disconnected output, and leaves alone one that never came up', () => {
    const w = new OutputWatchdog(5);
    w.check(windows, [out('all', 0.2)], 0);
    expect(w.check(windows, [out('all', 3, false)], 3)).toEqual([]); // last report at t = 0, gone for 3 s
    expect(w.check(windows, [out('all', 6, false)], 6)).toEqual(['preview']);
  });
});
