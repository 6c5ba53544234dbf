import { Canvas } from '@react-three/fiber';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { SubtitleTrack } from '../../engine/core/audio/subtitles.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { HallScene, type FrameInfo } from './HallScene.tsx';
import type { LookView } from './lookView.ts';
import { useFrameFeedback } from './useFrameFeedback.ts';
import { useLookAround } from './useLookAround.ts';
import { useShowAssets } from './useShowAssets.ts';
import { TransportBar, VisitHeader } from './VisitControls.tsx';
import type { VisitSession } from './VisitSession.ts';
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

/**
 * The virtual visit: the show in the simulated hall, seen from the visitor platform (drag, arrow keys
 * and wheel to look around), with the chapters, a time slider, play/pause, the language picker and the
 * narration text. Renders only from the session's state; commands go through the session's `perform`.
 */
export function VisitApp({ session, epochNow, settings, onFrame }: VisitAppProps) {
  const st = useStore(session);
  const docs = st.documents;
  const show = docs?.show ?? null;
  const assets = useShowAssets(docs, settings.assets);
  const { view, viewRef, stage } = useLookAround(docs?.profile ?? null, settings.view);
  const { showS, stats, handleFrame } = useFrameFeedback(onFrame);
  const wallOptions = useMemo(() => settings.wall, [settings.wall]);
  const subtitleTrack = useMemo(() => (show && st.language ? SubtitleTrack.forShow(show, st.language) : null), [show, st.language]);
  const lines = subtitleTrack && showS !== null && st.transport?.status !== 'stopped' ? subtitleTrack.at(showS) : [];

  return (
    <div className="visit">
      <div className="stage" data-testid="stage" {...stage}>
        {docs && assets && assets.generation === docs.generation && view ? (
          <Canvas frameloop="never" flat linear dpr={1} gl={{ preserveDrawingBuffer: true, antialias: false, alpha: false }} camera={{ fov: view.fovDeg, near: 0.05, far: 2000 }}>
            <color attach="background" args={['#000000']} />
            <HallScene session={session} documents={docs} assets={assets.assets} view={viewRef} epochNow={epochNow} maxFps={settings.maxFps} options={wallOptions} onFrame={handleFrame} />
          </Canvas>
        ) : (
          <p className="waiting">{st.message || (st.link === 'refused' ? '' : docs ? 'Loading the painting…' : 'Waiting for the show…')}</p>
        )}
      </div>
      <VisitHeader session={session} st={st} epochNow={epochNow} />
      {show && <TransportBar session={session} st={st} show={show} showS={showS} />}
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
