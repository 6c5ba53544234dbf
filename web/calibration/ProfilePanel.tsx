import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import type { ApiReader } from './conductorApi.ts';
import type { CalibrationSession } from './CalibrationSession.ts';

const MarkSchema = z.object({ who: z.string(), when: z.string(), note: z.string() });
const VersionSchema = z.object({ version: z.number().int(), who: z.string(), when: z.string(), note: z.string(), changes: z.array(z.string()).optional(), available: z.boolean().optional(), baseline: MarkSchema.nullable().optional() });
/** One saved version as the page lists it. */
export type VersionRow = z.infer<typeof VersionSchema>;

/** Reads GET /api/profile/versions: a list, or an object holding one under `versions`. */
export function readVersions(raw: unknown): VersionRow[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null && Array.isArray((raw as { versions?: unknown }).versions) ? (raw as { versions: unknown[] }).versions : [];
  return list.flatMap((v) => {
    const r = VersionSchema.safeParse(v);
    return r.success ? [r.data] : [];
  });
}

/** Reads GET /api/profile/diff: a list of lines, or an object holding one (`changes`, `lines` or `diff`). */
export function readDiff(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'object' && raw !== null) for (const k of ['changes', 'lines', 'diff']) {
    const v = (raw as Record<string, unknown>)[k];
    if (Array.isArray(v)) return v.map(String);
  }
  return [];
}

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/**
 * Save (who + note), the version list (v1 the original, baselines marked, the current one), a diff of
 * two versions, baselines marked or unmarked and rollback one step or to a chosen version.
 */
export function ProfilePanel({ session, api, disabled, why, version, dirty }: { session: CalibrationSession; api: ApiReader; disabled: boolean; why: string; version: number | null; dirty: boolean }) {
  const [who, setWho] = useState('');
  const [note, setNote] = useState('');
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [pair, setPair] = useState<{ a: number | null; b: number | null }>({ a: null, b: null });
  const [diff, setDiff] = useState<string[] | null>(null);
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null);

  const reload = useCallback(() => {
    api('/api/profile/versions').then(
      (raw) => {
        setVersions(readVersions(raw));
        setProblem(null);
      },
      (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
    );
  }, [api]);
  useEffect(reload, [reload, version]);

  /** Sends a history command, shows its answer ("unchanged: still version 4" too) and reloads the list. */
  const send = (c: Parameters<CalibrationSession['command']>[0]) =>
    void session.command(c).then((r) => {
      setAnswer(r);
      reload();
      return r;
    });
  const whoNow = who.trim();

  const showDiff = () => {
    if (pair.a === null || pair.b === null) return;
    api(`/api/profile/diff?a=${pair.a}&b=${pair.b}`).then(
      (raw) => setDiff(readDiff(raw)),
      (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
    );
  };

  return (
    <section className="panel profile" aria-label="Profile versions">
      <h2>
        Profile — {version === null ? 'no saved version yet' : `version ${version}`}
        {dirty ? ' · unsaved changes' : ''}
      </h2>
      <form
        className="save"
        onSubmit={(e) => {
          e.preventDefault();
          session.flush();
          void session.command({ command: 'saveProfile', who: whoNow, note: note.trim() }).then((r) => {
            setAnswer(r);
            if (r.ok) setNote('');
            reload();
          });
        }}
      >
        <label>
          Who
          <input value={who} onChange={(e) => setWho(e.target.value)} disabled={disabled} required maxLength={100} />
        </label>
        <label>
          What changed
          <input value={note} onChange={(e) => setNote(e.target.value)} disabled={disabled} maxLength={1000} />
        </label>
        <button type="submit" disabled={disabled || who.trim() === ''} title={disabled ? why : who.trim() === '' ? 'say who saves' : undefined}>
          Save
        </button>
        <button type="button" disabled={disabled} title={disabled ? why : 'back to the version before the last save'} onClick={() => send({ command: 'rollbackProfile', ...(whoNow ? { who: whoNow } : {}) })}>
          Roll back one version
        </button>
      </form>
      {answer ? <p className={answer.ok ? 'answer' : 'problem'} role="status">{answer.message}</p> : null}
      {problem ? <p className="problem">{problem}</p> : null}
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
      <button type="button" disabled={pair.a === null || pair.b === null} onClick={showDiff}>
        Diff A → B
      </button>
      {diff ? (
        <pre className="diff" aria-label="diff">
          {diff.length === 0 ? 'no difference' : diff.join('\n')}
        </pre>
      ) : null}
    </section>
  );
}
