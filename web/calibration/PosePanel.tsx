import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { MIN_POINTS, solvePose } from '../../calibration/pose/solvePose.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import { landmarksOf, type Landmark } from './landmarks.ts';
import { PoseSolutionView, fmt } from './PoseSolutionView.tsx';
import { EMPTY_POSE_WORK, type PlacedPoint, type PoseStore, type PoseWork } from './PoseStore.ts';
import type { SimulatorStore } from './SimulatorStore.ts';
import { initialWarpState } from './warpEditor.ts';
import { WarpView, type ImageMarker } from './WarpView.tsx';

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

/**
 * The markers on the output view: where the current calibration puts each landmark, where the
 * simulated (bumped) hall really shows it (`truth`, when shown) and the technician's clicks.
 */
function poseMarkers(profile: Profile, projectorId: string, landmarks: readonly Landmark[], truth: Profile | null, points: readonly PlacedPoint[], byId: ReadonlyMap<string, Landmark>): ImageMarker[] {
  const out: ImageMarker[] = [];
  const inst = new Installation(profile);
  const model = inst.projector(projectorId);
  const truthModel = truth ? new ProjectorModel(truth.projectors.find((p) => p.id === projectorId)!) : null;
  for (const l of landmarks) {
    const P = inst.surface.pointAt(l.u, l.v);
    const q = model.worldToPixel(P);
    if (q && model.contains(q[0], q[1])) out.push({ x: q[0], y: q[1], label: l.name, kind: 'predicted' });
    // The truth model has no warp: the output pixel whose light lands on the landmark in the bumped hall.
    const t = truthModel ? truthModel.worldToUnwarpedPixel(P) : null;
    if (t && truthModel!.contains(t[0], t[1])) out.push({ x: t[0], y: t[1], label: l.name, kind: 'truth' });
  }
  for (const p of points) out.push({ x: p.x, y: p.y, label: byId.get(p.landmarkId)?.name ?? p.landmarkId, kind: 'clicked' });
  return out;
}

/** The landmarks to place: arm one (then click it on the output), see where it was placed, remove it. */
function LandmarkList({ landmarks, work, update, disabled, why }: { landmarks: readonly Landmark[]; work: PoseWork; update: (f: (w: PoseWork) => PoseWork) => void; disabled: boolean; why: string }) {
  return (
    <ul className="landmarks" aria-label="Landmarks">
      {landmarks.map((l) => {
        const p = work.points.find((q) => q.landmarkId === l.id);
        return (
          <li key={l.id}>
            <button type="button" aria-pressed={work.armed === l.id} className={work.armed === l.id ? 'selected' : ''} disabled={disabled} title={disabled ? why : undefined} onClick={() => update((w) => ({ ...w, armed: l.id }))}>
              {l.name}
            </button>{' '}
            {p ? (
              <>
                <span className="num">
                  ({fmt(p.x, 1)}, {fmt(p.y, 1)})
                </span>{' '}
                <button type="button" aria-label={`remove ${l.name}`} onClick={() => update((w) => ({ ...w, points: w.points.filter((q) => q.landmarkId !== l.id), solution: null }))}>
                  ×
                </button>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Pose from points (camSchnappr / QuickCal style): arm a landmark, click where it appears on the
 * projector's output (the mirrored view), six or more; Solve runs calibration/pose solvePose from the
 * current config, shows each point's residual, the RMS and plain warnings; Apply sends the solved pose
 * and lens live, Discard forgets the solution. In simulator mode the view can show where the bumped
 * hall really shows each landmark (what the technician would see on the wall).
 */
export function PosePanel({ session, poses, sim, projectorId, disabled, why, widthCss }: { session: CalibrationSession; poses: PoseStore; sim: SimulatorStore; projectorId: string; disabled: boolean; why: string; widthCss: number }) {
  const profile = useStore(session, (s) => s.profile)!;
  const work = useStore(poses, (p) => p.work[projectorId]) ?? EMPTY_POSE_WORK;
  const truth = useStore(sim, (s) => s.truth);
  const [solveFocal, setSolveFocal] = useState(true);
  const [solveShift, setSolveShift] = useState(false);
  const [showTruth, setShowTruth] = useState(true);
  const cfg = profile.projectors.find((p) => p.id === projectorId)!;
  const landmarks = landmarksOf(profile);
  const byId = new Map(landmarks.map((l) => [l.id, l]));
  const warpState = useMemo(() => initialWarpState(cfg.resolution.width, cfg.resolution.height, cfg.warp), [cfg]);
  const markers = useMemo(() => poseMarkers(profile, projectorId, landmarks, showTruth ? truth : null, work.points, byId), [profile, projectorId, landmarks, truth, showTruth, work.points, byId]);
  const update = (f: (w: PoseWork) => PoseWork) => poses.getState().update(projectorId, f);

  const pick = (x: number, y: number) =>
    update((w) => {
      if (w.armed === null) return w;
      const points = [...w.points.filter((p) => p.landmarkId !== w.armed), { landmarkId: w.armed, x, y }];
      const placed = new Set(points.map((p) => p.landmarkId));
      const next = landmarks.find((l) => !placed.has(l.id))?.id ?? null;
      return { ...w, points, armed: next, solution: null };
    });
  const solve = () => {
    const pairs = pointPairs(profile, projectorId, work.points);
    const solution = solvePose(pairs, { width: cfg.resolution.width, height: cfg.resolution.height, initial: cfg, solveFocal, solveShift });
    update((w) => ({ ...w, solution, solvedIds: pairs.map((p) => p.id) }));
  };

  const enough = work.points.length >= MIN_POINTS;
  return (
    <section className="panel pose" aria-label="Pose from points">
      <h2>Pose from points — {projectorId}</h2>
      {landmarks.length === 0 ? <p className="problem">This profile has no hall.landmarks: add painting landmarks to the profile to solve a pose from points.</p> : null}
      <WarpView projectorId={projectorId} state={warpState} mode="pose" disabled={disabled || work.armed === null} markers={markers} widthCss={widthCss} onWarp={() => {}} onPick={pick} />
      <p className="hint">
        {work.armed ? `Click where “${byId.get(work.armed)?.name ?? work.armed}” appears on ${projectorId}'s output.` : 'Choose a landmark to place.'} Yellow: your clicks; blue ×: where the current calibration puts the landmark
        {truth ? '; pink ×: where the simulated (bumped) hall shows it' : ''}.
      </p>
      {truth ? (
        <label>
          <input type="checkbox" checked={showTruth} onChange={(e) => setShowTruth(e.target.checked)} /> show the simulated hall's landmarks
        </label>
      ) : null}
      <LandmarkList landmarks={landmarks} work={work} update={update} disabled={disabled} why={why} />
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
        <button type="button" disabled={work.points.length === 0} onClick={() => update(() => EMPTY_POSE_WORK)}>
          Clear points
        </button>
      </div>
      {work.solution ? <PoseSolutionView session={session} poses={poses} projectorId={projectorId} cfg={cfg} work={{ ...work, solution: work.solution }} byId={byId} disabled={disabled} why={why} /> : null}
    </section>
  );
}
