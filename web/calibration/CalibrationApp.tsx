/**
 * The calibration page's layout: lock bar, 3D hall, projector list, test patterns, and the tabs of
 * the selected projector (warp, pose, blend and colour, simulator, profile). It renders only from a
 * CalibrationSession (no socket), so tests give it a session fed with real profiles and a recording
 * command sender.
 */
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { TestPattern } from '../../engine/core/protocol/commands.ts';
import { AdjustPanel } from './AdjustPanel.tsx';
import type { ApiReader } from './conductorApi.ts';
import type { CalibrationSession, SessionState } from './CalibrationSession.ts';
import { HallView } from './HallView.tsx';
import { landmarksOf } from './landmarks.ts';
import { PoseAdjust } from './PoseAdjust.tsx';
import { PosePanel, type PoseStore } from './PosePanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import { SimulatorPanel } from './SimulatorPanel.tsx';
import { useSettled } from './useSettled.ts';
import type { SimulatorStore } from './SimulatorStore.ts';
import { WarpPanel } from './WarpPanel.tsx';

/** The named test patterns, as the buttons say them. */
export const PATTERN_BUTTONS: readonly { pattern: Exclude<TestPattern, object>; label: string }[] = [
  { pattern: 'grid', label: 'Grid' },
  { pattern: 'crosshair', label: 'Crosshair' },
  { pattern: 'colorBars', label: 'Colour bars' },
  { pattern: 'white', label: 'White' },
  { pattern: 'black', label: 'Black' },
  { pattern: 'paintingGrid', label: 'Painting grid' },
  { pattern: 'content', label: 'Back to the show' },
];

/** Why editing is off, or null when it is on. */
export function lockReason(s: SessionState): string | null {
  if (s.phase !== 'open') return 'not connected to the conductor';
  if (s.calibration === null) return 'waiting for the conductor\'s calibration status';
  if (s.calibration.locked) return 'calibration is locked (show mode): press Unlock to calibrate';
  return null;
}

/** The tabs of the selected projector. */
export type TabId = 'warp' | 'pose' | 'hand' | 'adjust' | 'sim' | 'profile';

const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'warp', label: 'Warp' },
  { id: 'pose', label: 'Pose from points' },
  { id: 'hand', label: 'Pose by hand' },
  { id: 'adjust', label: 'Blend and colour' },
  { id: 'sim', label: 'Simulator' },
  { id: 'profile', label: 'Profile' },
];

/** The whole calibration page. */
export function CalibrationApp({ session, api, sim, poses, outputWidthCss = 640, hall3d = true }: { session: CalibrationSession; api: ApiReader; sim: SimulatorStore; poses: PoseStore; outputWidthCss?: number; hall3d?: boolean }) {
  const s = useSyncExternalStore(session.subscribe, session.getState);
  const poseWork = useSyncExternalStore(poses.subscribe, poses.getState);
  const armedLandmarkId = s.selectedId !== null ? (poseWork[s.selectedId]?.armed ?? null) : null;
  const [tab, setTab] = useState<TabId>('warp');
  const why = lockReason(s);
  const disabled = why !== null;
  const profile = s.profile;
  const selected = profile?.projectors.find((p) => p.id === s.selectedId) ?? null;
  const patterns = s.calibration?.patterns ?? {};
  const hallProfile = useSettled(profile, 400);
  const landmarks = useMemo(() => landmarksOf(hallProfile), [hallProfile]);
  const select = useCallback((id: string) => session.select(id), [session]);

  return (
    <div className={`calibration phase-${s.phase}`}>
      <header className="lockbar">
        <h1>Calibration{profile ? ` — ${profile.name ?? profile.id}` : ''}</h1>
        <span className={`link link-${s.phase}`}>{s.phase === 'open' ? 'connected' : s.phase === 'refused' ? 'the control token was refused' : s.phase === 'no-token' ? 'no token in the address (#token=…)' : 'connecting…'}</span>
        <span className={`lock ${s.calibration?.locked === false ? 'unlocked' : 'locked'}`} role="status" aria-label="Calibration lock">
          {s.calibration === null ? 'lock: unknown' : s.calibration.locked ? 'Locked — show mode' : 'Unlocked — calibrating'}
        </span>
        {s.calibration?.locked === false ? (
          <button type="button" onClick={() => void session.command({ command: 'calibrationLock', locked: true })}>
            Lock (back to show mode)
          </button>
        ) : (
          <button type="button" disabled={s.phase !== 'open'} onClick={() => void session.command({ command: 'calibrationLock', locked: false })}>
            Unlock
          </button>
        )}
        {disabled ? <span className="why">Editing is off: {why}.</span> : null}
      </header>
      <div className="columns">
        <div className="left">
          <div className="hall-box">{!hall3d ? <p className="hint">3D view off (?hall=0).</p> : hallProfile ? <HallView profile={hallProfile} selectedId={s.selectedId} landmarks={landmarks} armedLandmarkId={armedLandmarkId} onSelect={select} /> : <p>Waiting for the profile…</p>}</div>
          <section className="panel projectors" aria-label="Projectors">
            <h2>Projectors</h2>
            <ul>
              {profile?.projectors.map((p) => {
                const out = s.outputs.filter((o) => o.projectorId === p.id || o.projectorId === 'all');
                const live = out.some((o) => o.connected);
                const pat = patterns[p.id];
                return (
                  <li key={p.id}>
                    <button type="button" className={p.id === s.selectedId ? 'selected' : ''} aria-pressed={p.id === s.selectedId} onClick={() => session.select(p.id)}>
                      <span className="id">{p.id}</span> <span className="name">{p.name ?? ''}</span>{' '}
                      <span className="display">{p.display?.id !== undefined ? `display ${p.display.id}` : p.display?.index !== undefined ? `display #${p.display.index}` : ''}</span>{' '}
                      <span className={`state ${live ? 'ok' : 'off'}`}>{live ? `${Math.round(Math.max(...out.map((o) => o.fps)))} fps` : 'no output'}</span>{' '}
                      <span className="pattern">{pat === undefined ? 'show' : typeof pat === 'string' ? pat : 'Gray code'}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
          <section className="panel patterns" aria-label="Test patterns">
            <h2>Test pattern on {selected?.id ?? '—'}</h2>
            <div className="buttons">
              {PATTERN_BUTTONS.map((b) => (
                <button key={b.pattern} type="button" disabled={disabled || selected === null} title={why ?? undefined} onClick={() => void session.pattern(selected!.id, b.pattern)}>
                  {b.label}
                </button>
              ))}
            </div>
            <h2>All projectors</h2>
            <div className="buttons">
              {PATTERN_BUTTONS.map((b) => (
                <button key={b.pattern} type="button" aria-label={`${b.label} on all projectors`} disabled={disabled} title={why ?? undefined} onClick={() => void session.pattern(null, b.pattern)}>
                  {b.label}
                </button>
              ))}
            </div>
          </section>
        </div>
        <div className="right">
          <nav className="tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
                {t.label}
              </button>
            ))}
          </nav>
          {selected === null ? (
            <p>Waiting for the profile…</p>
          ) : tab === 'warp' ? (
            <WarpPanel session={session} state={s} projectorId={selected.id} disabled={disabled} why={why ?? ''} widthCss={outputWidthCss} />
          ) : tab === 'hand' ? (
            <PoseAdjust config={selected} disabled={disabled} why={why ?? ''} onEdit={(patch) => session.edit(selected.id, patch)} />
          ) : tab === 'adjust' ? (
            <AdjustPanel config={selected} disabled={disabled} why={why ?? ''} onEdit={(patch) => session.edit(selected.id, patch)} />
          ) : tab === 'pose' ? (
            <PosePanel session={session} poses={poses} sim={sim} projectorId={selected.id} disabled={disabled} why={why ?? ''} widthCss={outputWidthCss} />
          ) : tab === 'sim' ? (
            <SimulatorPanel session={session} sim={sim} projectorId={selected.id} disabled={disabled} why={why ?? ''} />
          ) : (
            <ProfilePanel session={session} api={api} disabled={disabled} why={why ?? ''} version={s.calibration?.version ?? null} dirty={s.calibration?.dirty ?? false} />
          )}
          <section className="panel log" aria-label="Messages">
            <h2>Messages</h2>
            <ol>
              {[...s.log].reverse().map((l) => (
                <li key={l.key} className={l.ok ? 'ok' : 'refused'}>
                  {l.message}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}
