/**
 * The showing's language and its subtitles: a language picker (the `language` command; queued while
 * a showing is under way, said plainly), the subtitle lines sounding now, and the audio files the
 * conductor found unplayable at load (their clips stay silent).
 */
import { COMMANDS } from '../../engine/core/protocol/commands.ts';
import { MISSING } from './format.ts';
import { audioLine, type StatusView } from './statusView.ts';
import type { SendCommand } from './useConductor.ts';

const LANGUAGE_LABEL = COMMANDS.find((c) => c.name === 'language')?.label ?? 'Language';

/** What the language panel needs. */
export interface LanguagePanelProps {
  readonly status: StatusView | null;
  readonly enabled: boolean;
  readonly send: SendCommand;
}

/** Picker of the languages the show offers; what plays now and what comes next. */
export function LanguagePicker({ status, enabled, send }: LanguagePanelProps) {
  const languages = status?.languages ?? [];
  const current = status?.language;
  const next = status?.nextLanguage ?? null;
  // The picker shows the language the operator asked for last: the queued one if any.
  const chosen = next ?? current ?? '';
  return (
    <div className="language-picker">
      <label>
        {LANGUAGE_LABEL}
        <select
          data-testid="language-select"
          value={chosen}
          disabled={!enabled || languages.length === 0}
          onChange={(e) => {
            const lang = e.target.value;
            if (lang !== '' && lang !== chosen) send({ command: 'language', lang });
          }}
        >
          {chosen !== '' && !languages.includes(chosen) && <option value={chosen}>{chosen}</option>}
          {languages.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <span className="language-state" data-testid="language-state" role="status">
        {next !== null ? `${current ?? MISSING} now · ${next} from the next showing` : `${current ?? MISSING} now`}
      </span>
    </div>
  );
}

/** The subtitles sounding now (under the transport), and the audio files that will stay silent. */
export function SubtitlePanel({ status }: { status: StatusView | null }) {
  const lines = status?.subtitles ?? [];
  const problems = status?.audioProblems ?? [];
  const audio = audioLine(status?.audio ?? null);
  return (
    <section className="panel subtitles" aria-label="Subtitles">
      <p className={`audio-engine audio-${audio.level}`} data-testid="audio-engine">
        Sound: {audio.text}
      </p>
      <h2>Subtitles{status?.language ? ` (${status.language})` : ''}</h2>
      <div className="subtitle-lines" data-testid="subtitle" aria-live="polite">
        {lines.length === 0 ? (
          <p className="empty">no narration now</p>
        ) : (
          lines.map((l, i) => (
            <p key={`${l.clipId ?? ''}:${i}`} className="subtitle-line" lang={l.language}>
              {l.text}
              {l.language !== undefined && l.language !== status?.language && <span className="subtitle-fallback"> ({l.language}: no recording in {status?.language ?? MISSING})</span>}
            </p>
          ))
        )}
      </div>
      {problems.length > 0 && (
        <div className="audio-problems" role="alert" data-testid="audio-problems">
          <h3>Silent clips: audio files that cannot play</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <span className="audio-file">{p.file ?? MISSING}</span> {p.reason ?? MISSING} <span className="audio-clip">(clip {p.clipId ?? MISSING})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
