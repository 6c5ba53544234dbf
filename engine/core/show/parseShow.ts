import { migrateForward, type Migrated } from '../json/migrate.ts';
import { parseJsonText, type ParseResult } from '../json/parseJsonText.ts';
import { problemsFromZod } from '../json/zodProblems.ts';
import { SHOW_MIGRATIONS } from './migrations.ts';
import { SHOW_SCHEMA_VERSION, ShowSchema, type Show } from './showSchema.ts';

const EXPECTED = 'a show document (JSON)';

/** A show read from a file: the show, and the migration steps applied to reach the current version. */
export interface LoadedShow {
  readonly show: Show;
  readonly migratedFrom: number;
  readonly applied: readonly string[];
}

/** Validates an already-parsed JSON value as a show document (migrating older versions first). Pure. */
export function parseShowValue(raw: unknown): ParseResult<LoadedShow> {
  const migrated: ParseResult<Migrated> = migrateForward(raw, SHOW_SCHEMA_VERSION, SHOW_MIGRATIONS, 'show document');
  if (!migrated.ok) return migrated;
  const result = ShowSchema.safeParse(migrated.value.doc, { reportInput: true });
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error.issues) };
  return { ok: true, value: { show: result.data, migratedFrom: migrated.value.fromVersion, applied: migrated.value.applied } };
}

/** Parses and validates the text of a show file. Pure; never throws on any input. */
export function parseShowText(text: string): ParseResult<LoadedShow> {
  const json = parseJsonText(text, EXPECTED);
  if (!json.ok) return json;
  return parseShowValue(json.value);
}
