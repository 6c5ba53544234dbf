/**
 * The control window's link to the conductor: one WebSocket, the hello handshake, validation of every
 * message, reconnection with backoff, and `send` for operator commands. ControlRoom only sees the
 * resulting `{ state, send }`, so it is tested with a fake and no socket.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { COMMANDS, CommandSchema, type Command } from '../../engine/core/protocol/commands.ts';
import { parseWire, ServerMessageSchema } from '../../engine/core/protocol/messages.ts';
import { readStatus, type StatusView } from './statusView.ts';

/** Largest server message accepted (bytes): documents carry whole profiles with warp grids. */
export const MAX_SERVER_MESSAGE_BYTES = 4 * 1024 * 1024;
/** First reconnection delay (ms); it doubles up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 500;
/** Longest reconnection delay (ms). */
export const RETRY_MAX_MS = 5000;
/** Close code the conductor uses when it refuses the token; retrying cannot help. */
export const CLOSE_TOKEN_REFUSED = 4401;
/** Close code for a token whose role may not open this page (a visitor token on the control window). */
export const CLOSE_ROLE_REFUSED = 4403;
/** Nothing received for this long (ms) on an open socket: the window says the conductor is silent. */
export const SILENT_WARN_MS = 2000;
/** Nothing received for this long (ms): the socket is presumed dead and replaced. */
export const SILENT_DROP_MS = 6000;

/** Where the link stands: no token in the address, first connect, live, lost (retrying), refused. */
export type ConnectionPhase = 'no-token' | 'connecting' | 'open' | 'lost' | 'refused';

/** A failure the technician has to see: a refused command or a conductor error. */
export interface Failure {
  /** Unique within the page, for dismissing. */
  readonly key: number;
  readonly message: string;
}

/** Everything the control window renders. */
export interface ConductorState {
  readonly phase: ConnectionPhase;
  /** The last status received (null before the first); kept while reconnecting, shown dimmed. */
  readonly status: StatusView | null;
  /** Server messages dropped because they failed validation. */
  readonly droppedMessages: number;
  /** The most recent failures, oldest first (at most FAILURES_KEPT). */
  readonly failures: readonly Failure[];
  /** Socket open but nothing received for SILENT_WARN_MS. */
  readonly silent: boolean;
}

/** Sends one operator command (failures come back in state.failures). */
export type SendCommand = (command: Command) => void;

/** What useConductor returns and ControlRoom takes. */
export interface ConductorConnection {
  readonly state: ConductorState;
  readonly send: SendCommand;
}

/** How many failures are kept for the banner. */
export const FAILURES_KEPT = 5;

/** The state before anything is known. */
export const INITIAL_STATE: ConductorState = { phase: 'connecting', status: null, droppedMessages: 0, failures: [], silent: false };

type Action =
  | { type: 'phase'; phase: ConnectionPhase }
  | { type: 'status'; status: StatusView }
  | { type: 'transport'; playState: 'stopped' | 'playing' | 'paused'; blackout: boolean }
  | { type: 'dropped' }
  | { type: 'failure'; message: string }
  | { type: 'silent'; silent: boolean };

function reduce(s: ConductorState, a: Action): ConductorState {
  switch (a.type) {
    case 'phase':
      return s.phase === a.phase ? s : { ...s, phase: a.phase, silent: false };
    case 'status':
      return { ...s, status: a.status };
    case 'transport':
      // Transport messages arrive on every change, before the next status tick: patch what they carry
      // so a second Blackout press toggles from the true state.
      if (s.status === null) return s;
      return { ...s, status: { ...s.status, playState: a.playState, blackout: a.blackout, ended: a.playState === 'playing' ? s.status.ended : false } };
    case 'dropped':
      return { ...s, droppedMessages: s.droppedMessages + 1 };
    case 'failure':
      // Keys only grow: the list is never emptied, so the last key is the highest ever given.
      return { ...s, failures: [...s.failures.slice(1 - FAILURES_KEPT), { key: (s.failures.at(-1)?.key ?? 0) + 1, message: a.message }] };
    case 'silent':
      return s.silent === a.silent ? s : { ...s, silent: a.silent };
  }
}

/** A short random client id (`control-` + 12 hex digits), stable for the page's lifetime. */
export function makeClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `control-${hex}`;
}

function labelOf(name: Command['command']): string {
  return COMMANDS.find((c) => c.name === name)?.label ?? name;
}

/** Connects to the conductor at `url` (default: this host's /ws) with `token`; reconnects until refused. */
export function useConductor(token: string | null, url = defaultUrl()): ConductorConnection {
  const [state, dispatch] = useReducer(reduce, INITIAL_STATE);
  const [clientId] = useState(makeClientId);
  // The live socket once welcomed, for send(); null otherwise.
  const live = useRef<WebSocket | null>(null);
  const nextId = useRef(1);
  const pending = useRef(new Map<number, Command['command']>());

  useEffect(() => {
    if (token === null) {
      dispatch({ type: 'phase', phase: 'no-token' });
      return;
    }
    let disposed = false;
    let ws: WebSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delayMs = RETRY_FIRST_MS;
    let lastHeardMs = performance.now();

    const lost = (code: number) => {
      live.current = null;
      pending.current.clear();
      if (disposed) return;
      if (code === CLOSE_TOKEN_REFUSED || code === CLOSE_ROLE_REFUSED) {
        dispatch({ type: 'phase', phase: 'refused' });
        return;
      }
      dispatch({ type: 'phase', phase: 'lost' });
      retryTimer = setTimeout(connect, delayMs);
      delayMs = Math.min(delayMs * 2, RETRY_MAX_MS);
    };

    const connect = () => {
      const socket = new WebSocket(url);
      ws = socket;
      lastHeardMs = performance.now();
      socket.onopen = () => {
        lastHeardMs = performance.now();
        socket.send(JSON.stringify({ type: 'hello', token, role: 'control', clientId }));
      };
      socket.onmessage = (ev: MessageEvent) => {
        lastHeardMs = performance.now();
        const parsed = typeof ev.data === 'string' ? parseWire(ServerMessageSchema, ev.data, MAX_SERVER_MESSAGE_BYTES) : null;
        if (parsed === null || !parsed.ok) {
          dispatch({ type: 'dropped' });
          return;
        }
        const m = parsed.value;
        switch (m.type) {
          case 'welcome':
            live.current = socket;
            delayMs = RETRY_FIRST_MS;
            dispatch({ type: 'phase', phase: 'open' });
            return;
          case 'status':
            dispatch({ type: 'status', status: readStatus(m.status) });
            return;
          case 'transport':
            dispatch({ type: 'transport', playState: m.transport.status, blackout: m.blackout });
            return;
          case 'result': {
            const name = m.id === undefined ? undefined : pending.current.get(m.id);
            if (m.id !== undefined) pending.current.delete(m.id);
            if (!m.ok) dispatch({ type: 'failure', message: name ? `${labelOf(name)}: ${m.message}` : m.message });
            return;
          }
          case 'error':
            dispatch({ type: 'failure', message: `Conductor: ${m.message}` });
            return;
          default:
            // documents and pong: the control window reads everything it shows from status.
            return;
        }
      };
      socket.onclose = (ev: CloseEvent) => {
        if (ws === socket) lost(ev.code);
      };
    };

    // A conductor that hangs leaves the socket open and silent; only a watchdog notices.
    const watchdog = setInterval(() => {
      if (ws === null || ws.readyState !== WebSocket.OPEN) return;
      const quietMs = performance.now() - lastHeardMs;
      dispatch({ type: 'silent', silent: quietMs > SILENT_WARN_MS });
      if (quietMs > SILENT_DROP_MS) {
        const dead = ws;
        ws = null;
        dead.close();
        lost(1006);
      }
    }, 1000);

    dispatch({ type: 'phase', phase: 'connecting' });
    connect();
    return () => {
      disposed = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      live.current = null;
      const s = ws;
      ws = null;
      s?.close();
    };
  }, [token, url, clientId]);

  const send = useCallback<SendCommand>((command) => {
    const socket = live.current;
    const label = labelOf(command.command);
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      dispatch({ type: 'failure', message: `${label}: not sent, the conductor is not connected` });
      return;
    }
    const checked = CommandSchema.safeParse(command);
    if (!checked.success) {
      dispatch({ type: 'failure', message: `${label}: not sent, ${checked.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    const id = nextId.current++;
    pending.current.set(id, command.command);
    socket.send(JSON.stringify({ type: 'command', id, command: checked.data }));
  }, []);

  return { state, send };
}

function defaultUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
