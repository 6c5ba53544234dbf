import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { COMMANDS, type Command } from '../../engine/core/protocol/commands.ts';
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import { ControlRoom } from './ControlRoom.tsx';
import { formatKey } from './format.ts';
import { readStatus } from './statusView.ts';
import { TRANSPORT_BUTTONS } from './TransportPanel.tsx';
import { INITIAL_STATE, type ConductorState } from './useConductor.ts';
import { SECOND_PRESS_MS } from './useSecondPress.ts';
import './control.css';

beforeAll(() => {
  // Tells React this is a test environment, so act() flushes updates and warns about stray ones.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

function output(projectorId: string, over: Partial<OutputStatus> = {}): OutputStatus {
  return { clientId: `c-${projectorId}`, projectorId, role: 'output', fps: 60, droppedFrames: 0, offsetMs: 0.4, errorBoundMs: 0.3, lastShowS: 99.8, frames: 5988, ageS: 0.2, connected: true, ...over };
}

function conductorStatus(over: Partial<ConductorStatus['transport']> = {}, rest: Partial<ConductorStatus> = {}): ConductorStatus {
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

function stateOf(status: ConductorStatus | null, over: Partial<ConductorState> = {}): ConductorState {
  return { ...INITIAL_STATE, phase: 'open', status: status === null ? null : readStatus(status), ...over };
}

let root: Root | null = null;
let container: HTMLDivElement | null = null;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = null;
  container = null;
  vi.useRealTimers();
});

/** Renders the control room with a fake connection that records what it sends. */
function mount(state: ConductorState) {
  const sent: Command[] = [];
  const send = (c: Command) => void sent.push(c);
  container = document.createElement('div');
  document.body.append(container);
  const r = createRoot(container);
  root = r;
  const render = (s: ConductorState) => act(() => r.render(<ControlRoom state={s} send={send} />));
  render(state);
  const el = container;
  const q = <T extends Element>(selector: string): T => {
    const found = el.querySelector<T>(selector);
    if (!found) throw new Error(`nothing matches ${selector}`);
    return found;
  };
  const click = (selector: string) => act(() => q<HTMLElement>(selector).click());
  return { el, sent, render, q, click };
}

describe('ControlRoom', () => {
  it('builds its transport buttons from the command registry (label and key)', () => {
    const { el } = mount(stateOf(conductorStatus()));
    for (const name of TRANSPORT_BUTTONS) {
      const info = COMMANDS.find((c) => c.name === name);
      const button = el.querySelector(`button[data-command="${name}"]`);
      expect(info, name).toBeDefined();
      expect(button?.textContent, name).toContain(info?.label);
      if (info?.key !== undefined) expect(button?.querySelector('kbd')?.textContent).toBe(formatKey(info.key));
    }
    // Every command with a keyboard key has a button showing it.
    for (const info of COMMANDS.filter((c) => c.key !== undefined)) {
      expect(el.querySelector(`button[data-command="${info.name}"] kbd`), info.name).not.toBeNull();
    }
  });

  it('shows show, profile, clock, time and status word', () => {
    const { el } = mount(stateOf(conductorStatus()));
    expect(el.querySelector('h1')?.textContent).toBe('Dien Bien Phu');
    expect(el.textContent).toContain('Preview 3');
    expect(el.querySelector('[data-testid="show-time"]')?.textContent).toContain('01:40.0');
    expect(el.querySelector('[data-testid="show-time"]')?.textContent).toContain('10:00.0');
    expect(el.querySelector('[data-testid="play-word"]')?.textContent).toBe('PLAYING');
    const events = [...el.querySelectorAll('.event')];
    expect(events[0]?.textContent).toContain('GPU lost on p3');
    expect(events[0]?.classList.contains('event-error')).toBe(true);
  });

  it('links to the calibration page in a new window that may ask this one for the token (none in its address)', () => {
    const { q } = mount(stateOf(conductorStatus()));
    const link = q<HTMLAnchorElement>('a.calibration-link');
    expect(link.textContent).toBe('Calibration');
    expect(link.target).toBe('_blank');
    expect(new URL(link.href).pathname.endsWith('/calibration/index.html')).toBe(true);
    expect(new URL(link.href).hash).toBe('');
    expect(link.rel).toBe('opener');
  });

  it('shows the calibration line: locked in show mode, or unlocked with unsaved changes highlighted', () => {
    const { q, render } = mount(stateOf(conductorStatus()));
    expect(q('[data-testid="calibration-state"]').textContent).toBe('locked (show mode) · no saved versions');
    expect(q('[data-testid="calibration-state"]').classList.contains('calibration-open')).toBe(false);
    render(stateOf(conductorStatus({}, { calibration: { locked: false, dirty: true, version: 4, patterns: { p2: 'grid' } } })));
    expect(q('[data-testid="calibration-state"]').textContent).toBe('UNLOCKED · unsaved changes · v4 · test patterns on p2');
    expect(q('[data-testid="calibration-state"]').classList.contains('calibration-open')).toBe(true);
  });

  it('renders missing status fields as dashes', () => {
    const { el } = mount({ ...INITIAL_STATE, phase: 'open', status: readStatus({ transport: { status: 'playing' } }) });
    expect(el.querySelector('h1')?.textContent).toBe('—');
    expect(el.querySelector('[data-testid="show-time"]')?.textContent).toContain('—');
    expect(el.textContent).toContain('no outputs connected');
  });

  it('sends play when GO is pressed', () => {
    const { sent, click } = mount(stateOf(conductorStatus({ status: 'paused' })));
    click('button[data-command="play"]');
    expect(sent).toEqual([{ command: 'play' }]);
  });

  it('needs two presses of Stop while playing, one when not', () => {
    const { sent, click, q, render } = mount(stateOf(conductorStatus()));
    click('button[data-command="stop"]');
    expect(sent).toEqual([]);
    expect(q('button[data-command="stop"]').textContent).toContain('Press again to stop');
    click('button[data-command="stop"]');
    expect(sent).toEqual([{ command: 'stop' }]);
    expect(q('button[data-command="stop"]').textContent).not.toContain('Press again');

    render(stateOf(conductorStatus({ status: 'paused' })));
    click('button[data-command="stop"]');
    expect(sent).toEqual([{ command: 'stop' }, { command: 'stop' }]);
  });

  it('forgets an armed Stop after the confirmation window', () => {
    vi.useFakeTimers();
    const { sent, click, q } = mount(stateOf(conductorStatus()));
    click('button[data-command="stop"]');
    act(() => vi.advanceTimersByTime(SECOND_PRESS_MS + 1));
    expect(q('button[data-command="stop"]').textContent).not.toContain('Press again');
    click('button[data-command="stop"]');
    expect(sent).toEqual([]);
  });

  it('toggles blackout from the reported state and shows it on', () => {
    const { sent, click, q, render } = mount(stateOf(conductorStatus()));
    click('button[data-command="blackout"]');
    render(stateOf(conductorStatus({}, { blackout: true })));
    const button = q('button[data-command="blackout"]');
    expect(button.classList.contains('on')).toBe(true);
    expect(getComputedStyle(button).backgroundColor).toBe('rgb(179, 21, 27)');
    click('button[data-command="blackout"]');
    expect(sent).toEqual([
      { command: 'blackout', on: true },
      { command: 'blackout', on: false },
    ]);
  });

  it('sends a chapter button its index and highlights the current chapter', () => {
    const { sent, click, q } = mount(stateOf(conductorStatus({ chapterIndex: 1 })));
    click('button[data-chapter="2"]');
    expect(sent).toEqual([{ command: 'chapter', index: 2 }]);
    expect(q('button[data-chapter="1"]').getAttribute('aria-current')).toBe('step');
    expect(q('button[data-chapter="0"]').getAttribute('aria-current')).toBeNull();
  });

  it('seeks from the field, and from the progress bar with a second click while playing', () => {
    const { sent, q, el } = mount(stateOf(conductorStatus()));
    const input = q<HTMLInputElement>('.seek input');
    act(() => {
      // React tracks the input's value; set it through the native setter so onChange sees the change.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, '42.5');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => q<HTMLButtonElement>('.seek button[type="submit"]').click());
    expect(sent).toEqual([{ command: 'seek', toS: 42.5 }]);

    const bar = q<HTMLElement>('[data-testid="progress"]');
    const rect = bar.getBoundingClientRect();
    const clickAt = (f: number) => act(() => bar.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: rect.left + rect.width * f, clientY: rect.top + 2 })));
    clickAt(0.25);
    expect(sent).toHaveLength(1);
    expect(el.textContent).toContain('Click again to go to 02:30.0');
    clickAt(0.25);
    expect(sent[1]).toEqual({ command: 'seek', toS: 150 });
  });

  it('marks stale, silent and missing outputs', () => {
    const outputs = [output('p1'), output('p2', { ageS: 3, lastShowS: 97 }), output('node-9', { role: 'node', ageS: 6, lastShowS: 94 })];
    const { q } = mount(stateOf(conductorStatus({}, { outputs })));
    expect(q('tr[data-projector="p1"]').getAttribute('data-health')).toBe('ok');
    expect(q('tr[data-projector="p2"]').getAttribute('data-health')).toBe('warn');
    expect(q('tr[data-projector="p2"]').textContent).toContain('stale');
    expect(q('tr[data-projector="node-9"]').getAttribute('data-health')).toBe('bad');
    expect(q('tr[data-projector="p3"]').getAttribute('data-health')).toBe('bad');
    expect(q('tr[data-projector="p3"]').textContent).toContain('not connected');
    expect(getComputedStyle(q('tr[data-projector="p2"]')).backgroundColor).not.toBe(getComputedStyle(q('tr[data-projector="p1"]')).backgroundColor);
  });

  it('says when no output is connected', () => {
    const { el, q } = mount(stateOf(conductorStatus({}, { outputs: [] })));
    expect(el.textContent).toContain('no outputs connected');
    expect(q('tr[data-projector="p1"]').textContent).toContain('not connected');
  });

  it('shows the refused token and disables the controls', () => {
    const { q } = mount(stateOf(null, { phase: 'refused' }));
    expect(q('[data-testid="connection-banner"]').textContent).toContain('The control token was refused');
    expect(q<HTMLButtonElement>('button[data-command="play"]').disabled).toBe(true);
  });

  it('shows a lost connection', () => {
    const { q } = mount(stateOf(conductorStatus(), { phase: 'lost' }));
    expect(q('[data-testid="connection-banner"]').textContent).toBe('Connection lost — reconnecting');
  });

  it('shows failures until dismissed, and counts dropped messages', () => {
    const { q, el, click } = mount(stateOf(conductorStatus(), { droppedMessages: 3, failures: [{ key: 1, message: 'Go to chapter: no chapter 9' }] }));
    expect(q('[data-testid="dropped"]').textContent).toBe('dropped 3 bad messages');
    expect(q('[data-testid="failures"]').textContent).toContain('no chapter 9');
    click('[data-testid="failures"] button');
    expect(el.querySelector('[data-testid="failures"]')).toBeNull();
  });

  it('follows the registry keys, with Stop confirmed and typing ignored', async () => {
    const { sent, q } = mount(stateOf(conductorStatus()));
    // A focused button must not also be "clicked" by Space: GO is the only thing Space may do.
    q<HTMLButtonElement>('button[data-command="stop"]').focus();
    await act(() => userEvent.keyboard(' '));
    expect(sent).toEqual([{ command: 'play' }]);
    await act(() => userEvent.keyboard('{Escape}'));
    expect(sent).toHaveLength(1);
    await act(() => userEvent.keyboard('{Escape}'));
    expect(sent[1]).toEqual({ command: 'stop' });
    await act(() => userEvent.keyboard('{ArrowRight}b'));
    expect(sent.slice(2)).toEqual([{ command: 'nextChapter' }, { command: 'blackout', on: true }]);

  });

  it('in the seek field: digits, Space and arrows stay with the field, B and H still act, Esc leaves it (with a hint saying so)', async () => {
    const { sent, q } = mount(stateOf(conductorStatus({ status: 'paused' })));
    const input = q<HTMLInputElement>('.seek input');
    const hint = q<HTMLElement>('[data-testid="seek-hint"]');
    expect(hint.hidden).toBe(true);
    await act(() => input.focus());
    expect(hint.hidden).toBe(false);
    expect(hint.textContent).toContain('H (Hold) and B (Blackout) still act on the show');
    expect(hint.textContent).toContain('Esc leaves the field');
    await act(() => userEvent.keyboard('12 {ArrowUp}'));
    expect(sent).toEqual([]);
    expect(input.value).not.toBe('');
    await act(() => userEvent.keyboard('b'));
    expect(sent).toEqual([{ command: 'blackout', on: true }]);
    await act(() => userEvent.keyboard('h'));
    expect(sent.at(-1)).toEqual({ command: 'pause' });
    // Esc leaves the field and does not stop the show; then Space is GO again.
    await act(() => userEvent.keyboard('{Escape}'));
    expect(document.activeElement).not.toBe(input);
    expect(hint.hidden).toBe(true);
    expect(sent).toHaveLength(2);
    await act(() => userEvent.keyboard(' '));
    expect(sent.at(-1)).toEqual({ command: 'play' });
  });
});

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
