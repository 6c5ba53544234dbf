import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { COMMANDS } from '../../engine/core/protocol/commands.ts';
import { conductorStatus, controlRoomTests, mount, output, stateOf } from './controlRoomHarness.tsx';
import { formatKey } from './format.ts';
import { readStatus } from './statusView.ts';
import { TRANSPORT_BUTTONS } from './TransportPanel.tsx';
import { INITIAL_STATE } from './useConductor.ts';
import { SECOND_PRESS_MS } from './useSecondPress.ts';
import './control.css';

controlRoomTests();

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
