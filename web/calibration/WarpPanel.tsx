import { useState } from 'react';
import type { CalibrationSession, SessionState } from './CalibrationSession.ts';
import { GRID_MAX, GRID_MIN } from './warpEditor.ts';
import { WarpView } from './WarpView.tsx';

/** Grid sizes offered in the menu (any size from 2 to 129 can be typed). */
const SIZES = [2, 3, 5, 9, 17, 33];

/** Warp editing of one projector: the mirrored output with its control points, grid size, undo/redo, history. */
export function WarpPanel({ session, state, projectorId, disabled, why, widthCss }: { session: CalibrationSession; state: SessionState; projectorId: string; disabled: boolean; why: string; widthCss: number }) {
  const ws = state.warp[projectorId] ?? session.getState().warpState(projectorId);
  const [size, setSize] = useState<{ cols: string; rows: string } | null>(null);
  if (ws === null) return null;
  const sel = ws.grid.offsetsPx[ws.selected] ?? [0, 0];
  const cols = size?.cols ?? String(ws.grid.cols);
  const rows = size?.rows ?? String(ws.grid.rows);
  const dispatch = session.getState().dispatchWarp.bind(null, projectorId);
  return (
    <section className="panel warp" aria-label="Warp">
      <h2>Warp — {projectorId}</h2>
      <WarpView projectorId={projectorId} state={ws} mode="warp" disabled={disabled} markers={[]} widthCss={widthCss} onWarp={dispatch} />
      <p className="readout" aria-label="Selected point">
        point {ws.selected} (column {ws.selected % ws.grid.cols}, row {Math.floor(ws.selected / ws.grid.cols)}): offset {sel[0].toFixed(2)}, {sel[1].toFixed(2)} px
      </p>
      <div className="row">
        <label>
          Columns
          <input type="number" list="warp-sizes" min={GRID_MIN} max={GRID_MAX} value={cols} disabled={disabled} onChange={(e) => setSize({ cols: e.target.value, rows })} />
        </label>
        <label>
          Rows
          <input type="number" list="warp-sizes" min={GRID_MIN} max={GRID_MAX} value={rows} disabled={disabled} onChange={(e) => setSize({ cols, rows: e.target.value })} />
        </label>
        <datalist id="warp-sizes">
          {SIZES.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button
          type="button"
          disabled={disabled || (Number(cols) === ws.grid.cols && Number(rows) === ws.grid.rows)}
          title={disabled ? why : 'resample the warp onto the new grid (its shape is kept)'}
          onClick={() => {
            dispatch({ type: 'resize', cols: Number(cols), rows: Number(rows) });
            setSize(null);
          }}
        >
          Resize grid
        </button>
      </div>
      <div className="row">
        <button type="button" disabled={disabled || ws.past.length === 0} title={disabled ? why : 'Ctrl+Z'} onClick={() => dispatch({ type: 'undo' })}>
          Undo
        </button>
        <button type="button" disabled={disabled || ws.future.length === 0} title={disabled ? why : 'Ctrl+Shift+Z'} onClick={() => dispatch({ type: 'redo' })}>
          Redo
        </button>
        <button type="button" disabled={disabled} title={disabled ? why : 'every offset back to zero (undoable)'} onClick={() => dispatch({ type: 'reset' })}>
          Reset warp
        </button>
        <span className="hint">Drag a point; arrows 1 px, Shift 10 px, Alt/Ctrl 0.1 px; Tab next point.</span>
      </div>
      <details className="history">
        <summary>History ({ws.past.length} edits)</summary>
        <ol>
          {ws.past.slice(-20).map((h, i) => (
            <li key={i}>{h.label}</li>
          ))}
        </ol>
      </details>
    </section>
  );
}
