import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { conductorStatus, controlRoomTests, mount, output, stateOf } from './controlRoomHarness.tsx';
import './control.css';

controlRoomTests();

describe('ControlRoom outputs table', () => {
  const rowOf = (el: HTMLElement, id: string) => [...el.querySelectorAll<HTMLTableRowElement>(`tr[data-projector="${id}"]`)];

  it('a preview tiling every projector gives one row per projector (P1–P3), never one "all" row', () => {
    const tile = (id: string) => output(id, { clientId: 'preview-1', preview: true, fps: 10, targetFps: 10, recentDropped: 0 });
    const { el } = mount(stateOf(conductorStatus({}, { outputs: [tile('p1'), tile('p2'), tile('p3')] })));
    for (const id of ['p1', 'p2', 'p3']) {
      const rows = rowOf(el, id);
      expect(rows, id).toHaveLength(1);
      expect(rows[0]!.cells[1]!.textContent).toBe('preview');
      expect(rows[0]!.dataset['health']).toBe('ok');
    }
    expect(el.querySelector('tr[data-projector="all"]')).toBeNull();
  });

  it('says slow and dropping with the figures, in red, instead of a green ok', () => {
    const slow = output('p1', { fps: 0.8, targetFps: 60, droppedFrames: 412, recentDropped: 71 });
    const { el } = mount(stateOf(conductorStatus({}, { outputs: [slow, output('p2', { targetFps: 60, recentDropped: 0 })] })));
    const row = rowOf(el, 'p1')[0]!;
    expect(row.dataset['health']).toBe('bad');
    expect(row.querySelector('td.state')?.textContent).toBe('slow: 0.8 of 60 fps · dropping 71 frames/s');
    expect(row.cells[2]!.textContent).toBe('0.8 / 60');
    expect(row.cells[3]!.textContent).toBe('412 (+71)');
    expect(getComputedStyle(row.querySelector('td.state')!).color).not.toBe(getComputedStyle(rowOf(el, 'p2')[0]!.querySelector('td.state')!).color);
  });

  it('a Reload button on every projector row (also a missing one) and Reload all send reloadOutput', () => {
    const { el, sent, click } = mount(stateOf(conductorStatus()));
    expect(rowOf(el, 'p3')[0]!.querySelector('td.state')?.textContent).toBe('not connected');
    click('button[data-reload="p3"]');
    click('button[data-reload="p1"]');
    click('[data-testid="reload-all"]');
    expect(sent).toEqual([
      { command: 'reloadOutput', projectorId: 'p3' },
      { command: 'reloadOutput', projectorId: 'p1' },
      { command: 'reloadOutput', projectorId: null },
    ]);
  });

  it('a row leaves the table when the conductor forgets its output (no stale duplicate after a restart)', () => {
    const { el, render } = mount(stateOf(conductorStatus({}, { outputs: [output('p1', { clientId: 'old', connected: false }), output('p1', { clientId: 'new' })] })));
    expect(rowOf(el, 'p1')).toHaveLength(2);
    render(stateOf(conductorStatus({}, { outputs: [output('p1', { clientId: 'new' })] })));
    expect(rowOf(el, 'p1')).toHaveLength(1);
    expect(rowOf(el, 'p1')[0]!.dataset['health']).toBe('ok');
  });
});

describe('ControlRoom language and subtitles', () => {
  const intro = { clipId: 'intro', language: 'en', text: 'In 1954, the valley of Dien Bien Phu…', startS: 95, endS: 110 };

  it('picks a language from those the show offers, with the language command', async () => {
    const { q, sent } = mount(stateOf(conductorStatus()));
    const select = q<HTMLSelectElement>('[data-testid="language-select"]');
    expect([...select.options].map((o) => o.value)).toEqual(['en', 'fr', 'vi']);
    expect(select.value).toBe('en');
    expect(q('[data-testid="language-state"]').textContent).toBe('en now');
    await act(() => userEvent.selectOptions(select, 'fr'));
    expect(sent).toEqual([{ command: 'language', lang: 'fr' }]);
  });

  it('says when a language is queued for the next showing', () => {
    const { q } = mount(stateOf(conductorStatus({}, { nextLanguage: 'vi' })));
    expect(q<HTMLSelectElement>('[data-testid="language-select"]').value).toBe('vi');
    expect(q('[data-testid="language-state"]').textContent).toBe('en now · vi from the next showing');
  });

  it('shows the subtitle sounding now under the transport, and a fallback language plainly', () => {
    const { q, render, el } = mount(stateOf(conductorStatus()));
    expect(q('[data-testid="subtitle"]').textContent).toBe('no narration now');
    render(stateOf(conductorStatus({}, { subtitles: [intro] })));
    expect(q('[data-testid="subtitle"]').textContent).toBe(intro.text);
    // The subtitle panel sits right after the transport.
    expect(q('.transport').nextElementSibling?.classList.contains('subtitles')).toBe(true);
    render(stateOf(conductorStatus({}, { subtitles: [{ ...intro, language: 'vi', text: 'Năm 1954' }] })));
    expect(q('[data-testid="subtitle"]').textContent).toBe('Năm 1954 (vi: no recording in en)');
    expect(el.querySelector('.subtitle-line')?.getAttribute('lang')).toBe('vi');
  });

  it('lists the audio files that cannot play, by file, reason and clip', () => {
    const { q } = mount(stateOf(conductorStatus({}, { audioProblems: [{ clipId: 'intro', file: 'narration/fr/intro.wav', reason: 'is a text file, not audio' }] })));
    expect(q('[data-testid="audio-problems"]').textContent).toContain('narration/fr/intro.wav is a text file, not audio (clip intro)');
  });

  it('says whether there is sound: no audio page, running, silent clips, not reporting', () => {
    const { q, render } = mount(stateOf(conductorStatus()));
    expect(q('[data-testid="audio-engine"]').textContent).toBe('Sound: no audio page connected: no sound');
    expect(q('[data-testid="audio-engine"]').className).toContain('audio-error');
    const audio = { state: 'running' as const, language: 'fr', clipsLoaded: 12, clipsFailed: [], contextLatencyMs: 42.5, clockRatePpm: -31.4, driftMs: 0.12, lastShowS: 10, ageS: 0.4, connected: true };
    render(stateOf(conductorStatus({}, { audio })));
    expect(q('[data-testid="audio-engine"]').textContent).toBe('Sound: running · fr · 12 clips · latency 42.5 ms · clock -31 ppm · drift 0.12 ms');
    expect(q('[data-testid="audio-engine"]').className).toContain('audio-ok');
    render(stateOf(conductorStatus({}, { audio: { ...audio, clipsFailed: [{ clipId: 'a', file: 'x.ogg', reason: 'HTTP 404' }] } })));
    expect(q('[data-testid="audio-engine"]').textContent).toContain('12 clips, 1 silent');
    expect(q('[data-testid="audio-engine"]').className).toContain('audio-warn');
    render(stateOf(conductorStatus({}, { audio: { ...audio, ageS: 9, connected: false } })));
    expect(q('[data-testid="audio-engine"]').textContent).toContain('not reporting');
    expect(q('[data-testid="audio-engine"]').className).toContain('audio-error');
    // The clock map's 1000 ppm clamp is no measurement; 0 is "not measured yet".
    render(stateOf(conductorStatus({}, { audio: { ...audio, clockRatePpm: 1000 } })));
    expect(q('[data-testid="audio-engine"]').textContent).toContain('clock off by more than 1000 ppm');
    expect(q('[data-testid="audio-engine"]').className).toContain('audio-warn');
    render(stateOf(conductorStatus({}, { audio: { ...audio, clockRatePpm: 0 } })));
    expect(q('[data-testid="audio-engine"]').textContent).toContain('clock measuring…');
  });
});
