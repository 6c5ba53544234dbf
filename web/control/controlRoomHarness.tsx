/**
 * What the control room's browser tests share: status fixtures (statusFixtures.ts) and a mount with a fake connection
 * (ControlRoom takes `{ state, send }`, so no socket is involved).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, vi } from 'vitest';
import type { Command } from '../../engine/core/protocol/commands.ts';
import type { ConductorStatus } from '../../engine/core/protocol/status.ts';
import { ControlRoom } from './ControlRoom.tsx';
import { readStatus } from './statusView.ts';
import { INITIAL_STATE, type ConductorState } from './useConductor.ts';

export { conductorStatus, output } from './statusFixtures.ts';

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
