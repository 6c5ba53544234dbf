import { describe, expect, it } from 'vitest';
import type { OutputStatus } from '../../engine/core/protocol/status.ts';
import { OutputWatchdog, type WatchedWindow } from './outputWatchdog.ts';

const out = (projectorId: string, ageS: number, connected = true, frames = 60, preview = false): OutputStatus => ({ clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 60, droppedFrames: 0, offsetMs: 0, errorBoundMs: 0.1, lastShowS: 1, frames, ageS, connected, ...(preview ? { preview } : {}) });
const windows = new Map<string, WatchedWindow>([
  ['P01', { projectorIds: ['P01'], preview: false }],
  ['preview', { projectorIds: ['P01', 'P02'], preview: true }],
]);
const preview = (ageS: number, connected = true) => [out('P01', ageS, connected, 60, true), out('P02', ageS, connected, 60, true)];

describe('OutputWatchdog', () => {
  it('restarts an output whose socket closed after 5 s, and one silent with its socket open (hung) after 15 s', () => {
    const w = new OutputWatchdog(5, 60, 15);
    expect(w.check(windows, [out('P01', 0.5), ...preview(0.5)], 100)).toEqual([]);
    // Socket open, busy for 14 s (a long frame on software GL): left alone.
    expect(w.check(windows, [out('P01', 14), ...preview(0.5)], 114)).toEqual([]);
    expect(w.check(windows, [out('P01', 15), ...preview(0.5)], 115)).toEqual(['P01']);
    // Its new page takes 30 s to come up (software GL): never restarted again meanwhile.
    expect(w.check(windows, [out('P01', 30, false), ...preview(0.5)], 130)).toEqual([]);
    expect(w.check(windows, [out('P01', 40, false), ...preview(0.5)], 140)).toEqual([]);
    // It reported, then its socket closed: restarted 5 s after its last report.
    expect(w.check(windows, [out('P01', 0.2), ...preview(0.5)], 141)).toEqual([]);
    expect(w.check(windows, [out('P01', 4.5, false), ...preview(0.5)], 145.3)).toEqual([]);
    expect(w.check(windows, [out('P01', 5, false), ...preview(0.5)], 146)).toEqual(['P01']);
    // Never reported after that restart: judged again once the grace is over.
    expect(w.check(windows, [...preview(0.5)], 205)).toEqual([]);
    expect(w.check(windows, [...preview(0.5)], 206)).toEqual(['P01']);
  });

  it('a held output keeps reporting with no new frame: it is alive', () => {
    const w = new OutputWatchdog(5);
    for (let t = 0; t <= 120; t += 1) expect(w.check(windows, [out('P01', 0.3, true, 500), ...preview(0.3)], t)).toEqual([]);
  });

  it('restarts a disconnected preview (every tile gone), and leaves alone one that never came up', () => {
    const w = new OutputWatchdog(5);
    w.check(windows, preview(0.2), 0);
    expect(w.check(windows, preview(3, false), 3)).toEqual([]); // last report at t = 0, gone for 3 s
    expect(w.check(windows, preview(6, false), 6)).toEqual(['preview']);
  });

  it("a projector window's reports do not keep a dead preview of the same projector alive, nor the other way round", () => {
    const w = new OutputWatchdog(5);
    w.check(windows, [out('P01', 0.2), ...preview(0.2)], 0);
    expect(w.check(windows, [out('P01', 0.2), ...preview(6, false)], 6)).toEqual(['preview']);
    expect(w.check(windows, [out('P01', 6, false), ...preview(0.2)], 12)).toEqual(['P01']);
  });

  it('forget: a window reopened by the operator is judged afresh', () => {
    const w = new OutputWatchdog(5);
    w.check(windows, [out('P01', 0.2)], 0);
    expect(w.check(windows, [out('P01', 6, false)], 6)).toEqual(['P01']);
    w.forget('P01');
    expect(w.check(windows, [], 100)).toEqual([]);
  });
});
