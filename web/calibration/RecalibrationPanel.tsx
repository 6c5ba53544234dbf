import { useState } from 'react';
import { useStore } from 'zustand';
import { aimCameraAt } from '../../calibration/structured/SimulatedCamera.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import type { RecalibrationReport, SimulatorStore } from './SimulatorStore.ts';
import { openWebcam, webcamCapture } from './webcamCapture.ts';

/** Painting px with two decimals, or a dash. */
export const px = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));

/** Runs a one-click recalibration of `ids`: the simulated camera on the truth, or the webcam at the eye point. */
async function recalibrateWith(camera: 'simulated' | 'webcam', ids: readonly string[], session: CalibrationSession, sim: SimulatorStore, profile: Profile | null): Promise<void> {
  const { recalibrate } = sim.getState();
  if (camera === 'simulated') {
    await recalibrate({ projectorIds: ids, camera });
    return;
  }
  let video: HTMLVideoElement;
  try {
    video = await openWebcam();
  } catch (err) {
    session.getState().note(false, `webcam: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  try {
    await recalibrate({
      projectorIds: ids,
      camera,
      captureFor: (id) => webcamCapture(session, video, id),
      // The webcam stands at the eye point, aimed at each footprint in turn; its pixels are the video's.
      cameraFor: (id) => ({ ...aimCameraAt(profile!, id, { longSidePx: Math.max(video.videoWidth, video.videoHeight) }), resolution: { width: video.videoWidth, height: video.videoHeight } }),
    });
  } finally {
    for (const t of (video.srcObject as MediaStream | null)?.getTracks() ?? []) t.stop();
    for (const id of ids) await session.getState().pattern(id, 'content');
  }
}

/** A finished recalibration: time, the simulated hall's before/after, each zone and each projector. */
function RecalibrationReportView({ report }: { report: RecalibrationReport }) {
  return (
    <div className="recal-report" aria-label="Recalibration report">
      <p>
        Recalibrated {report.projectorIds.join(', ')} with the {report.camera} camera in <span className="num recal-seconds">{report.seconds.toFixed(1)}</span> s
        {report.truthBeforeMaxPx !== undefined ? ` — simulated hall: worst misregistration ${px(report.truthBeforeMaxPx)} → ${px(report.truthAfterMaxPx)} painting px` : ''}.
      </p>
      <table>
        <thead>
          <tr>
            <th>blend zone</th>
            <th>measured before, max</th>
            <th>after, max (painting px)</th>
            <th>points</th>
          </tr>
        </thead>
        <tbody>
          {report.zones.map((z) => (
            <tr key={z.zone}>
              <td>{z.zone}</td>
              <td className="num">{px(z.beforeMaxPx)}</td>
              <td className="num">{px(z.afterMaxPx)}</td>
              <td className="num">{z.samples}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        {report.projectors.map((p) => (
          <li key={p.projectorId}>
            {p.projectorId}: {p.correspondences} correspondences, pose RMS {px(p.poseRmsPx)} px, moved yaw {p.poseChange.yawDeg.toFixed(3)}°, pitch {p.poseChange.pitchDeg.toFixed(3)}°, roll {p.poseChange.rollDeg.toFixed(3)}°
            {p.warnings.length > 0 ? <span className="warning"> — {p.warnings.join('; ')}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One-click recalibration: the camera, which projectors, the button, its progress and its report. */
export function RecalibrationPanel({ session, sim, projectorId, disabled, why }: { session: CalibrationSession; sim: SimulatorStore; projectorId: string; disabled: boolean; why: string }) {
  const recalibration = useStore(sim, (s) => s.recalibration);
  const truth = useStore(sim, (s) => s.truth);
  const profile = useStore(session, (s) => s.profile);
  const [scope, setScope] = useState<'all' | 'selected'>('all');
  const [camera, setCamera] = useState<'simulated' | 'webcam'>('simulated');
  const ids = scope === 'all' ? (profile?.projectors.map((p) => p.id) ?? []) : [projectorId];
  const running = recalibration.running;
  return (
    <>
      <h2>One-click recalibration</h2>
      <div className="row">
        <label>
          Camera{' '}
          <select value={camera} onChange={(e) => setCamera(e.target.value as 'simulated' | 'webcam')} disabled={running}>
            <option value="simulated">simulated camera on the platform (the bumped hall)</option>
            <option value="webcam">webcam (getUserMedia, at the eye point)</option>
          </select>
        </label>
        <label>
          Projectors{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'selected')} disabled={running}>
            <option value="all">all</option>
            <option value="selected">{projectorId} only</option>
          </select>
        </label>
        <button type="button" disabled={disabled || running || (camera === 'simulated' && truth === null)} title={disabled ? why : camera === 'simulated' && truth === null ? 'bump a projector first' : undefined} onClick={() => void recalibrateWith(camera, ids, session, sim, profile)}>
          One-click recalibration
        </button>
      </div>
      {running ? <p aria-live="polite">Recalibrating… {recalibration.progress}</p> : null}
      {recalibration.error ? <p className="problem">{recalibration.error}</p> : null}
      {recalibration.report ? <RecalibrationReportView report={recalibration.report} /> : null}
    </>
  );
}
