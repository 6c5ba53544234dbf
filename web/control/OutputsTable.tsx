import { useMemo } from 'react';
import { AGE_BAD_S, AGE_WARN_S, DIFF_WARN_MS, formatNumber, formatOffset, formatShowTime, formatSignedMs, MISSING } from './format.ts';
import { outputRows, type StatusView } from './statusView.ts';
import type { SendCommand } from './useConductor.ts';

/** Props of the outputs table. */
export interface OutputsTableProps {
  readonly status: StatusView | null;
  /** False while not connected: the reload buttons are disabled. */
  readonly enabled: boolean;
  readonly send: SendCommand;
}

/**
 * One row per projector an output page or render node shows (a preview window gives one per tile), and
 * a red "not connected" row for every projector of the profile that has none: the 8 a.m. question "is
 * every projector running?" answered at a glance. Each row's Reload reopens the window showing it (also
 * one the recovery policy gave up on); GO does the same for every window given up on.
 */
export function OutputsTable({ status, enabled, send }: OutputsTableProps) {
  const rows = useMemo(() => (status === null ? [] : outputRows(status)), [status]);
  const anyConnected = status !== null && status.outputs.some((o) => o.connected !== false);
  const profileIds = new Set(status?.profileProjectors ?? []);
  return (
    <section className="panel outputs" aria-label="Outputs">
      <h2>
        Outputs
        <button type="button" className="reload-all" data-testid="reload-all" disabled={!enabled || profileIds.size === 0} onClick={() => send({ command: 'reloadOutput', projectorId: null })} title="Reopen every output window">
          Reload all
        </button>
      </h2>
      {!anyConnected && <p className="empty">{status === null ? 'Waiting for the conductor…' : 'no outputs connected'}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Projector</th>
              <th>Role</th>
              <th title="Frames a second presented / aimed at">FPS</th>
              <th title="Since the page loaded (in the last second)">Dropped</th>
              <th title="Clock offset to the conductor, ± error bound">Offset ms</th>
              <th>Last show time</th>
              <th title={`Amber beyond ±${DIFF_WARN_MS} ms`}>Δ ms</th>
              <th title={`Amber after ${AGE_WARN_S} s, red after ${AGE_BAD_S} s`}>Age s</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const o = r.output;
              const id = r.projectorId;
              return (
                <tr key={r.key} className={`health-${r.health.level}`} data-health={r.health.level} data-projector={id}>
                  <td className="projector">{id ?? MISSING}</td>
                  <td>{o ? (o.preview ? 'preview' : (o.role ?? MISSING)) : MISSING}</td>
                  <td className="num">
                    {formatNumber(o?.fps, 1)}
                    {o?.targetFps !== undefined && <span className="target"> / {formatNumber(o.targetFps)}</span>}
                  </td>
                  <td className="num">
                    {formatNumber(o?.droppedFrames)}
                    {o?.recentDropped !== undefined && o.recentDropped > 0 && <span className="recent"> (+{o.recentDropped})</span>}
                  </td>
                  <td className="num">{formatOffset(o?.offsetMs, o?.errorBoundMs)}</td>
                  <td className="num">{formatShowTime(o?.lastShowS)}</td>
                  <td className="num">{formatSignedMs(r.diffMs)}</td>
                  <td className="num">{formatNumber(o?.ageS, 1)}</td>
                  <td className="state">{r.health.reason}</td>
                  <td>
                    {id !== undefined && profileIds.has(id) && (
                      <button type="button" className="reload" data-reload={id} disabled={!enabled} onClick={() => send({ command: 'reloadOutput', projectorId: id })} title={`Reopen the window showing ${id}`}>
                        Reload
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
