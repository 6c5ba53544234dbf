import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Command } from '../../engine/core/protocol/commands.ts';
import { createCalibrationSession, isLocked } from './CalibrationSession.ts';
import { bumpedTruth, measureMisregistration } from './hallSimulation.ts';

const preview = JSON.parse(readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url), 'utf8')) as Profile;
const tick = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

function session(answer: (c: Command) => { ok: boolean; message: string } = () => ({ ok: true, message: 'ok' })) {
  const sent: Command[] = [];
  const s = createCalibrationSession(async (c) => {
    sent.push(c);
    return answer(c);
  });
  s.getState().onMessage({ type: 'documents', generation: 4, profile: preview, show: null, language: 'en' });
  s.getState().onMessage({ type: 'status', status: { calibration: { locked: false, dirty: false, version: 2, patterns: { P03: 'grid' } }, outputs: [{ projectorId: 'P01', fps: 59.7, connected: true, ageS: 0.1 }] } });
  return { s, sent };
}

describe('the calibration page session', () => {
  it('reads documents and status, selects the first projector', () => {
    const { s } = session();
    const st = s.getState();
    expect(st.profile!.projectors.map((p) => p.id)).toEqual(['P01', 'P02', 'P03']);
    expect(st.selectedId).toBe('P01');
    expect(st.calibration).toEqual({ locked: false, dirty: false, version: 2, patterns: { P03: 'grid' } });
    expect(st.outputs).toEqual([{ projectorId: 'P01', fps: 60, connected: true }]);
    expect(isLocked(s.getState())).toBe(false);
  });

  it('shows an edit at once, sends it, and keeps it until the conductor echoes it', async () => {
    const { s, sent } = session();
    const pose = { ...preview.projectors[1]!.pose, yawDeg: 0.25 };
    s.getState().edit('P02', { pose });
    expect(s.getState().projector('P02')!.pose.yawDeg).toBe(0.25);
    await tick(10);
    expect(sent).toEqual([{ command: 'setProjector', projectorId: 'P02', patch: { pose } }]);
    // An older live change of another field arrives first: the page's edit stays.
    s.getState().onMessage({ type: 'projector', generation: 4, revision: 1, projectorId: 'P02', config: { ...preview.projectors[1]!, blackLevel: 0.0025 } });
    expect(s.getState().projector('P02')!.pose.yawDeg).toBe(0.25);
    expect(s.getState().projector('P02')!.blackLevel).toBe(0.0025);
    // The echo; a stale revision or another generation is ignored.
    s.getState().onMessage({ type: 'projector', generation: 4, revision: 2, projectorId: 'P02', config: { ...preview.projectors[1]!, blackLevel: 0.0025, pose } });
    s.getState().onMessage({ type: 'projector', generation: 4, revision: 2, projectorId: 'P02', config: preview.projectors[1]! });
    s.getState().onMessage({ type: 'projector', generation: 3, revision: 9, projectorId: 'P02', config: preview.projectors[1]! });
    expect(s.getState().projector('P02')!.pose.yawDeg).toBe(0.25);
  });

  it('a refused edit goes back to the conductor\'s value, and the log says why', async () => {
    const { s } = session(() => ({ ok: false, message: 'setProjector P02: the profile would be invalid: projectors.1.blackLevel: too big' }));
    s.getState().edit('P02', { blackLevel: 0.15 });
    expect(s.getState().projector('P02')!.blackLevel).toBe(0.15);
    await tick(10);
    expect(s.getState().projector('P02')!.blackLevel).toBe(preview.projectors[1]!.blackLevel);
    expect(s.getState().log.at(-1)).toMatchObject({ ok: false, message: expect.stringContaining('blackLevel') });
  });

  it('a warp edited elsewhere reaches the warp editor', () => {
    const { s } = session();
    s.getState().dispatchWarp('P01', { type: 'select', index: 3 });
    const warp = { cols: 2, rows: 2, offsetsPx: [[1, 0], [0, 0], [0, 0], [0, 2]] as [number, number][] };
    s.getState().onMessage({ type: 'projector', generation: 4, revision: 1, projectorId: 'P01', config: { ...preview.projectors[0]!, warp } });
    expect(s.getState().warp['P01']!.grid).toEqual(warp);
  });
});

describe('the simulated hall', () => {
  it('bumps one projector\'s true pose (software warps left out) and measures the misregistration it causes', () => {
    const warped: Profile = { ...preview, projectors: preview.projectors.map((p) => ({ ...p, warp: { cols: 2, rows: 2, offsetsPx: [[0, 0], [0, 0], [0, 0], [0, 0]] } })) };
    const truth = bumpedTruth(warped, { projectorId: 'P02', yawDeg: 1, pitchDeg: 0.5, rollDeg: 0 });
    expect(truth.projectors[1]!.pose.yawDeg).toBe(preview.projectors[1]!.pose.yawDeg + 1);
    expect(truth.projectors[0]!.pose).toEqual(preview.projectors[0]!.pose);
    expect(truth.projectors.every((p) => p.warp === undefined)).toBe(true);
    expect(() => bumpedTruth(preview, { projectorId: 'P9', yawDeg: 1, pitchDeg: 0, rollDeg: 0 })).toThrow(/P9/);
    const none = measureMisregistration(preview, preview);
    expect(none.maxPx).toBeLessThan(0.01);
    const bumped = measureMisregistration(preview, truth);
    expect(bumped.zones.map((z) => z.zone)).toEqual(['P01|P02', 'P02|P03']);
    // 1° of yaw at ~21 m on an 8192-px, 138° painting: about 60 painting px, plus the pitch.
    expect(bumped.maxPx).toBeGreaterThan(50);
    expect(bumped.maxPx).toBeLessThan(90);
  });
});
