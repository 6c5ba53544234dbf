import { useState } from 'react';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { canDrive, chapterAt, textIn, VIEWER_NOTE, type VisitMode, type VisitSession, type VisitState } from './VisitSession.ts';

/** Writes the mode into the address (`?mode=local`) without a reload, so a reload keeps it and the page keeps its token. */
function showModeInAddress(mode: VisitMode): void {
  const u = new URL(location.href);
  if (mode === 'local') u.searchParams.set('mode', 'local');
  else u.searchParams.delete('mode');
  history.replaceState(history.state, '', u.pathname + u.search + u.hash);
}

const fmt = (s: number): string => {
  const t = Math.max(0, Math.floor(s));
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
};

/** The bar over the stage: the show's title, the mode and its switch, the language picker. */
export function VisitHeader({ session, st, epochNow }: { session: VisitSession; st: VisitState; epochNow: () => number }) {
  const show = st.documents?.show ?? null;
  const otherMode: VisitMode = st.mode === 'follow' ? 'local' : 'follow';
  const switchMode = () => {
    session.getState().setMode(otherMode, epochNow());
    showModeInAddress(otherMode);
  };
  return (
    <header className="bar">
      <strong>{show ? textIn(show.title, st.language, show.defaultLanguage) : 'Virtual visit'}</strong>
      <span className="mode">{st.mode === 'follow' ? 'following the conductor' : 'local preview'}</span>
      <button type="button" className="mode" onClick={switchMode}>
        {st.mode === 'follow' ? 'open as a local preview' : 'follow the conductor'}
      </button>
      {show && (
        <label>
          Language{' '}
          <select aria-label="Language" disabled={!canDrive(st)} value={st.language ?? ''} onChange={(e) => void session.getState().perform({ command: 'language', lang: e.target.value })}>
            {show.languages.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
    </header>
  );
}

/**
 * Play/pause, the time slider (a seek is sent when the pointer or key is released) and the chapters;
 * a visitor following the hall sees them off, with the reason.
 */
export function TransportBar({ session, st, show, showS }: { session: VisitSession; st: VisitState; show: Show; showS: number | null }) {
  const [scrubS, setScrubS] = useState<number | null>(null);
  const chapter = showS !== null ? chapterAt(show, showS) : -1;
  const playing = st.transport?.status === 'playing';
  // Following the hall, only an operator's visit drives it; a visitor's controls are off, and say why.
  const driving = canDrive(st);
  const perform = session.getState().perform;
  const seekToScrub = () => scrubS !== null && void perform({ command: 'seek', toS: scrubS }).then(() => setScrubS(null));
  return (
    <nav className="transport" aria-label="Transport">
      {!driving && st.role === 'viewer' && (
        <p className="viewer-note" role="note" data-testid="viewer-note">
          {VIEWER_NOTE}
        </p>
      )}
      <button type="button" disabled={!driving} onClick={() => void perform({ command: playing ? 'pause' : 'play' })}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <input type="range" aria-label="Show time" disabled={!driving} min={0} max={show.durationS} step={0.1} value={scrubS ?? showS ?? 0} onChange={(e) => setScrubS(Number(e.target.value))} onPointerUp={seekToScrub} onKeyUp={seekToScrub} />
      <span className="time">
        {fmt(scrubS ?? showS ?? 0)} / {fmt(show.durationS)}
      </span>
      <span className="chapters">
        {show.chapters.map((c, i) => (
          <button key={c.id} type="button" disabled={!driving} aria-pressed={i === chapter} onClick={() => void perform({ command: 'chapter', index: i })}>
            {textIn(c.title, st.language, show.defaultLanguage)}
          </button>
        ))}
      </span>
    </nav>
  );
}
