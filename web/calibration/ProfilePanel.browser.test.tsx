import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Command } from '../../engine/core/protocol/commands.ts';
import { ProfilePanel } from './ProfilePanel.tsx';
import { mountPage, recordingSession, setUpPageTests, unmountPage } from '../../tests/support/calibrationPage.tsx';
import './calibration.css';

setUpPageTests();
let host: HTMLDivElement | null = null;

const row = (version: number, extra: Record<string, unknown> = {}) => ({ version, who: version === 1 ? '(original file)' : 'tech', when: `2026-11-29T10:0${version}:00.000Z`, note: `n${version}`, changes: [], sha256: 'a'.repeat(64), available: true, baseline: null, ...extra });

/** The panel on a fake conductor: versions from `versions`, commands recorded and answered by `answer`. */
function mount(versions: unknown[], answer: (c: Command) => { ok: boolean; message: string }, locked = false) {
  const { session, sent } = recordingSession(answer);
  const reads: string[] = [];
  const api = async (path: string) => {
    reads.push(path);
    return { file: 'hall.json', current: 4, dirty: false, versions };
  };
  host = mountPage(<ProfilePanel session={session} api={api} disabled={locked} why="calibration is locked" version={4} dirty={false} />);
  return { sent, reads };
}

const settle = () => new Promise((ok) => setTimeout(ok, 60));
const rowOf = (v: number) => [...host!.querySelectorAll('table.versions tbody tr')].find((tr) => tr.querySelector('td.num')?.textContent?.startsWith(`v${v}`))!;
const button = (tr: Element, label: RegExp) => [...tr.querySelectorAll('button')].find((b) => label.test(b.textContent ?? ''))!;

describe('the calibration page versions panel', () => {
  it('shows v1 as the original, baselines and the current version; marks, unmarks and rolls back to a chosen version', async () => {
    const versions = [row(1), row(2, { baseline: { who: 'lea', when: '2026-11-29T11:00:00.000Z', note: 'signed off' } }), row(3, { available: false }), row(4)];
    const { sent, reads } = mount(versions, (c) => ({ ok: true, message: c.command === 'markBaseline' ? `version ${c.version} is now a baseline` : 'unchanged: still version 4' }));
    await act(settle);
    expect(reads).toContain('/api/profile/versions');
    expect(rowOf(1).textContent).toMatch(/v1\s*original/);
    expect(rowOf(2).querySelector('.tag.baseline')?.getAttribute('title')).toBe('baseline: lea, 2026-11-29 11:00:00Z — signed off');
    expect(rowOf(4).querySelector('.tag.current')).not.toBeNull();
    expect(rowOf(3).textContent).toContain('(pruned)');
    // Marking needs a name; a pruned version can neither be marked nor rolled back to; the current one is not a rollback target.
    expect(button(rowOf(1), /^Baseline v1$/).disabled).toBe(true);
    expect(button(rowOf(3), /^Roll back to v3$/).disabled).toBe(true);
    expect(button(rowOf(4), /^Roll back to v4$/).disabled).toBe(true);
    await userEvent.type(host!.querySelector<HTMLInputElement>('form.save input')!, 'Minh');
    expect(button(rowOf(3), /^Baseline v3$/).disabled).toBe(true);
    await userEvent.click(button(rowOf(1), /^Baseline v1$/));
    await userEvent.click(button(rowOf(2), /^Unmark v2$/));
    await userEvent.click(button(rowOf(1), /^Roll back to v1$/));
    await act(settle);
    expect(sent).toEqual([
      { command: 'markBaseline', version: 1, baseline: true, who: 'Minh', note: '' },
      { command: 'markBaseline', version: 2, baseline: false, who: 'Minh', note: '' },
      { command: 'rollbackProfile', toVersion: 1, who: 'Minh' },
    ]);
    expect(host!.querySelector('[role="status"]')?.textContent).toBe('unchanged: still version 4');
    expect(reads.filter((p) => p === '/api/profile/versions').length).toBeGreaterThanOrEqual(4);
  });

  it('says "unchanged" for an identical save, and every history button is off while locked', async () => {
    const { sent } = mount([row(1), row(4)], () => ({ ok: true, message: 'unchanged: still version 4' }));
    await act(settle);
    await userEvent.type(host!.querySelector<HTMLInputElement>('form.save input')!, 'Minh');
    await userEvent.click([...host!.querySelectorAll('button')].find((b) => b.textContent === 'Save')!);
    await act(settle);
    expect(sent).toEqual([{ command: 'saveProfile', who: 'Minh', note: '' }]);
    expect(host!.querySelector('[role="status"]')?.textContent).toBe('unchanged: still version 4');
    unmountPage();
    mount([row(1), row(4)], () => ({ ok: true, message: 'x' }), true);
    await act(settle);
    const buttons = [...host!.querySelectorAll('table.versions button')];
    expect(buttons.length).toBe(4);
    expect(buttons.every((b) => (b as HTMLButtonElement).disabled && b.getAttribute('title') === 'calibration is locked')).toBe(true);
  });
});
