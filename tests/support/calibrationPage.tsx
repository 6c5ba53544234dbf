/**
 * The set-up the calibration page's browser tests share: React's act() environment, one page root
 * mounted per test and removed after it, and a session fed as the conductor feeds it with its
 * commands recorded and answered.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll } from 'vitest';
import type { Command } from '../../engine/core/protocol/commands.ts';
import { createCalibrationSession, type CalibrationSession } from '../../web/calibration/CalibrationSession.ts';

let root: Root | null = null;
let host: HTMLDivElement | null = null;

/** Registers the file's hooks: act() on for the file, the page removed after each test. */
export function setUpPageTests(): void {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  afterEach(unmountPage);
}

/** Renders `ui` into a new element of the document; returns that element. */
export function mountPage(ui: ReactNode): HTMLDivElement {
  const el = document.createElement('div');
  document.body.append(el);
  host = el;
  const r = createRoot(el);
  root = r;
  act(() => r.render(ui));
  return el;
}

/** Unmounts the page and removes its element (after each test, or in a test that mounts twice). */
export function unmountPage(): void {
  act(() => root?.unmount());
  host?.remove();
  root = null;
  host = null;
}

/**
 * A calibration session whose commands are recorded in `sent` and answered by `answer`, its link
 * open; with `profile`, the conductor's documents and a status (`locked` or not) are fed to it.
 */
export function recordingSession(answer: (c: Command) => { ok: boolean; message: string }, fed?: { profile: unknown; locked: boolean }): { session: CalibrationSession; sent: Command[] } {
  const sent: Command[] = [];
  const session = createCalibrationSession(async (c) => {
    sent.push(c);
    return answer(c);
  });
  const { setPhase, onMessage } = session.getState();
  setPhase('open');
  if (fed) {
    onMessage({ type: 'documents', generation: 1, profile: fed.profile, show: null, language: 'en' });
    onMessage({ type: 'status', status: { calibration: { locked: fed.locked, dirty: false, version: 3, patterns: {} }, outputs: [] } });
  }
  return { session, sent };
}
