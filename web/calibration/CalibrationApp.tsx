/**
 * The calibration page's layout: lock bar, 3D hall, projector list, test patterns, and the tabs of
 * the selected projector (warp, pose, blend and colour, simulator, profile). It renders only from a
 * CalibrationSession store (no socket), so tests give it a session fed with real profiles and a
 * recording command sender.
 */
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { ApiReader } from './conductorApi.ts';
import type { CalibrationSession, LogLine } from './CalibrationSession.ts';
import { HallView } from './HallView.tsx';
import { landmarksOf } from './landmarks.ts';
import { LockBar, lockReason } from './LockBar.tsx';
import { PatternButtons } from './PatternButtons.tsx';
import type { PoseStore } from './PoseStore.ts';
import { ProjectorList } from './ProjectorList.tsx';
import { ProjectorTabs } from './ProjectorTabs.tsx';
import type { SimulatorStore } from './SimulatorStore.ts';
import { useSettled } from './useSettled.ts';

/** The page's log, newest first. */
function MessageLog({ log }: { log: readonly LogLine[] }) {
  return (
    <section className="panel log" aria-label="Messages">
      <h2>Messages</h2>
      <ol>
        {[...log].reverse().map((l) => (
          <li key={l.key} className={l.ok ? 'ok' : 'refused'}>
            {l.message}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The whole calibration page. */
export function CalibrationApp({ session, api, sim, poses, outputWidthCss = 640, hall3d = true }: { session: CalibrationSession; api: ApiReader; sim: SimulatorStore; poses: PoseStore; outputWidthCss?: number; hall3d?: boolean }) {
  const s = useStore(session);
  const poseWork = useStore(poses, (p) => p.work);
  const armedLandmarkId = s.selectedId !== null ? (poseWork[s.selectedId]?.armed ?? null) : null;
  const why = lockReason(s);
  const profile = s.profile;
  const selected = profile?.projectors.find((p) => p.id === s.selectedId) ?? null;
  const hallProfile = useSettled(profile, 400);
  const landmarks = useMemo(() => landmarksOf(hallProfile), [hallProfile]);
  const select = useCallback((id: string) => session.getState().select(id), [session]);

  return (
    <div className={`calibration phase-${s.phase}`}>
      <LockBar session={session} s={s} />
      <div className="columns">
        <div className="left">
          <div className="hall-box">{!hall3d ? <p className="hint">3D view off (?hall=0).</p> : hallProfile ? <HallView profile={hallProfile} selectedId={s.selectedId} landmarks={landmarks} armedLandmarkId={armedLandmarkId} onSelect={select} /> : <p>Waiting for the profile…</p>}</div>
          <ProjectorList session={session} s={s} />
          <PatternButtons session={session} selectedId={selected?.id ?? null} why={why} />
        </div>
        <div className="right">
          <ProjectorTabs session={session} api={api} sim={sim} poses={poses} s={s} selected={selected} why={why} outputWidthCss={outputWidthCss} />
          <MessageLog log={s.log} />
        </div>
      </div>
    </div>
  );
}
