import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import type { ApiReader } from './conductorApi.ts';
import type { Command } from '../../engine/core/protocol/commands.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import { VersionTable, type DiffPair } from './VersionTable.tsx';

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

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The saved versions, read again when `version` changes or on `reload()`; `problem` when the read failed. */
function useProfileVersions(api: ApiReader, version: number | null) {
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(() => {
    api('/api/profile/versions').then(
      (raw) => {
        setVersions(readVersions(raw));
        setProblem(null);
      },
      (err: unknown) => setProblem(message(err)),
    );
  }, [api]);
  useEffect(reload, [reload, version]);
  return { versions, problem, setProblem, reload };
}

/** The Who and What-changed fields, Save and Roll back one version. */
function SaveForm({ who, setWho, note, setNote, disabled, why, onSave, onRollback }: { who: string; setWho: (v: string) => void; note: string; setNote: (v: string) => void; disabled: boolean; why: string; onSave: () => void; onRollback: () => void }) {
  return (
    <form
      className="save"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
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
      <button type="button" disabled={disabled} title={disabled ? why : 'back to the version before the last save'} onClick={onRollback}>
        Roll back one version
      </button>
    </form>
  );
}

/**
 * Save (who + note), the version list (v1 the original, baselines marked, the current one), a diff of
 * two versions, baselines marked or unmarked and rollback one step or to a chosen version.
 */
export function ProfilePanel({ session, api, disabled, why, version, dirty }: { session: CalibrationSession; api: ApiReader; disabled: boolean; why: string; version: number | null; dirty: boolean }) {
  const [who, setWho] = useState('');
  const [note, setNote] = useState('');
  const { versions, problem, setProblem, reload } = useProfileVersions(api, version);
  const [pair, setPair] = useState<DiffPair>({ a: null, b: null });
  const [diff, setDiff] = useState<string[] | null>(null);
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null);
  const whoNow = who.trim();

  /** Sends a history command, shows its answer ("unchanged: still version 4" too) and reloads the list. */
  const send = (c: Command) =>
    void session.getState().command(c).then((r) => {
      setAnswer(r);
      reload();
      return r;
    });
  const save = () => {
    const { flush, command } = session.getState();
    flush();
    void command({ command: 'saveProfile', who: whoNow, note: note.trim() }).then((r) => {
      setAnswer(r);
      if (r.ok) setNote('');
      reload();
    });
  };
  const showDiff = () => {
    if (pair.a === null || pair.b === null) return;
    api(`/api/profile/diff?a=${pair.a}&b=${pair.b}`).then(
      (raw) => setDiff(readDiff(raw)),
      (err: unknown) => setProblem(message(err)),
    );
  };

  return (
    <section className="panel profile" aria-label="Profile versions">
      <h2>
        Profile — {version === null ? 'no saved version yet' : `version ${version}`}
        {dirty ? ' · unsaved changes' : ''}
      </h2>
      <SaveForm who={who} setWho={setWho} note={note} setNote={setNote} disabled={disabled} why={why} onSave={save} onRollback={() => send({ command: 'rollbackProfile', ...(whoNow ? { who: whoNow } : {}) })} />
      {answer ? <p className={answer.ok ? 'answer' : 'problem'} role="status">{answer.message}</p> : null}
      {problem ? <p className="problem">{problem}</p> : null}
      <VersionTable versions={versions} version={version} pair={pair} setPair={setPair} disabled={disabled} why={why} whoNow={whoNow} note={note} send={send} />
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
