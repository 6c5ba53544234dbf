import { describe, expect, it } from 'vitest';
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import { calibrationLine, EVENTS_SHOWN, outputRows, readStatus } from './statusView.ts';

function output(projectorId: string, over: Partial<OutputStatus> = {}): OutputStatus {
  return { clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 60, droppedFrames: 0, offsetMs: 0, errorBoundMs: 0.5, lastShowS: 10, frames: 600, ageS: 0.2, connected: true, ...over };
}

function status(over: Partial<ConductorStatus> = {}): ConductorStatus {
  return {
    show: { id: 'demo', title: 'Demo', file: 'shows/demo.show.json', durationS: 600, chapters: [{ id: 'a', title: 'A', startS: 0 }] },
    profile: { id: 'p3', name: 'Preview 3', file: 'p3.json', projectors: ['p1', 'p2', 'p3'] },
    transport: { status: 'paused', showS: 10, rate: 1, chapterIndex: 0, ended: false },
    blackout: false,
    language: 'en',
    nextLanguage: null,
    languages: ['en', 'fr', 'vi'],
    subtitles: [],
    audioProblems: [],
    epochS: 1_700_000_000,
    calibration: { locked: true, dirty: false, version: null, patterns: {} },
    outputs: [],
    events: [],
    ...over,
  };
}

describe('readStatus', () => {
  it('reads language, the queued language, subtitles and audio problems, dropping malformed entries', () => {
    const v = readStatus({
      ...status({ nextLanguage: 'fr', subtitles: [{ clipId: 'intro', language: 'en', text: 'In 1954', startS: 2, endS: 9 }], audioProblems: [{ clipId: 'a', file: 'x.wav', reason: 'is missing' }] }),
    });
    expect(v).toMatchObject({ language: 'en', nextLanguage: 'fr', languages: ['en', 'fr', 'vi'], subtitles: [{ clipId: 'intro', language: 'en', text: 'In 1954' }], audioProblems: [{ clipId: 'a', file: 'x.wav', reason: 'is missing' }] });
    const bad = readStatus({ nextLanguage: 7, languages: ['en', 3], subtitles: [{ text: 5 }, 'x', { text: 'ok' }], audioProblems: 'none' });
    expect(bad).toMatchObject({ nextLanguage: undefined, languages: ['en'], subtitles: [{ clipId: undefined, language: undefined, text: 'ok' }], audioProblems: [] });
    expect(readStatus(status()).nextLanguage).toBeNull();
  });

  it('reads a well-formed status', () => {
    const v = readStatus(status({ outputs: [output('p1')] }));
    expect(v.showTitle).toBe('Demo');
    expect(v.profileName).toBe('Preview 3');
    expect(v.playState).toBe('paused');
    expect(v.chapters).toEqual([{ title: 'A', startS: 0 }]);
    expect(v.outputs[0]?.projectorId).toBe('p1');
  });

  it('turns missing or mistyped fields into undefined and never throws', () => {
    for (const raw of [null, 42, 'status', [], {}, { show: 'x', transport: { status: 'flying', showS: '10' }, outputs: 'none', events: {} }]) {
      const v = readStatus(raw);
      expect(v.showTitle).toBeUndefined();
      expect(v.playState).toBeUndefined();
      expect(v.showS).toBeUndefined();
      expect(v.outputs).toEqual([]);
      expect(v.events).toEqual([]);
    }
    const v = readStatus({ outputs: [{ projectorId: 7, fps: 'fast', ageS: NaN, connected: 'yes' }], profile: { projectors: ['p1', 3, null] } });
    expect(v.outputs[0]).toMatchObject({ projectorId: undefined, fps: undefined, ageS: undefined, connected: undefined });
    expect(v.profileProjectors).toEqual(['p1']);
  });

  it('keeps the newest events first, at most EVENTS_SHOWN', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ epochS: i, level: 'info' as const, message: `e${i}` }));
    const v = readStatus(status({ events }));
    expect(v.events).toHaveLength(EVENTS_SHOWN);
    expect(v.events[0]?.message).toBe('e29');
    expect(v.events[EVENTS_SHOWN - 1]?.message).toBe('e10');
  });
});

describe('outputRows', () => {
  it('lists projectors in profile order with a red row for each one without an output', () => {
    const rows = outputRows(readStatus(status({ outputs: [output('p3'), output('p1')] })));
    expect(rows.map((r) => [r.projectorId, r.health.level, r.health.reason])).toEqual([
      ['p1', 'ok', 'ok'],
      ['p2', 'bad', 'not connected'],
      ['p3', 'ok', 'ok'],
    ]);
  });

  it('puts outputs whose projector is not in the profile last', () => {
    const rows = outputRows(readStatus(status({ outputs: [output('stray'), output('p2')] })));
    expect(rows.map((r) => r.projectorId)).toEqual(['p1', 'p2', 'p3', 'stray']);
  });

  it('measures drift against where the conductor was when the report was made', () => {
    const playing = { status: 'playing' as const, showS: 100, rate: 1, chapterIndex: 0, ended: false };
    const rows = outputRows(readStatus(status({ transport: playing, outputs: [output('p1', { lastShowS: 99.5, ageS: 0.5 }), output('p2', { lastShowS: 99.45, ageS: 0.5 })] })));
    expect(rows[0]?.health.level).toBe('ok');
    expect(rows[1]?.diffMs).toBeCloseTo(-50, 6);
    expect(rows[1]?.health).toEqual({ level: 'warn', reason: 'drifting' });
  });

  it('compares a frame with the conductor at its presentation epoch, so a slow frame rate (rendered ahead) is not drift', () => {
    // At 2 fps a page renders each frame for when it will be seen, half a second after it drew it.
    const playing = { status: 'playing' as const, showS: 100, rate: 1, chapterIndex: 0, ended: false };
    const at = 1_800_000_000;
    const rows = outputRows(readStatus(status({ epochS: at, transport: playing, outputs: [output('p1', { lastShowS: 100.2, lastEpochS: at + 0.2, ageS: 0.3 }), output('p2', { lastShowS: 100.23, lastEpochS: at + 0.2, ageS: 0.3 })] })));
    expect(rows[0]?.diffMs).toBeCloseTo(0, 3);
    expect(rows[0]?.health.level).toBe('ok');
    expect(rows[1]?.diffMs).toBeCloseTo(30, 3);
    expect(rows[1]?.health).toEqual({ level: 'warn', reason: 'drifting' });
  });
});

describe('outputRows with a preview window', () => {
  it('shows the preview row and no "not connected" rows while the preview is connected', () => {
    const rows = outputRows(readStatus(status({ outputs: [output('all')] })));
    expect(rows.map((r) => r.projectorId)).toEqual(['all']);
    const gone = outputRows(readStatus(status({ outputs: [output('all', { connected: false })] })));
    expect(gone.filter((r) => r.health.reason === 'not connected').map((r) => r.projectorId)).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('calibration line', () => {
  it('says locked or UNLOCKED, unsaved changes, the version and the projectors on test patterns; tolerates a missing or malformed field', () => {
    expect(calibrationLine(readStatus(status()).calibration)).toBe('locked (show mode) · no saved versions');
    const open = readStatus(status({ calibration: { locked: false, dirty: true, version: 3, patterns: { P01: 'white', P02: { grayCode: { axis: 'x', bit: 2, inverse: false } } } } }));
    expect(calibrationLine(open.calibration)).toBe('UNLOCKED · unsaved changes · v3 · test patterns on P01, P02');
    expect(calibrationLine(readStatus({}).calibration)).toBe('—');
    expect(calibrationLine(readStatus({ calibration: { locked: 'yes', version: 'x' } }).calibration)).toBe('— · version —');
  });
});
