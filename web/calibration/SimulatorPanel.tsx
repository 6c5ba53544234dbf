import { useState, useSyncExternalStore } from 'react';
import { aimCameraAt } from '../../calibration/structured/SimulatedCamera.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import type { MisregistrationFigures } from './hallSimulation.ts';
import { SimulatedWall } from './SimulatedWall.tsx';
import type { SimulatorStore } from './SimulatorStore.ts';
import { useSettled } from './useSettled.ts';
import { openWebcam, webcamCapture } from './webcamCapture.ts';

const px = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));

function Figures({ atBump, now }: { atBump: MisregistrationFigures; now: MisregistrationFigures | null }) {
  return (
    <table className="figures" aria-label="Misregistration per blend zone">
      <thead>
        <tr>
          <th>blend zone</th>
          <th>at the bump, max / median</th>
          <th>now, max / median (painting px)</th>
        </tr>
      </thead>
      <tbody>
        {atBump.zones.map((z) => {
          const n = now?.zones.find((x) => x.zone === z.zone);
          return (
            <tr key={z.zone} data-zone={z.zone}>
              <td>{z.zone}</td>
              <td className="num">
                {px(z.maxPx)} / {px(z.medianPx)}
              </td>
              <td className="num now-max">
                {px(n?.maxPx)} / {px(n?.medianPx)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Simulator mode: bump a projector in a simulated truth, see the misregistration live, one-click recalibration. */
export function SimulatorPanel({ session, sim, projectorId, disabled, why }: { session: CalibrationSession; sim: SimulatorStore; projectorId: string; disabled: boolean; why: string }) {
  const s = useSyncExternalStore(sim.subscribe, sim.getState);
  const profile = useSyncExternalStore(session.subscribe, () => session.getState().profile);
  // The fields start from the bump in force (the panel remounts when the tab is left and reopened).
  const [bump, setBump] = useState(() => (s.bump ? { yawDeg: String(s.bump.yawDeg), pitchDeg: String(s.bump.pitchDeg), rollDeg: String(s.bump.rollDeg) } : { yawDeg: '1', pitchDeg: '0.5', rollDeg: '0' }));
  const [scope, setScope] = useState<'all' | 'selected'>('all');
  const [camera, setCamera] = useState<'simulated' | 'webcam'>('simulated');
  const [showWall, setShowWall] = useState(false);
  const wallProfile = useSettled(profile, 400);
  const ids = scope === 'all' ? (profile?.projectors.map((p) => p.id) ?? []) : [projectorId];
  const running = s.recalibration.running;

  const start = async () => {
    if (camera === 'simulated') {
      await sim.recalibrate({ projectorIds: ids, camera });
      return;
    }
    let video: HTMLVideoElement;
    try {
      video = await openWebcam();
    } catch (err) {
      session.note(false, `webcam: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    try {
      await sim.recalibrate({
        projectorIds: ids,
        camera,
        captureFor: (id) => webcamCapture(session, video, id),
        // The webcam stands at the eye point, aimed at each footprint in turn; its pixels are the video's.
        cameraFor: (id) => ({ ...aimCameraAt(profile!, id, { longSidePx: Math.max(video.videoWidth, video.videoHeight) }), resolution: { width: video.videoWidth, height: video.videoHeight } }),
      });
    } finally {
      for (const t of (video.srcObject as MediaStream | null)?.getTracks() ?? []) t.stop();
      for (const id of ids) await session.pattern(id, 'content');
    }
  };

  const report = s.recalibration.report;
  return (
    <section className="panel simulator" aria-label="Simulator">
      <h2>Simulator — rehearsal</h2>
      <div className="row">
        <span>Bump {projectorId} by</span>
        {(['yawDeg', 'pitchDeg', 'rollDeg'] as const).map((k) => (
          <label key={k}>
            {k.replace('Deg', '')} °
            <input type="number" step={0.1} value={bump[k]} onChange={(e) => setBump({ ...bump, [k]: e.target.value })} />
          </label>
        ))}
        <button type="button" disabled={profile === null} onClick={() => sim.bump({ projectorId, yawDeg: Number(bump.yawDeg) || 0, pitchDeg: Number(bump.pitchDeg) || 0, rollDeg: Number(bump.rollDeg) || 0 })}>
          Bump in the simulator
        </button>
        <button type="button" disabled={s.truth === null} onClick={() => sim.clear()}>
          Clear
        </button>
      </div>
      {s.bump && s.atBump ? (
        <>
          <p>
            Simulated hall: {s.bump.projectorId} knocked yaw {s.bump.yawDeg}°, pitch {s.bump.pitchDeg}°, roll {s.bump.rollDeg}° (the outputs are not affected). Worst misregistration now:{' '}
            <span className="figure" aria-label="Worst misregistration now">
              {px(s.now?.maxPx)}
            </span>{' '}
            painting px (at the bump {px(s.atBump.maxPx)}){s.measuring ? ' · measuring…' : ''}
          </p>
          <Figures atBump={s.atBump} now={s.now} />
          <label>
            <input type="checkbox" checked={showWall} onChange={(e) => setShowWall(e.target.checked)} /> show the simulated wall (the painting grid from the true poses: double lines where the calibration is off)
          </label>
          {showWall && s.truth && wallProfile ? <SimulatedWall calibrated={wallProfile} truth={s.truth} /> : null}
        </>
      ) : (
        <p className="hint">No bump: the simulated hall is the working profile. Bump a projector to rehearse a repair.</p>
      )}
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
        <button type="button" disabled={disabled || running || (camera === 'simulated' && s.truth === null)} title={disabled ? why : camera === 'simulated' && s.truth === null ? 'bump a projector first' : undefined} onClick={() => void start()}>
          One-click recalibration
        </button>
      </div>
      {running ? <p aria-live="polite">Recalibrating… {s.recalibration.progress}</p> : null}
      {s.recalibration.error ? <p className="problem">{s.recalibration.error}</p> : null}
      {report ? (
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
      ) : null}
    </section>
  );
}
