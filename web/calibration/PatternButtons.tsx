import type { TestPattern } from '../../engine/core/protocol/commands.ts';
import type { CalibrationSession } from './CalibrationSession.ts';

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

/** Test patterns on the selected projector (`selectedId`) or on all of them; off with `why` while editing is off. */
export function PatternButtons({ session, selectedId, why }: { session: CalibrationSession; selectedId: string | null; why: string | null }) {
  const disabled = why !== null;
  const pattern = session.getState().pattern;
  return (
    <section className="panel patterns" aria-label="Test patterns">
      <h2>Test pattern on {selectedId ?? '—'}</h2>
      <div className="buttons">
        {PATTERN_BUTTONS.map((b) => (
          <button key={b.pattern} type="button" disabled={disabled || selectedId === null} title={why ?? undefined} onClick={() => void pattern(selectedId!, b.pattern)}>
            {b.label}
          </button>
        ))}
      </div>
      <h2>All projectors</h2>
      <div className="buttons">
        {PATTERN_BUTTONS.map((b) => (
          <button key={b.pattern} type="button" aria-label={`${b.label} on all projectors`} disabled={disabled} title={why ?? undefined} onClick={() => void pattern(null, b.pattern)}>
            {b.label}
          </button>
        ))}
      </div>
    </section>
  );
}
