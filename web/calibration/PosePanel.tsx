import { useMemo, useState, useSyncExternalStore } from 'react';
import { applyPose, MIN_POINTS, solvePose, type PoseSolution } from '../../calibration/pose/solvePose.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import { landmarksOf, type Landmark } from './landmarks.ts';
import type { SimulatorStore } from './SimulatorStore.ts';
import { initialWarpState } from './warpEditor.ts';
import { WarpView, type ImageMarker } from './WarpView.tsx';

/** A landmark placed by the technician: where it appears on the projector's output, output pixels (warp included). */
export interface PlacedPoint {
  readonly landmarkId: string;
  readonly x: number;
  readonly y: number;
}

/** The pose-from-points work of one projector. */
export interface PoseWork {
  readonly points: readonly PlacedPoint[];
  readonly armed: string | null;
  readonly solution: PoseSolution | null;
  /** Landmark ids in the order given to the solver (the residuals' order). */
  readonly solvedIds: readonly string[];
}

const EMPTY: PoseWork = { points: [], armed: null, solution: null, solvedIds: [] };

/** Keeps each projector's placed points and solution while the technician moves between tabs. */
export class PoseStore {
  private work: Readonly<Record<string, PoseWork>> = {};
  private readonly listeners = new Set<() => void>();
  getState = (): Readonly<Record<string, PoseWork>> => this.work;
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  of(id: string): PoseWork {
    return this.work[id] ?? EMPTY;
  }
  update(id: string, f: (w: PoseWork) => PoseWork): void {
    this.work = { ...this.work, [id]: f(this.of(id)) };
    for (const l of this.listeners) l();
  }
}

/** The pairs solvePose takes: each placed landmark's wall point and its UNWARPED pixel (the current warp removed). */
export function pointPairs(profile: Profile, projectorId: string, points: readonly PlacedPoint[]): { id: string; world: Vec3; pixel: [number, number] }[] {
  const inst = new Installation(profile);
  const model = inst.projector(projectorId);
  const byId = new Map(landmarksOf(profile).map((l) => [l.id, l]));
  return points.flatMap((p) => {
    const l = byId.get(p.landmarkId);
    if (!l) return [];
    return [{ id: l.id, world: inst.surface.pointAt(l.u, l.v), pixel: model.warp.unwarp(p.x, p.y) }];
  });
}

const fmt = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

/**
 * Pose from points (camSchnappr / QuickCal style): arm a landmark, click where it appears on the
 * projector's output (the mirrored view), six or more; Solve runs calibration/pose solvePose from the
 * current config, shows each point's residual, the RMS and plain warnings; Apply sends the solved pose
 * and lens live, Discard forgets the solution. In simulator mode the view can show where the bumped
 * hall really shows each landmark (what the technician would see on the wall).
 */
export function PosePanel({ session, poses, sim, projectorId, disabled, why, widthCss }: { session: CalibrationSession; poses: PoseStore; sim: SimulatorStore; projectorId: string; disabled: boolean; why: string; widthCss: number }) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const all = useSyncExternalStore(poses.subscribe, poses.getState);
  const simState = useSyncExternalStore(sim.subscribe, sim.getState);
  const [solveFocal, setSolveFocal] = useState(true);
  const [solveShift, setSolveShift] = useState(false);
  const [showTruth, setShowTruth] = useState(true);
  const profile = state.profile!;
  const cfg = profile.projectors.find((p) => p.id === projectorId)!;
  const work = all[projectorId] ?? EMPTY;
  const landmarks = landmarksOf(profile);
  const byId = new Map(landmarks.map((l) => [l.id, l]));
  const warpState = useMemo(() => initialWarpState(cfg.resolution.width, cfg.resolution.height, cfg.warp), [cfg]);

  const markers = useMemo(() => {
    const out: ImageMarker[] = [];
    const inst = new Installation(profile);
    const model = inst.projector(projectorId);
    const truth = simState.truth ? new ProjectorModel(simState.truth.projectors.find((p) => p.id === projectorId)!) : null;
    for (const l of landmarks) {
      const P = inst.surface.pointAt(l.u, l.v);
      const q = model.worldToPixel(P);
      if (q && model.contains(q[0], q[1])) out.push({ x: q[0], y: q[1], label: l.name, kind: 'predicted' });
      // The truth model has no warp: the output pixel whose light lands on the landmark in the bumped hall.
      const t = showTruth && truth ? truth.worldToUnwarpedPixel(P) : null;
      if (t && truth!.contains(t[0], t[1])) out.push({ x: t[0], y: t[1], label: l.name, kind: 'truth' });
    }
    for (const p of work.points) out.push({ x: p.x, y: p.y, label: byId.get(p.landmarkId)?.name ?? p.landmarkId, kind: 'clicked' });
    return out;
  }, [profile, projectorId, landmarks, simState.truth, showTruth, work.points, byId]);

  const pick = (x: number, y: number) => {
    poses.update(projectorId, (w) => {
      if (w.armed === null) return w;
      const points = [...w.points.filter((p) => p.landmarkId !== w.armed), { landmarkId: w.armed, x, y }];
      const placed = new Set(points.map((p) => p.landmarkId));
      const next = landmarks.find((l) => !placed.has(l.id))?.id ?? null;
      return { ...w, points, armed: next, solution: null };
    });
  };

  const solve = () => {
    const pairs = pointPairs(profile, projectorId, work.points);
    const solution = solvePose(pairs, { width: cfg.resolution.width, height: cfg.resolution.height, initial: cfg, solveFocal, solveShift });
    poses.update(projectorId, (w) => ({ ...w, solution, solvedIds: pairs.map((p) => p.id) }));
  };

  const sol = work.solution;
  const enough = work.points.length >= MIN_POINTS;
  return (
    <section className="panel pose" aria-label="Pose from points">
      <h2>Pose from points — {projectorId}</h2>
      {landmarks.length === 0 ? <p className="problem">This profile has no hall.landmarks: add painting landmarks to the profile to solve a pose from points.</p> : null}
      <WarpView projectorId={projectorId} state={warpState} mode="pose" disabled={disabled || work.armed === null} markers={markers} widthCss={widthCss} onWarp={() => {}} onPick={pick} />
      <p className="hint">
        {work.armed ? `Click where “${byId.get(work.armed)?.name ?? work.armed}” appears on ${projectorId}'s output.` : 'Choose a landmark to place.'} Yellow: your clicks; blue ×: where the current calibration puts the landmark
        {simState.truth ? '; pink ×: where the simulated (bumped) hall shows it' : ''}.
      </p>
      {simState.truth ? (
        <label>
          <input type="checkbox" checked={showTruth} onChange={(e) => setShowTruth(e.target.checked)} /> show the simulated hall's landmarks
        </label>
      ) : null}
      <ul className="landmarks" aria-label="Landmarks">
        {landmarks.map((l: Landmark) => {
          const p = work.points.find((q) => q.landmarkId === l.id);
          return (
            <li key={l.id}>
              <button type="button" aria-pressed={work.armed === l.id} className={work.armed === l.id ? 'selected' : ''} disabled={disabled} title={disabled ? why : undefined} onClick={() => poses.update(projectorId, (w) => ({ ...w, armed: l.id }))}>
                {l.name}
              </button>{' '}
              {p ? (
                <>
                  <span className="num">
                    ({fmt(p.x, 1)}, {fmt(p.y, 1)})
                  </span>{' '}
                  <button type="button" aria-label={`remove ${l.name}`} onClick={() => poses.update(projectorId, (w) => ({ ...w, points: w.points.filter((q) => q.landmarkId !== l.id), solution: null }))}>
                    ×
                  </button>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className="row">
        <label>
          <input type="checkbox" checked={solveFocal} onChange={(e) => setSolveFocal(e.target.checked)} /> solve focal length
        </label>
        <label>
          <input type="checkbox" checked={solveShift} onChange={(e) => setSolveShift(e.target.checked)} /> solve lens shift
        </label>
        <button type="button" disabled={!enough} title={enough ? undefined : `place at least ${MIN_POINTS} landmarks`} onClick={solve}>
          Solve ({work.points.length} of ≥ {MIN_POINTS} points)
        </button>
        <button type="button" disabled={work.points.length === 0} onClick={() => poses.update(projectorId, () => EMPTY)}>
          Clear points
        </button>
      </div>
      {sol ? (
        <div className="solution" aria-label="Pose solution">
          <p>
            {sol.ok ? 'Solved' : 'Not solved'}: RMS <span className="figure rms">{fmt(sol.rmsPx)}</span> px over the inliers · yaw {fmt(sol.pose.yawDeg, 3)}° (now {fmt(cfg.pose.yawDeg, 3)}°), pitch {fmt(sol.pose.pitchDeg, 3)}°, roll {fmt(sol.pose.rollDeg, 3)}°, focal {fmt(sol.lens.focalPx, 1)} px
          </p>
          {sol.warnings.map((w) => (
            <p key={w.code} className="warning">
              {w.message}
            </p>
          ))}
          <table>
            <thead>
              <tr>
                <th>landmark</th>
                <th>dx</th>
                <th>dy</th>
                <th>residual (px)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sol.residuals.map((r, i) => (
                <tr key={r.id ?? i} className={r.outlier ? 'outlier' : ''}>
                  <td>{byId.get(r.id ?? work.solvedIds[i] ?? '')?.name ?? r.id}</td>
                  <td className="num">{fmt(r.dxPx)}</td>
                  <td className="num">{fmt(r.dyPx)}</td>
                  <td className="num">{fmt(r.px)}</td>
                  <td>{r.outlier ? 'outlier' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button
              type="button"
              disabled={disabled || !sol.ok}
              title={disabled ? why : undefined}
              onClick={() => {
                const next = applyPose(cfg, sol);
                session.edit(projectorId, { pose: next.pose, lens: next.lens });
                session.flush();
                poses.update(projectorId, (w) => ({ ...w, solution: null }));
                session.note(true, `${projectorId}: solved pose applied (RMS ${fmt(sol.rmsPx)} px)`);
              }}
            >
              Apply
            </button>
            <button type="button" onClick={() => poses.update(projectorId, (w) => ({ ...w, solution: null }))}>
              Discard
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
