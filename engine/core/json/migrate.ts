import type { ParseResult } from './parseJsonText.ts';
import { describeValue } from './zodProblems.ts';

/** A plain JSON object as read from a file, before validation. */
export type JsonObject = { readonly [key: string]: unknown };

/** One step forward: turns a document of version `from` into version `from + 1`. Must not mutate its input. */
export interface Migration {
  /** The version this step reads. */
  readonly from: number;
  /** What changed, for the log and the user. */
  readonly description: string;
  /** Returns a new document of version `from + 1`; never mutates `doc`. */
  readonly migrate: (doc: JsonObject) => JsonObject;
}

/** A migrated document and the versions it went through. */
export interface Migrated {
  readonly doc: JsonObject;
  /** Version of the file as read. */
  readonly fromVersion: number;
  /** Descriptions of the steps applied, oldest first. */
  readonly applied: readonly string[];
}

/**
 * Brings a document to `current` by applying `migrations` in order. Refuses unknown, newer or
 * malformed versions with a problem naming `schemaVersion`. Pure.
 */
export function migrateForward(raw: unknown, current: number, migrations: readonly Migration[], what: string): ParseResult<Migrated> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: `is ${describeValue(raw)}`, expected: `an object {…}: a ${what}` }] };
  }
  const doc = raw as JsonObject;
  const version = doc['schemaVersion'];
  const oldest = migrations.reduce((m, s) => Math.min(m, s.from), current);
  const range = oldest === current ? `${current}` : `${oldest} to ${current}`;
  if (version === undefined) return { ok: false, problems: [{ path: 'schemaVersion', message: 'is missing', expected: `a schema version number, ${range}` }] };
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, problems: [{ path: 'schemaVersion', message: `is ${describeValue(version)}`, expected: `a whole number, ${range}` }] };
  }
  if (version > current) {
    return { ok: false, problems: [{ path: 'schemaVersion', message: `is ${version}, newer than this engine reads`, expected: `${range}; update the engine to open this file` }] };
  }
  if (version < oldest) {
    return { ok: false, problems: [{ path: 'schemaVersion', message: `is ${version}, not a known version`, expected: range }] };
  }
  let out = doc;
  const applied: string[] = [];
  for (let v = version; v < current; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return { ok: false, problems: [{ path: 'schemaVersion', message: `is ${version}, and no migration exists from version ${v}`, expected: range }] };
    out = { ...step.migrate(out), schemaVersion: v + 1 };
    applied.push(`v${v} → v${v + 1}: ${step.description}`);
  }
  return { ok: true, value: { doc: out, fromVersion: version, applied } };
}
