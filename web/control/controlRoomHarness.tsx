/**
 * What the control room's browser tests share: status fixtures and a mount with a fake connection
 * (ControlRoom takes `{ state, send }`, so no socket is involved).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, vi } from 'vitest';
import type { Command } from '../../engine/core/protocol/commands.ts';
import type { ConductorStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import { ControlRoom } from './ControlRoom.tsx';
import { readStatus } from './statusView.ts';
import { INITIAL_STATE, type ConductorState } from './useConductor.ts';


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

/** The window's state on an open link showing `status`. */
export function stateOf(status: ConductorStatus | null, over: Partial<ConductorState> = {}): ConductorState {
  return { ...INITIAL_STATE, phase: 'open', status: status === null ? null : readStatus(status), ...over };
}

let root: Root | null = null;
let container: HTMLDivElement | null = null;

/** Registers the hooks every control room test file needs: React's act environment, unmount after each test. */
export function controlRoomTests(): void {
  beforeAll(() => {
    // Tells React this is a test environment, so act() flushes updates and warns about stray ones.
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  afterEach(() => {
    act(() => root?.unmount());
    container?.remove();
    root = null;
    container = null;
    vi.useRealTimers();
  });
}

/** Renders the control room with a fake connection that records what it sends. */
export function mount(state: ConductorState) {
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
