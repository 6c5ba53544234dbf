import { migrateForward, type Migration } from '../json/migrate.ts';
import { parseJsonText, type ParseResult } from '../json/parseJsonText.ts';
import { problemsFromZod } from '../json/zodProblems.ts';
import { PROFILE_SCHEMA_VERSION, ProfileSchema, type Profile } from './profileSchema.ts';

/** Profile migrations, oldest first (version 1 is the first published format). */
export const PROFILE_MIGRATIONS: readonly Migration[] = [];

/** Validates a parsed JSON value as an installation profile (migrating older versions first). Pure. */
export function parseProfileValue(raw: unknown): ParseResult<Profile> {
  const migrated = migrateForward(raw, PROFILE_SCHEMA_VERSION, PROFILE_MIGRATIONS, 'installation profile');
  if (!migrated.ok) return migrated;
  const result = ProfileSchema.safeParse(migrated.value.doc, { reportInput: true });
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error.issues) };
  return { ok: true, value: result.data };
}

/** Parses and validates the text of a profile file. Pure; never throws. */
export function parseProfileText(text: string): ParseResult<Profile> {
  const json = parseJsonText(text, 'an installation profile (JSON)');
  if (!json.ok) return json;
  return parseProfileValue(json.value);
}
