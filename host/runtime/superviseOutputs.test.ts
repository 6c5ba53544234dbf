import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import type { OutputWindows } from '../conductor/Conductor.ts';
import { superviseOutputs, type SupervisedRuntime } from './superviseOutputs.ts';

const out = (projectorId: string, ageS: number): OutputStatus => ({ clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 5, droppedFrames: 0, offsetMs: 0, errorBoundMs: 0.1, lastShowS: 1, frames: 9, ageS, connected: true });

function fakes() {
  let epochS = 1000;
  let outputs: OutputStatus[] = [];
  let attached: OutputWindows | null = null;
  const notes: string[] = [];
  const calls: string[] = [];
  let givenUp: string[] = [];
  const conductor = {
    status: () => ({ epochS, outputs }) as unknown as ConductorStatus,
    note: (_l: string, m: string) => void notes.push(m),
    attachOutputWindows: (w: OutputWindows) => {
      attached = w;
      return () => (attached = null);
    },
  };
  const runtime: SupervisedRuntime = {
    restart: (n) => void calls.push(`restart ${n}`),
    revive: (names) => {
      calls.push(`revive ${names.join(',')}`);
      givenUp = givenUp.filter((g) => !names.includes(g));
      return [...names];
    },
    givenUp: () => givenUp,
  };
  return {
    conductor,
    runtime,
    notes,
    calls,
    windows: () => attached,
    set: (o: OutputStatus[], t: number, g: string[] = givenUp) => {
      outputs = o;
      epochS = t;
      givenUp = g;
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('superviseOutputs', () => {
  it('reload reaches the windows showing a projector (its own, or the preview tiling it); every window for null', () => {
    vi.useFakeTimers();
    const f = fakes();
    const stop = superviseOutputs(f.conductor, f.runtime, [
      { name: 'P01', projectorIds: ['P01'], preview: false },
      { name: 'preview', projectorIds: ['P02', 'P03'], preview: true },
    ]);
    expect(f.windows()!.reload('P01')).toEqual({ ok: true, message: 'reopening output window P01' });
    expect(f.windows()!.reload('P03')).toEqual({ ok: true, message: 'reopening output window preview (P02, P03)' });
    expect(f.windows()!.reload(null)).toEqual({ ok: true, message: 'reopening output windows P01, preview (P02, P03)' });
    expect(f.windows()!.reload('P09')).toEqual({ ok: false, message: 'reloadOutput: no output window here shows P09' });
    expect(f.calls).toEqual(['revive P01', 'revive preview', 'revive P01,preview']);
    stop();
    expect(f.windows()).toBeNull();
  });

  it('restarts a silent window but never one given up on; GO (reviveGivenUp) brings those back', () => {
    vi.useFakeTimers();
    const f = fakes();
    superviseOutputs(f.conductor, f.runtime, [
      { name: 'P01', projectorIds: ['P01'], preview: false },
      { name: 'P02', projectorIds: ['P02'], preview: false },
    ]);
    f.set([out('P01', 0.1), out('P02', 0.1)], 1000);
    vi.advanceTimersByTime(1000);
    f.set([out('P01', 16), out('P02', 16)], 1016, ['P02']);
    vi.advanceTimersByTime(1000);
    expect(f.calls).toEqual(['restart P01']);
    expect(f.notes).toEqual(['output P01 stopped reporting; restarting its window']);
    expect(f.windows()!.reviveGivenUp()).toEqual(['P02']);
    expect(f.calls).toEqual(['restart P01', 'revive P02']);
  });
});
