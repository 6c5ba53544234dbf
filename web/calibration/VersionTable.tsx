import type { Command } from '../../engine/core/protocol/commands.ts';
import type { VersionRow } from './ProfilePanel.tsx';

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** The two versions chosen for a diff (A → B). */
export type DiffPair = { a: number | null; b: number | null };

/** What the version table shows and sends: the list, the current version, the diff pair and the Who/What fields. */
export interface VersionTableProps {
  readonly versions: readonly VersionRow[];
  /** The current version (null: none saved yet). */
  readonly version: number | null;
  readonly pair: DiffPair;
  readonly setPair: (pair: DiffPair) => void;
  readonly disabled: boolean;
  readonly why: string;
  /** Who marks or rolls back (the Who field, trimmed). */
  readonly whoNow: string;
  readonly note: string;
  /** Sends a history command (its answer shown, the list reloaded). */
  readonly send: (c: Command) => void;
}

/** The saved versions, newest first: v1 the original, baselines and the current one marked, diff choices, mark/unmark and rollback. */
export function VersionTable({ versions, version, pair, setPair, disabled, why, whoNow, note, send }: VersionTableProps) {
  return (
    <table className="versions">
      <thead>
        <tr>
          <th>A</th>
          <th>B</th>
          <th>version</th>
          <th>who</th>
          <th>when</th>
          <th>what</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {[...versions].reverse().map((v) => (
          <tr key={v.version}>
            <td>
              <input type="radio" name="diff-a" aria-label={`diff from version ${v.version}`} checked={pair.a === v.version} onChange={() => setPair({ ...pair, a: v.version })} />
            </td>
            <td>
              <input type="radio" name="diff-b" aria-label={`diff to version ${v.version}`} checked={pair.b === v.version} onChange={() => setPair({ ...pair, b: v.version })} />
            </td>
            <td className="num">
              v{v.version}
              {v.version === 1 ? <span className="tag original"> original</span> : null}
              {v.baseline ? <span className="tag baseline" title={`baseline: ${v.baseline.who}, ${when(v.baseline.when)}${v.baseline.note ? ` — ${v.baseline.note}` : ''}`}> baseline</span> : null}
              {v.version === version ? <span className="tag current"> current</span> : null}
            </td>
            <td>{v.who}</td>
            <td>{when(v.when)}</td>
            <td>
              {v.note}
              {v.changes && v.changes.length > 0 ? <span className="changes"> — {v.changes.slice(0, 3).join('; ')}{v.changes.length > 3 ? ` (+${v.changes.length - 3})` : ''}</span> : null}
              {v.available === false ? <span className="hint"> (pruned)</span> : null}
            </td>
            <td className="actions">
              <button
                type="button"
                disabled={disabled || whoNow === '' || (!v.baseline && v.available === false)}
                title={disabled ? why : whoNow === '' ? 'say who marks it (the Who field)' : v.baseline ? 'no longer a baseline: it may be pruned like any version' : 'keep this version for good: baselines are never pruned'}
                onClick={() => send({ command: 'markBaseline', version: v.version, baseline: !v.baseline, who: whoNow, note: note.trim() })}
              >
                {v.baseline ? `Unmark v${v.version}` : `Baseline v${v.version}`}
              </button>
              <button
                type="button"
                disabled={disabled || v.available === false || v.version === version}
                title={disabled ? why : v.version === version ? 'this is the current version' : `put the profile back to version ${v.version} (recorded as a new version)`}
                onClick={() => send({ command: 'rollbackProfile', toVersion: v.version, ...(whoNow ? { who: whoNow } : {}) })}
              >
                Roll back to v{v.version}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
