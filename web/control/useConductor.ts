/**
 * The control window's link to the conductor, a thin React hook over the pages' ConductorLink (hello,
 * validation of every message, reconnection with backoff, the silent-conductor watchdog): it turns what
 * the link says into ConductorState and gives `send` for operator commands. ControlRoom only sees the
 * resulting `{ state, send }`, so it is tested with a fake and no socket.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { COMMANDS, CommandSchema, type Command } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { ConductorLink, conductorUrl, newClientId, type LinkState } from '../shared/conductorLink.ts';
import { readStatus, type StatusView } from './statusView.ts';

export { CLOSE_ROLE_REFUSED, CLOSE_TOKEN_REFUSED, RETRY_FIRST_MS, RETRY_MAX_MS } from '../shared/conductorLink.ts';

/** Largest server message accepted (bytes): documents carry whole profiles with warp grids. */
export const MAX_SERVER_MESSAGE_BYTES = 4 * 1024 * 1024;
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

function labelOf(name: Command['command']): string {
  return COMMANDS.find((c) => c.name === name)?.label ?? name;
}

/** What the link's state means for the window: lost while retrying, 'open' waits for the welcome. */
const PHASE_OF: Readonly<Record<LinkState, ConnectionPhase | null>> = { connecting: null, open: null, closed: 'lost', refused: 'refused' };

/** The window's reading of one server message: documents and pong carry nothing it shows (everything comes from status). */
function actionOf(m: ServerMessage, failedCommand: (id: number | undefined) => Command['command'] | undefined): Action | null {
  switch (m.type) {
    case 'welcome':
      return { type: 'phase', phase: 'open' };
    case 'status':
      return { type: 'status', status: readStatus(m.status) };
    case 'transport':
      return { type: 'transport', playState: m.transport.status, blackout: m.blackout };
    case 'result': {
      const name = failedCommand(m.id);
      return m.ok ? null : { type: 'failure', message: name ? `${labelOf(name)}: ${m.message}` : m.message };
    }
    case 'error':
      return { type: 'failure', message: `Conductor: ${m.message}` };
    default:
      return null;
  }
}

/** Connects to the conductor at `url` (default: this host's /ws) with `token`; reconnects until refused. */
export function useConductor(token: string | null, url = conductorUrl()): ConductorConnection {
  const [state, dispatch] = useReducer(reduce, INITIAL_STATE);
  const [clientId] = useState(() => newClientId('control'));
  const link = useRef<ConductorLink | null>(null);
  const nextId = useRef(1);
  const pending = useRef(new Map<number, Command['command']>());

  useEffect(() => {
    if (token === null) {
      dispatch({ type: 'phase', phase: 'no-token' });
      return;
    }
    const takePending = (id: number | undefined) => {
      if (id === undefined) return undefined;
      const name = pending.current.get(id);
      pending.current.delete(id);
      return name;
    };
    const l = new ConductorLink(
      url,
      { token, role: 'control', clientId },
      {
        message: (m) => {
          const action = actionOf(m, takePending);
          if (action) dispatch(action);
        },
        state: (s) => {
          if (s === 'closed' || s === 'refused') pending.current.clear();
          const phase = PHASE_OF[s];
          if (phase) dispatch({ type: 'phase', phase });
        },
        dropped: () => dispatch({ type: 'dropped' }),
        silent: (silent) => dispatch({ type: 'silent', silent }),
      },
      { clockSync: false, maxMessageBytes: MAX_SERVER_MESSAGE_BYTES, watchdog: { warnMs: SILENT_WARN_MS, dropMs: SILENT_DROP_MS } },
    );
    link.current = l;
    dispatch({ type: 'phase', phase: 'connecting' });
    l.connect();
    return () => {
      link.current = null;
      l.close();
    };
  }, [token, url, clientId]);

  const send = useCallback<SendCommand>((command) => {
    const l = link.current;
    const label = labelOf(command.command);
    if (l === null || !l.welcomed) {
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
    l.send({ type: 'command', id, command: checked.data });
  }, []);

  return { state, send };
}
