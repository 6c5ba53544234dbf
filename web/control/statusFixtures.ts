/** Conductor status fixtures for the control room's tests (statusView in Node, the panels in the browser). */
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';

/** One output's report, healthy unless `over` says otherwise. */
export function output(projectorId: string, over: Partial<OutputStatus> = {}): OutputStatus {
  return { clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 60, droppedFrames: 0, offsetMs: 0.4, errorBoundMs: 0.3, lastShowS: 99.8, frames: 5988, ageS: 0.2, connected: true, ...over };
}

/** A whole conductor status: a 600 s show playing at 100 s, two of three outputs reporting. */
export function conductorStatus(over: Partial<ConductorStatus['transport']> = {}, rest: Partial<ConductorStatus> = {}): ConductorStatus {
  return {
    show: {
      id: 'dbp',
      title: 'Dien Bien Phu',
      file: 'shows/dbp.show.json',
      durationS: 600,
      chapters: [
        { id: 'prologue', title: 'Prologue', startS: 0 },
        { id: 'siege', title: 'The siege', startS: 120 },
        { id: 'victory', title: 'Victory', startS: 400 },
      ],
    },
    profile: { id: 'p3', name: 'Preview 3', file: 'p3.json', projectors: ['p1', 'p2', 'p3'] },
    transport: { status: 'playing', showS: 100, rate: 1, chapterIndex: 0, ended: false, ...over },
    blackout: false,
    language: 'en',
    nextLanguage: null,
    languages: ['en', 'fr', 'vi'],
    subtitles: [],
    audioProblems: [],
    epochS: 1_700_000_000,
    calibration: { locked: true, dirty: false, version: null, patterns: {} },
    outputs: [output('p1'), output('p2')],
    events: [
      { epochS: 1_700_000_000, level: 'info', message: 'output p1 connected' },
      { epochS: 1_700_000_001, level: 'error', message: 'GPU lost on p3' },
    ],
    ...rest,
  };
}
