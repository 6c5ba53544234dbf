import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_ROLE_REFUSED, CLOSE_TOKEN_REFUSED, RETRY_FIRST_MS, RETRY_MAX_MS, SILENT_DROP_MS, SILENT_WARN_MS, useConductor, type ConductorConnection } from './useConductor.ts';

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

/** A WebSocket stand-in the test drives by hand: open, receive, close with a code. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    act(() => this.onopen?.(new Event('open')));
  }
  receive(data: unknown): void {
    act(() => this.onmessage?.(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data) })));
  }
  drop(code: number): void {
    this.readyState = 3;
    act(() => this.onclose?.(new CloseEvent('close', { code })));
  }
}

const welcome = { type: 'welcome', clientId: 'x', conductorEpochS: 1 };

let root: Root | null = null;
let latest: ConductorConnection | null = null;

function Probe() {
  latest = useConductor('s3cret', 'ws://conductor.test/ws');
  return null;
}

function conn(): ConductorConnection {
  if (!latest) throw new Error('the hook has not rendered');
  return latest;
}

function socket(i: number): FakeSocket {
  const s = FakeSocket.instances[i];
  if (!s) throw new Error(`socket ${i} was never opened (${FakeSocket.instances.length} so far)`);
  return s;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  vi.stubGlobal('WebSocket', FakeSocket);
  FakeSocket.instances = [];
  const container = document.createElement('div');
  root = createRoot(container);
  act(() => root?.render(<Probe />));
});

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  latest = null;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('useConductor', () => {
  it('says hello with the token, role and a short random client id', () => {
    socket(0).open();
    const hello = socket(0).sent[0] as { type: string; token: string; role: string; clientId: string };
    expect(hello).toMatchObject({ type: 'hello', token: 's3cret', role: 'control' });
    expect(hello.clientId).toMatch(/^control-[0-9a-f]{12}$/);
    expect(conn().state.phase).toBe('connecting');
    socket(0).receive(welcome);
    expect(conn().state.phase).toBe('open');
  });

  it('validates every message, counting the bad ones', () => {
    socket(0).open();
    socket(0).receive(welcome);
    socket(0).receive('not json');
    socket(0).receive({ type: 'status' });
    socket(0).receive({ type: 'launch', missiles: true });
    expect(conn().state.droppedMessages).toBe(3);
    socket(0).receive({ type: 'status', status: { show: { title: 'Demo' }, transport: { status: 'playing', showS: 3 } } });
    expect(conn().state.status?.showTitle).toBe('Demo');
    expect(conn().state.status?.playState).toBe('playing');
  });

  it('sends commands with ids and reports refused ones by label', () => {
    socket(0).open();
    socket(0).receive(welcome);
    act(() => conn().send({ command: 'chapter', index: 9 }));
    const cmd = socket(0).sent[1] as { type: string; id: number; command: unknown };
    expect(cmd).toMatchObject({ type: 'command', command: { command: 'chapter', index: 9 } });
    socket(0).receive({ type: 'result', id: cmd.id, ok: false, message: 'no chapter 9' });
    expect(conn().state.failures.map((f) => f.message)).toEqual(['Go to chapter: no chapter 9']);
  });

  it('refuses to send while not connected, visibly', () => {
    act(() => conn().send({ command: 'play' }));
    expect(conn().state.failures[0]?.message).toMatch(/^GO \/ play: not sent/);
  });

  it('reconnects with backoff doubling from 0.5 s to 5 s, reset by a welcome', () => {
    socket(0).drop(1006);
    expect(conn().state.phase).toBe('lost');
    const delays = [RETRY_FIRST_MS, 1000, 2000, 4000, RETRY_MAX_MS, RETRY_MAX_MS];
    delays.forEach((ms, i) => {
      act(() => vi.advanceTimersByTime(ms - 1));
      expect(FakeSocket.instances, `attempt ${i + 1} before ${ms} ms`).toHaveLength(i + 1);
      act(() => vi.advanceTimersByTime(1));
      expect(FakeSocket.instances).toHaveLength(i + 2);
      if (i < delays.length - 1) socket(i + 1).drop(1006);
    });
    const last = socket(delays.length);
    last.open();
    last.receive(welcome);
    expect(conn().state.phase).toBe('open');
    last.drop(1001);
    act(() => vi.advanceTimersByTime(RETRY_FIRST_MS));
    expect(FakeSocket.instances).toHaveLength(delays.length + 2);
  });

  it('stops retrying when the token is refused (4401)', () => {
    socket(0).open();
    socket(0).drop(CLOSE_TOKEN_REFUSED);
    expect(conn().state.phase).toBe('refused');
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('stops retrying when the token\'s role may not open the control window (4403, a visitor token)', () => {
    socket(0).open();
    socket(0).drop(CLOSE_ROLE_REFUSED);
    expect(conn().state.phase).toBe('refused');
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('flags a silent conductor, then replaces the socket', () => {
    socket(0).open();
    socket(0).receive(welcome);
    act(() => vi.advanceTimersByTime(SILENT_WARN_MS + 1000));
    expect(conn().state.silent).toBe(true);
    act(() => vi.advanceTimersByTime(SILENT_DROP_MS - SILENT_WARN_MS));
    expect(conn().state.phase).toBe('lost');
    act(() => vi.advanceTimersByTime(RETRY_FIRST_MS));
    expect(FakeSocket.instances).toHaveLength(2);
  });
});
