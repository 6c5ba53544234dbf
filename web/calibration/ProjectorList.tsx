import type { CalibrationSession, SessionState } from './CalibrationSession.ts';

/** The profile's projectors: each one's display, output frame rate and pattern; a click selects it. */
export function ProjectorList({ session, s }: { session: CalibrationSession; s: SessionState }) {
  const patterns = s.calibration?.patterns ?? {};
  const select = session.getState().select;
  return (
    <section className="panel projectors" aria-label="Projectors">
      <h2>Projectors</h2>
      <ul>
        {s.profile?.projectors.map((p) => {
          const out = s.outputs.filter((o) => o.projectorId === p.id || o.projectorId === 'all');
          const live = out.some((o) => o.connected);
          const pat = patterns[p.id];
          return (
            <li key={p.id}>
              <button type="button" className={p.id === s.selectedId ? 'selected' : ''} aria-pressed={p.id === s.selectedId} onClick={() => select(p.id)}>
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
  );
}
