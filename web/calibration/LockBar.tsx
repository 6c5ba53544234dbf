import type { CalibrationSession, SessionState } from './CalibrationSession.ts';

/** Why editing is off, or null when it is on. */
export function lockReason(s: SessionState): string | null {
  if (s.phase !== 'open') return 'not connected to the conductor';
  if (s.calibration === null) return 'waiting for the conductor\'s calibration status';
  if (s.calibration.locked) return 'calibration is locked (show mode): press Unlock to calibrate';
  return null;
}

const PHASE_TEXT: Readonly<Record<SessionState['phase'], string>> = {
  open: 'connected',
  refused: 'the control token was refused',
  'no-token': 'no token in the address (#token=…)',
  connecting: 'connecting…',
  closed: 'connecting…',
};

/** The page's header: the profile's name, the link, the calibration lock and its button, and why editing is off. */
export function LockBar({ session, s }: { session: CalibrationSession; s: SessionState }) {
  const profile = s.profile;
  const why = lockReason(s);
  const command = session.getState().command;
  return (
    <header className="lockbar">
      <h1>Calibration{profile ? ` — ${profile.name ?? profile.id}` : ''}</h1>
      <span className={`link link-${s.phase}`}>{PHASE_TEXT[s.phase]}</span>
      <span className={`lock ${s.calibration?.locked === false ? 'unlocked' : 'locked'}`} role="status" aria-label="Calibration lock">
        {s.calibration === null ? 'lock: unknown' : s.calibration.locked ? 'Locked — show mode' : 'Unlocked — calibrating'}
      </span>
      {s.calibration?.locked === false ? (
        <button type="button" onClick={() => void command({ command: 'calibrationLock', locked: true })}>
          Lock (back to show mode)
        </button>
      ) : (
        <button type="button" disabled={s.phase !== 'open'} onClick={() => void command({ command: 'calibrationLock', locked: false })}>
          Unlock
        </button>
      )}
      {why !== null ? <span className="why">Editing is off: {why}.</span> : null}
    </header>
  );
}
