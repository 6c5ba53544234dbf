import { useState } from 'react';
import { useStore } from 'zustand';
import type { CalibrationSession } from './CalibrationSession.ts';
import type { MisregistrationFigures } from './hallSimulation.ts';
import { px, RecalibrationPanel } from './RecalibrationPanel.tsx';
import { SimulatedWall } from './SimulatedWall.tsx';
import type { SimulatorStore } from './SimulatorStore.ts';
import { useSettled } from './useSettled.ts';

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

/** The simulated hall after a bump: the worst misregistration now and at the bump, per zone, and the simulated wall on demand. */
function BumpedHall({ session, sim }: { session: CalibrationSession; sim: SimulatorStore }) {
  const s = useStore(sim);
  const profile = useStore(session, (st) => st.profile);
  const [showWall, setShowWall] = useState(false);
  const wallProfile = useSettled(profile, 400);
  if (!s.bump || !s.atBump) return <p className="hint">No bump: the simulated hall is the working profile. Bump a projector to rehearse a repair.</p>;
  return (
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
  );
}

/** Simulator mode: bump a projector in a simulated truth, see the misregistration live, one-click recalibration. */
export function SimulatorPanel({ session, sim, projectorId, disabled, why }: { session: CalibrationSession; sim: SimulatorStore; projectorId: string; disabled: boolean; why: string }) {
  const s = useStore(sim);
  const hasProfile = useStore(session, (st) => st.profile !== null);
  // The fields start from the bump in force (the panel remounts when the tab is left and reopened).
  const [bump, setBump] = useState(() => (s.bump ? { yawDeg: String(s.bump.yawDeg), pitchDeg: String(s.bump.pitchDeg), rollDeg: String(s.bump.rollDeg) } : { yawDeg: '1', pitchDeg: '0.5', rollDeg: '0' }));
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
        <button type="button" disabled={!hasProfile} onClick={() => s.bumpProjector({ projectorId, yawDeg: Number(bump.yawDeg) || 0, pitchDeg: Number(bump.pitchDeg) || 0, rollDeg: Number(bump.rollDeg) || 0 })}>
          Bump in the simulator
        </button>
        <button type="button" disabled={s.truth === null} onClick={() => s.clear()}>
          Clear
        </button>
      </div>
      <BumpedHall session={session} sim={sim} />
      <RecalibrationPanel session={session} sim={sim} projectorId={projectorId} disabled={disabled} why={why} />
    </section>
  );
}
