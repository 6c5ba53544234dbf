import { describe, expect, it } from 'vitest';
import { FORGET_DISCONNECTED_S, OutputRecords, REPLACE_SILENT_S, type OutputReport } from './OutputRecords.ts';

const report = (projectorId: string, over: Partial<OutputReport> = {}): OutputReport => ({ projectorId, fps: 60, droppedFrames: 0, offsetMs: 0, errorBoundMs: 0.1, lastShowS: 1, frames: 10, ...over });

describe('OutputRecords', () => {
  it('keeps one record per page and projector: a preview page reporting per tile gives one row per projector', () => {
    const r = new OutputRecords();
    for (const id of ['P01', 'P02', 'P03']) r.report('preview-page', 'output', report(id, { preview: true }), 100);
    r.report('preview-page', 'output', report('P02', { frames: 11, preview: true }), 101);
    const list = r.list(101.5);
    expect(list.map((o) => o.projectorId)).toEqual(['P01', 'P02', 'P03']);
    expect(list.find((o) => o.projectorId === 'P02')).toMatchObject({ frames: 11, ageS: 0.5, connected: true, clientId: 'preview-page', preview: true });
  });

  it('marks every tile of a page gone when it leaves, and forgets them FORGET_DISCONNECTED_S later', () => {
    const r = new OutputRecords();
    r.report('a', 'output', report('P01'), 100);
    r.report('a', 'output', report('P02'), 100);
    r.report('b', 'output', report('P03'), 100);
    expect(r.disconnected('a', 101)).toEqual(['P01', 'P02']);
    expect(r.disconnected('a', 101)).toEqual([]);
    expect(r.list(101 + FORGET_DISCONNECTED_S - 0.1).filter((o) => !o.connected)).toHaveLength(2);
    // Forgotten by the status alone: no other client has to leave for the rows to go.
    expect(r.list(101 + FORGET_DISCONNECTED_S).map((o) => o.projectorId)).toEqual(['P03']);
  });

  it('a page reporting for a projector replaces its disconnected or silent records at once (no duplicate after a restart)', () => {
    const r = new OutputRecords();
    r.report('old', 'output', report('P01'), 100);
    r.disconnected('old', 100.5);
    r.report('new', 'output', report('P01'), 101);
    expect(r.list(101).map((o) => o.clientId)).toEqual(['new']);
    // A hung page whose socket stays open: silent for REPLACE_SILENT_S, then replaced by its restart.
    r.report('newer', 'output', report('P01'), 101 + REPLACE_SILENT_S);
    expect(r.list(101 + REPLACE_SILENT_S).map((o) => o.clientId)).toEqual(['newer']);
  });

  it('keeps two live pages of the same projector (two render nodes on one projector are both real)', () => {
    const r = new OutputRecords();
    r.report('a', 'node', report('P01'), 100);
    r.report('b', 'node', report('P01'), 101);
    expect(r.list(101).map((o) => o.clientId)).toEqual(['a', 'b']);
  });
});
