import { useMemo } from 'react';
import { AGE_BAD_S, AGE_WARN_S, DIFF_WARN_MS, formatNumber, formatOffset, formatShowTime, formatSignedMs, MISSING } from './format.ts';
import { outputRows, type StatusView } from './statusView.ts';

/** Props of the outputs table. */
export interface OutputsTableProps {
  readonly status: StatusView | null;
}

/**
 * One row per output page or render node, and a red "not connected" row for every projector of the
 * profile that has none: the 8 a.m. question "is every projector running?" answered at a glance.
 */
export function OutputsTable({ status }: OutputsTableProps) {
  const rows = useMemo(() => (status === null ? [] : outputRows(status)), [status]);
  const anyConnected = status !== null && status.outputs.some((o) => o.connected !== false);
  return (
    <section className="panel outputs" aria-label="Outputs">
      <h2>Outputs</h2>
      {!anyConnected && <p className="empty">{status === null ? 'Waiting for the conductor…' : 'no outputs connected'}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Projector</th>
              <th>Role</th>
              <th>FPS</th>
              <th>Dropped</th>
              <th title="Clock offset to the conductor, ± error bound">Offset ms</th>
              <th>Last show time</th>
              <th title={`Amber beyond ±${DIFF_WARN_MS} ms`}>Δ ms</th>
              <th title={`Amber after ${AGE_WARN_S} s, red after ${AGE_BAD_S} s`}>Age s</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const o = r.output;
              return (
                <tr key={r.key} className={`health-${r.health.level}`} data-health={r.health.level} data-projector={r.projectorId}>
                  <td className="projector">{r.projectorId ?? MISSING}</td>
                  <td>{o ? (o.role ?? MISSING) : MISSING}</td>
                  <td className="num">{formatNumber(o?.fps, 1)}</td>
                  <td className="num">{formatNumber(o?.droppedFrames)}</td>
                  <td className="num">{formatOffset(o?.offsetMs, o?.errorBoundMs)}</td>
                  <td className="num">{formatShowTime(o?.lastShowS)}</td>
                  <td className="num">{formatSignedMs(r.diffMs)}</td>
                  <td className="num">{formatNumber(o?.ageS, 1)}</td>
                  <td className="state">{r.health.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
