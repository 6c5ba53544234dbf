import { describe, expect, it } from 'vitest';
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import { conductorStatus, output as fixtureOutput } from './statusFixtures.ts';
import { AUDIO_CLOCK_LIMIT_PPM, audioLine, calibrationLine, EVENTS_SHOWN, outputRows, readStatus } from './statusView.ts';

/** A healthy output that has just drawn show time 10 s, in step with the paused show of `status`. */
function output(projectorId: string, over: Partial<OutputStatus> = {}): OutputStatus {
  return fixtureOutput(projectorId, { offsetMs: 0, errorBoundMs: 0.5, lastShowS: 10, frames: 600, ...over });
}

/** A small demo show paused at 10 s, with no outputs and no events unless `over` adds them. */
function status(over: Partial<ConductorStatus> = {}): ConductorStatus {
  const show = { id: 'demo', title: 'Demo', file: 'shows/demo.show.json', durationS: 600, chapters: [{ id: 'a', title: 'A', startS: 0 }] };
  return conductorStatus({ status: 'paused', showS: 10 }, { show, outputs: [], events: [], ...over });
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
    expect(rows[1]?.health).toEqual({ level: 'warn', reason: 'drifting -50 ms' });
  });

  it('compares a frame with the conductor at its presentation epoch, so a slow frame rate (rendered ahead) is not drift', () => {
    // At 2 fps a page renders each frame for when it will be seen, half a second after it drew it.
    const playing = { status: 'playing' as const, showS: 100, rate: 1, chapterIndex: 0, ended: false };
    const at = 1_800_000_000;
    const rows = outputRows(readStatus(status({ epochS: at, transport: playing, outputs: [output('p1', { lastShowS: 100.2, lastEpochS: at + 0.2, ageS: 0.3 }), output('p2', { lastShowS: 100.23, lastEpochS: at + 0.2, ageS: 0.3 })] })));
    expect(rows[0]?.diffMs).toBeCloseTo(0, 3);
    expect(rows[0]?.health.level).toBe('ok');
    expect(rows[1]?.diffMs).toBeCloseTo(30, 3);
    expect(rows[1]?.health).toEqual({ level: 'warn', reason: 'drifting +30 ms' });
  });
});

describe('outputRows with a preview window', () => {
  it('one row per projector the preview tiles, marked preview; "not connected" only for projectors no page shows', () => {
    const tile = (id: string, over: Partial<OutputStatus> = {}) => output(id, { clientId: 'preview-page', preview: true, targetFps: 60, ...over });
    const rows = outputRows(readStatus(status({ outputs: [tile('p1'), tile('p2')] })));
    expect(rows.map((r) => [r.projectorId, r.output?.preview ?? null, r.health.reason])).toEqual([
      ['p1', true, 'ok'],
      ['p2', true, 'ok'],
      ['p3', null, 'not connected'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
  });

  it('a slow preview is said slow on every tile, with its figures', () => {
    const rows = outputRows(readStatus(status({ outputs: [output('p1', { clientId: 'pv', preview: true, fps: 0.8, targetFps: 60, recentDropped: 70 })] })));
    expect(rows[0]?.health).toEqual({ level: 'bad', reason: 'slow: 0.8 of 60 fps · dropping 70 frames/s' });
  });
});

describe('audioLine', () => {
  const audio = { state: 'running', language: 'en', clipsLoaded: 3, clipsFailed: 0, latencyMs: 40, clockRatePpm: 12.4, driftMs: 0.1, ageS: 0.5, connected: true };

  it('says the clock rate once measured, "measuring…" before (0) or while the context is not running', () => {
    expect(audioLine(audio)).toEqual({ text: 'running · en · 3 clips · latency 40.0 ms · clock +12 ppm · drift 0.10 ms', level: 'ok' });
    expect(audioLine({ ...audio, clockRatePpm: 0 }).text).toContain('clock measuring…');
    expect(audioLine({ ...audio, state: 'suspended', clockRatePpm: 1000 }).text).toContain('clock measuring…');
  });

  it('a rate at the clock map\'s 1000 ppm clamp is no measurement: said as such, amber', () => {
    for (const ppm of [1000, -1000]) {
      const line = audioLine({ ...audio, clockRatePpm: ppm });
      expect(line.text).toContain(`clock off by more than ${AUDIO_CLOCK_LIMIT_PPM} ppm`);
      expect(line.text).not.toContain('clock 1000 ppm');
      expect(line.level).toBe('warn');
    }
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
