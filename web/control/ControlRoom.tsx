/**
 * The control room layout: header, connection and failure banners, transport, chapters, outputs and
 * events. It takes `{ state, send }` (from useConductor, or a fake in tests) and owns no socket.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatClock, formatShowTime, MISSING } from './format.ts';
import { LanguagePicker, SubtitlePanel } from './LanguagePanel.tsx';
import { OutputsTable } from './OutputsTable.tsx';
import { calibrationLine, isAdvancing, type StatusView } from './statusView.ts';
import { TRANSPORT_INFO, TransportPanel, type TransportCommand } from './TransportPanel.tsx';
import type { ConductorState, ConnectionPhase, SendCommand } from './useConductor.ts';
import { useSecondPress } from './useSecondPress.ts';

/** What the control room renders from and sends through. */
export interface ControlRoomProps {
  readonly state: ConductorState;
  readonly send: SendCommand;
}

const PHASE_TEXT: Record<Exclude<ConnectionPhase, 'open'>, string> = {
  'no-token': 'Waiting for the control token (npm start hands it over; by hand, open /control/index.html#token=…)',
  connecting: 'Connecting to the conductor…',
  lost: 'Connection lost — reconnecting',
  refused: 'The control token was refused (or it is a visitor token, which cannot open the control window)',
};

/** A field that takes typed keys (text, numbers, a list). */
function isTyping(target: EventTarget | null): target is HTMLElement {
  return target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);
}

/**
 * Keys typed into a field belong to the field, except the single-letter show keys (B, H) in a numeric
 * field: it cannot take a letter ('e' of an exponent aside, which no show key uses), so those still act
 * on the show. Space, Esc and the arrows stay with the field; Esc leaves it (see the seek field's hint).
 */
export function keyBelongsToField(target: EventTarget | null, key: string): boolean {
  if (!isTyping(target)) return false;
  const letter = key.length === 1 && /^[a-z]$/i.test(key) && key.toLowerCase() !== 'e';
  return !(letter && target instanceof HTMLInputElement && target.type === 'number');
}

/** The whole control window. */
export function ControlRoom({ state, send }: ControlRoomProps) {
  const { status, phase } = state;
  const enabled = phase === 'open';
  const guard = useSecondPress();
  const { press } = guard;

  const trigger = useCallback(
    (name: TransportCommand) => {
      switch (name) {
        case 'stop':
          press('stop', isAdvancing(status), 'Press again to stop', () => send({ command: 'stop' }));
          return;
        case 'blackout':
          // Unknown state counts as off: the first press blacks out, the safe direction.
          press('blackout', false, '', () => send({ command: 'blackout', on: status?.blackout !== true }));
          return;
        default:
          press(name, false, '', () => send({ command: name }));
      }
    },
    [press, send, status],
  );

  // The listener is installed once; it reads the latest trigger through a ref.
  const latest = useRef({ trigger, enabled });
  useEffect(() => {
    latest.current = { trigger, enabled };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape' && isTyping(e.target)) {
        // Esc leaves the field; it never stops the show from inside one.
        e.preventDefault();
        e.target.blur();
        return;
      }
      if (keyBelongsToField(e.target, e.key)) return;
      const info = TRANSPORT_INFO.find((c) => c.key !== undefined && (c.key === e.key || (c.key.length === 1 && c.key === e.key.toLowerCase())));
      if (!info) return;
      // Space would also scroll or activate a focused control; arrows would scroll.
      e.preventDefault();
      if (latest.current.enabled) latest.current.trigger(info.name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className={`control-room phase-${phase}`}>
      <Header status={status} droppedMessages={state.droppedMessages} enabled={enabled} send={send} />
      {phase !== 'open' && (
        <div className={`banner banner-${phase === 'refused' || phase === 'no-token' ? 'fatal' : 'lost'}`} role="alert" data-testid="connection-banner">
          {PHASE_TEXT[phase]}
          {phase === 'refused' && <div className="banner-hint">Check the address the window was opened with. Retrying has stopped.</div>}
        </div>
      )}
      {phase === 'open' && state.silent && (
        <div className="banner banner-lost" role="alert">
          The conductor has not answered for more than 2 s
        </div>
      )}
      <Failures failures={state.failures} />
      <main className={enabled ? 'live' : 'stale'}>
        <TransportPanel status={status} enabled={enabled} send={send} guard={guard} trigger={trigger} />
        <SubtitlePanel status={status} />
        <Chapters status={status} enabled={enabled} send={send} />
        <OutputsTable status={status} enabled={enabled} send={send} />
        <Events status={status} />
      </main>
    </div>
  );
}

function Header({ status, droppedMessages, enabled, send }: { status: StatusView | null; droppedMessages: number; enabled: boolean; send: SendCommand }) {
  return (
    <header className="header">
      <h1>{status?.showTitle ?? MISSING}</h1>
      <dl>
        <dt>Profile</dt>
        <dd>{status?.profileName ?? MISSING}</dd>
        <dt>Calibration</dt>
        <dd className={`calibration-state${status?.calibration?.locked === false || status?.calibration?.dirty ? ' calibration-open' : ''}`} data-testid="calibration-state">
          {calibrationLine(status?.calibration ?? null)}
        </dd>
        <dt>Conductor clock</dt>
        <dd className="clock">{formatClock(status?.epochS)}</dd>
      </dl>
      <LanguagePicker status={status} enabled={enabled} send={send} />
      {/* The technician's tools, in their own window: it asks this page for the token (never in its address). */}
      <a className="calibration-link" href="../calibration/index.html" target="_blank" rel="opener">
        Calibration
      </a>
      {droppedMessages > 0 && (
        <span className="dropped" data-testid="dropped">
          dropped {droppedMessages} bad message{droppedMessages === 1 ? '' : 's'}
        </span>
      )}
    </header>
  );
}

function Failures({ failures }: { failures: ConductorState['failures'] }) {
  // Dismissed keys stay local: the hook keeps only the last few failures, so this set stays small.
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(() => new Set());
  const shown = failures.filter((f) => !dismissed.has(f.key));
  if (shown.length === 0) return null;
  return (
    <div className="failures" role="alert" data-testid="failures">
      {shown.map((f) => (
        <div key={f.key} className="failure">
          <span>{f.message}</span>
          <button type="button" className="dismiss" onClick={() => setDismissed((d) => new Set(d).add(f.key))}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

function Chapters({ status, enabled, send }: { status: StatusView | null; enabled: boolean; send: SendCommand }) {
  const chapters = status?.chapters ?? [];
  return (
    <section className="panel chapters" aria-label="Chapters">
      <h2>Chapters</h2>
      {chapters.length === 0 && <p className="empty">{MISSING}</p>}
      <ol>
        {chapters.map((c, index) => {
          const current = status?.chapterIndex === index;
          return (
            <li key={index}>
              <button
                type="button"
                className={`chapter${current ? ' current' : ''}`}
                aria-current={current ? 'step' : undefined}
                data-chapter={index}
                disabled={!enabled}
                onClick={() => send({ command: 'chapter', index })}
              >
                <span className="chapter-title">{c.title ?? MISSING}</span>
                <span className="chapter-start">{formatShowTime(c.startS)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Events({ status }: { status: StatusView | null }) {
  const events = status?.events ?? [];
  return (
    <section className="panel events" aria-label="Events">
      <h2>Events</h2>
      {events.length === 0 && <p className="empty">no events</p>}
      <ul>
        {events.map((e, i) => (
          <li key={i} className={`event event-${e.level ?? 'unknown'}`}>
            <span className="event-time">{formatClock(e.epochS)}</span>
            <span className="event-level">{e.level ?? MISSING}</span>
            <span className="event-message">{e.message ?? MISSING}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
