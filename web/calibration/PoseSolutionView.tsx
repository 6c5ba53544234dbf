import { applyPose } from '../../calibration/pose/solvePose.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import type { Landmark } from './landmarks.ts';
import type { PoseStore, PoseWork } from './PoseStore.ts';

/** A figure with `d` decimals, or a dash when it is not finite. */
export const fmt = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** What the solution view shows and acts on: the projector's work (with its solution) and config. */
export interface PoseSolutionProps {
  readonly session: CalibrationSession;
  readonly poses: PoseStore;
  readonly projectorId: string;
  readonly cfg: ProjectorConfig;
  readonly work: PoseWork & { readonly solution: NonNullable<PoseWork['solution']> };
  readonly byId: ReadonlyMap<string, Landmark>;
  readonly disabled: boolean;
  readonly why: string;
}

/**
 * A solved pose: RMS, the pose against the current one, plain warnings, each point's residual; Apply
 * sends the solved pose and lens live, Discard forgets the solution.
 */
export function PoseSolutionView({ session, poses, projectorId, cfg, work, byId, disabled, why }: PoseSolutionProps) {
  const sol = work.solution;
  const forget = () => poses.getState().update(projectorId, (w) => ({ ...w, solution: null }));
  const apply = () => {
    const next = applyPose(cfg, sol);
    const { edit, flush, note } = session.getState();
    edit(projectorId, { pose: next.pose, lens: next.lens });
    flush();
    forget();
    note(true, `${projectorId}: solved pose applied (RMS ${fmt(sol.rmsPx)} px)`);
  };
  return (
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
        <button type="button" disabled={disabled || !sol.ok} title={disabled ? why : undefined} onClick={apply}>
          Apply
        </button>
        <button type="button" onClick={forget}>
          Discard
        </button>
      </div>
    </div>
  );
}
