import { Canvas } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type PointerEvent as ReactPointerEvent } from 'react';
import { SubtitleTrack } from '../../engine/core/audio/subtitles.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ImageAssets } from '../../engine/render/assets/ImageAssets.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { HallScene, type FrameInfo } from './HallScene.tsx';
import { dragView, keyView, viewToward, wheelView, type LookView } from './lookView.ts';
import { chapterAt, textIn, VIEWER_NOTE, type VisitMode, type VisitSession } from './VisitSession.ts';
import type { WallViewOptions } from './WallView.ts';

/** The visit page's settings (from the address: ?maxFps=, ?projectorPx=, ?wallPx=, ?az=, ?fov=). */
export interface VisitSettings {
  readonly maxFps: number;
  readonly wall: WallViewOptions;
  /** Initial view; default: toward the middle of the painting. */
  readonly view?: Partial<LookView>;
  /** Where images are fetched from (default /assets/); tests pass their own assets instead. */
  readonly assets?: ContentAssets;
}

/** Props of the visit page. */
export interface VisitAppProps {
  readonly session: VisitSession;
  /** The epoch show time is read at: the conductor's in follow mode, this page's in local mode, seconds. */
  readonly epochNow: () => number;
  readonly settings: VisitSettings;
  readonly onFrame?: (info: FrameInfo) => void;
}

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

/**
 * The virtual visit: the show in the simulated hall, seen from the visitor platform (drag, arrow keys
 * and wheel to look around), with the chapters, a time slider, play/pause, the language picker and the
 * narration text. Renders only from the session's state; commands go through `session.perform`.
 */
export function VisitApp({ session, epochNow, settings, onFrame }: VisitAppProps) {
  const st = useSyncExternalStore(session.subscribe, session.getState);
  const docs = st.documents;
  const show = docs?.show ?? null;
  const [assets, setAssets] = useState<{ generation: number; assets: ContentAssets; problems: string[] } | null>(null);
  const [showS, setShowS] = useState<number | null>(null);
  const [stats, setStats] = useState({ fps: 0, cpuMs: 0 });
  const [scrubS, setScrubS] = useState<number | null>(null);
  const [view, setView] = useState<LookView | null>(null);
  const viewRef = useRef<LookView>({ azimuthDeg: 0, elevationDeg: 0, fovDeg: 60 });
  const frames = useRef<number[]>([]);
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);
  const wallOptions = useMemo(() => settings.wall, [settings.wall]);

  // Images: the show's image layers, loaded once per documents generation.
  useEffect(() => {
    if (!docs) return;
    if (settings.assets) return setAssets({ generation: docs.generation, assets: settings.assets, problems: [] });
    let live = true;
    const a = new ImageAssets();
    void a.preload(docs.show).then(() => live && setAssets({ generation: docs.generation, assets: a, problems: a.problems }));
    return () => {
      live = false;
    };
  }, [docs, settings.assets]);

  // The first view of a profile: toward the middle of the painting, unless the address says otherwise.
  useEffect(() => {
    if (!docs || view) return;
    const inst = new Installation(docs.profile);
    const toward = viewToward(docs.profile.hall.eyeM, inst.surface.pointAt(0.5, 0.5), 60);
    const v = { ...toward, ...settings.view };
    viewRef.current = v;
    setView(v);
  }, [docs, view, settings.view]);

  const look = useCallback((next: LookView | null) => {
    if (!next) return false;
    viewRef.current = next;
    setView(next);
    return true;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (look(keyView(viewRef.current, e.key, e.shiftKey))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [look]);

  const handleFrame = useCallback(
    (info: FrameInfo) => {
      const f = frames.current;
      f.push(info.atMs);
      while (f.length > 0 && f[0]! < info.atMs - 1000) f.shift();
      // The DOM follows at a few updates a second: the slider and captions need no more.
      setShowS((prior) => (prior === null || info.showS === null || Math.abs(prior - info.showS) >= 0.25 || info.showS < prior ? info.showS : prior));
      setStats((s) => (Math.abs(s.fps - f.length) >= 1 || Math.abs(s.cpuMs - info.cpuMs) > 2 ? { fps: f.length, cpuMs: info.cpuMs } : s));
      onFrame?.(info);
    },
    [onFrame],
  );

  const subtitleTrack = useMemo(() => (show && st.language ? SubtitleTrack.forShow(show, st.language) : null), [show, st.language]);
  const lines = subtitleTrack && showS !== null && st.transport?.status !== 'stopped' ? subtitleTrack.at(showS) : [];
  const chapter = show && showS !== null ? chapterAt(show, showS) : -1;
  const playing = st.transport?.status === 'playing';
  // Following the hall, only an operator's visit drives it; a visitor's controls are off, and say why.
  const canDrive = st.mode === 'local' || st.role === 'operator';
  const otherMode: VisitMode = st.mode === 'follow' ? 'local' : 'follow';
  const switchMode = () => {
    session.setMode(otherMode, epochNow());
    showModeInAddress(otherMode);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    look(dragView(viewRef.current, e.clientX - d.x, e.clientY - d.y, e.currentTarget.clientHeight));
    drag.current = { id: d.id, x: e.clientX, y: e.clientY };
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  return (
    <div className="visit">
      <div className="stage" data-testid="stage" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp} onWheel={(e) => look(wheelView(viewRef.current, e.deltaY))}>
        {docs && assets && assets.generation === docs.generation && view ? (
          <Canvas frameloop="never" flat linear dpr={1} gl={{ preserveDrawingBuffer: true, antialias: false, alpha: false }} camera={{ fov: view.fovDeg, near: 0.05, far: 2000 }}>
            <color attach="background" args={['#000000']} />
            <HallScene session={session} documents={docs} assets={assets.assets} view={viewRef} epochNow={epochNow} maxFps={settings.maxFps} options={wallOptions} onFrame={handleFrame} />
          </Canvas>
        ) : (
          <p className="waiting">{st.message || (st.link === 'refused' ? '' : docs ? 'Loading the painting…' : 'Waiting for the show…')}</p>
        )}
      </div>
      <header className="bar">
        <strong>{show ? textIn(show.title, st.language, show.defaultLanguage) : 'Virtual visit'}</strong>
        <span className="mode">{st.mode === 'follow' ? 'following the conductor' : 'local preview'}</span>
        <button type="button" className="mode" onClick={switchMode}>
          {st.mode === 'follow' ? 'open as a local preview' : 'follow the conductor'}
        </button>
        {show && (
          <label>
            Language{' '}
            <select aria-label="Language" disabled={!canDrive} value={st.language ?? ''} onChange={(e) => void session.perform({ command: 'language', lang: e.target.value })}>
              {show.languages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {show && (
        <nav className="transport" aria-label="Transport">
          {!canDrive && st.role === 'viewer' && (
            <p className="viewer-note" role="note" data-testid="viewer-note">
              {VIEWER_NOTE}
            </p>
          )}
          <button type="button" disabled={!canDrive} onClick={() => void session.perform({ command: playing ? 'pause' : 'play' })}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <input
            type="range"
            aria-label="Show time"
            disabled={!canDrive}
            min={0}
            max={show.durationS}
            step={0.1}
            value={scrubS ?? showS ?? 0}
            onChange={(e) => setScrubS(Number(e.target.value))}
            onPointerUp={() => scrubS !== null && void session.perform({ command: 'seek', toS: scrubS }).then(() => setScrubS(null))}
            onKeyUp={() => scrubS !== null && void session.perform({ command: 'seek', toS: scrubS }).then(() => setScrubS(null))}
          />
          <span className="time">
            {fmt(scrubS ?? showS ?? 0)} / {fmt(show.durationS)}
          </span>
          <span className="chapters">
            {show.chapters.map((c, i) => (
              <button key={c.id} type="button" disabled={!canDrive} aria-pressed={i === chapter} onClick={() => void session.perform({ command: 'chapter', index: i })}>
                {textIn(c.title, st.language, show.defaultLanguage)}
              </button>
            ))}
          </span>
        </nav>
      )}
      <div className="subtitles" aria-live="polite">
        {lines.map((l) => (
          <p key={l.clipId} lang={l.language}>
            {l.text}
          </p>
        ))}
      </div>
      <footer className="status" data-testid="status">
        {stats.fps} fps · {stats.cpuMs.toFixed(1)} ms/frame
        {view ? ` · looking ${view.azimuthDeg.toFixed(0)}° az, ${view.elevationDeg.toFixed(0)}° el, ${view.fovDeg.toFixed(0)}° fov` : ''}
        {st.link !== 'none' ? ` · conductor ${st.link}` : ''}
        {st.message ? ` · ${st.message}` : ''}
        {assets && assets.problems.length > 0 ? ` · images: ${assets.problems.join('; ')}` : ''}
      </footer>
    </div>
  );
}
