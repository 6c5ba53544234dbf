import { useState, type FormEvent, type MouseEvent } from 'react';
import { COMMANDS, type CommandInfo } from '../../engine/core/protocol/commands.ts';
import { formatKey, formatShowTime, MISSING, playWord } from './format.ts';
import { isAdvancing, type StatusView } from './statusView.ts';
import type { SendCommand } from './useConductor.ts';
import type { SecondPress } from './useSecondPress.ts';

/** The commands that get a transport button, in the order they are laid out. */
export const TRANSPORT_BUTTONS = ['play', 'pause', 'stop', 'previousChapter', 'nextChapter', 'blackout'] as const;

/** A command that has a transport button (and, through the registry, maybe a key). */
export type TransportCommand = (typeof TRANSPORT_BUTTONS)[number];

/** Registry entries of the transport buttons, looked up once: labels and keys live only in COMMANDS. */
export const TRANSPORT_INFO: readonly (CommandInfo & { readonly name: TransportCommand })[] = TRANSPORT_BUTTONS.map((name) => {
  const info = COMMANDS.find((c) => c.name === name);
  if (!info) throw new Error(`command ${name} is missing from COMMANDS`);
  return { ...info, name };
});

const SEEK_LABEL = COMMANDS.find((c) => c.name === 'seek')?.label ?? 'Go to time';
/** The single-letter show keys, which act even while the (numeric) seek field has focus: "H (Hold) and B (Blackout)". */
const SHOW_LETTER_KEYS = TRANSPORT_INFO.filter((c) => c.key !== undefined && /^[a-z]$/i.test(c.key))
  .map((c) => `${formatKey(c.key)} (${c.label})`)
  .join(' and ');

/** What the transport panel needs from the control room. */
export interface TransportPanelProps {
  readonly status: StatusView | null;
  /** False while not connected: buttons are disabled rather than sending into the void. */
  readonly enabled: boolean;
  readonly send: SendCommand;
  readonly guard: SecondPress;
  /** Performs a transport command the same way for buttons and keys (Stop goes through the guard). */
  readonly trigger: (name: TransportCommand) => void;
}

function fraction(s: number | undefined, durationS: number | undefined): number {
  if (s === undefined || durationS === undefined || durationS <= 0) return 0;
  return Math.min(Math.max(s / durationS, 0), 1);
}

/** Show time, status word, progress bar with chapter marks, the transport buttons and the seek field. */
export function TransportPanel({ status, enabled, send, guard, trigger }: TransportPanelProps) {
  const word = playWord(status?.playState, status?.ended);
  const durationS = status?.durationS;

  const onBarClick = (e: MouseEvent<HTMLDivElement>) => {
    if (!enabled || durationS === undefined || durationS <= 0) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const toS = Math.round(fraction(e.clientX - rect.left, rect.width) * durationS * 10) / 10;
    guard.press('seek', isAdvancing(status), `Click again to go to ${formatShowTime(toS)}`, () => send({ command: 'seek', toS }));
  };

  return (
    <section className="panel transport" aria-label="Transport">
      <div className="transport-top">
        <div className="show-time" data-testid="show-time">
          {formatShowTime(status?.showS)} <span className="duration">/ {formatShowTime(durationS)}</span>
        </div>
        <div className={`play-word word-${word?.toLowerCase() ?? 'unknown'}`} data-testid="play-word">
          {word ?? MISSING}
        </div>
        {status?.rate !== undefined && status.rate !== 1 && <div className="rate">×{status.rate}</div>}
      </div>

      <div className="progress" data-testid="progress" onClick={onBarClick} title="Click to go to this time">
        <div className="progress-fill" style={{ width: `${fraction(status?.showS, durationS) * 100}%` }} />
        {status?.chapters.map((c, i) => (
          <div key={i} className="progress-mark" style={{ left: `${fraction(c.startS, durationS) * 100}%` }} title={c.title} />
        ))}
      </div>
      <div className="armed-prompt" role="status">
        {guard.armed?.key === 'seek' ? guard.armed.prompt : ''}
      </div>

      <div className="buttons">
        {TRANSPORT_INFO.map((info) => {
          const armed = guard.armed?.key === info.name;
          const on = info.name === 'blackout' && status?.blackout === true;
          return (
            <button
              key={info.name}
              type="button"
              data-command={info.name}
              className={`cmd cmd-${info.name}${armed ? ' armed' : ''}${on ? ' on' : ''}`}
              aria-pressed={info.name === 'blackout' ? on : undefined}
              disabled={!enabled}
              onClick={() => trigger(info.name)}
              // Keeps focus off the buttons, so Space (GO) can never also "click" a focused Stop.
              onMouseDown={(e) => e.preventDefault()}
            >
              <span className="cmd-label">{armed ? guard.armed?.prompt : info.label}</span>
              {info.key !== undefined && <kbd>{formatKey(info.key)}</kbd>}
            </button>
          );
        })}
      </div>

      <SeekForm durationS={durationS} enabled={enabled} send={send} />
    </section>
  );
}

/** The numeric "go to time" field: Enter or Go seeks there (within the show); focused, it says which keys still act on the show. */
function SeekForm({ durationS, enabled, send }: { readonly durationS: number | undefined; readonly enabled: boolean; readonly send: SendCommand }) {
  const [seekText, setSeekText] = useState('');
  const [seekFocused, setSeekFocused] = useState(false);
  const seekS = seekText.trim() === '' ? NaN : Number(seekText);
  const seekValid = Number.isFinite(seekS) && seekS >= 0 && (durationS === undefined || seekS <= durationS);
  const onSeek = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (enabled && seekValid) send({ command: 'seek', toS: seekS });
  };
  return (
    <form className="seek" onSubmit={onSeek}>
      <label>
        {SEEK_LABEL} (s)
        <input
          type="number"
          min={0}
          max={durationS}
          step={0.1}
          inputMode="decimal"
          value={seekText}
          onChange={(e) => setSeekText(e.target.value)}
          onFocus={() => setSeekFocused(true)}
          onBlur={() => setSeekFocused(false)}
          aria-describedby="seek-hint"
        />
      </label>
      <button type="submit" className="cmd" data-command="seek" disabled={!enabled || !seekValid}>
        Go
      </button>
      {/* Typed keys stay with the field: say which show keys still work, and how to leave it. */}
      <div id="seek-hint" className="seek-hint" role="note" data-testid="seek-hint" hidden={!seekFocused}>
        In this field, {SHOW_LETTER_KEYS} still act on the show; Enter goes to the time; Esc leaves the field (then Space, Esc and the arrows act on the show again).
      </div>
    </form>
  );
}
