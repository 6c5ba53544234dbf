import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem, type ParseResult } from '../../engine/core/json/parseJsonText.ts';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { readTextFile } from './readTextFile.ts';

/** The project folder (where shows/ and calibration/profiles/ live). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** A loaded document and the file it came from, or every problem as printable lines. */
export type Loaded<T> = { ok: true; value: T; file: string } | { ok: false; lines: string[] };

/**
 * Resolves a document argument: a path (relative to where the user ran the command), or a bare name
 * looked up in the project folder (`dien-bien-phu` → calibration/profiles/dien-bien-phu.json).
 */
export function resolveDocument(arg: string, folder: string, suffix: string): string {
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const asPath = resolve(cwd, arg);
  if (existsSync(asPath) || arg.includes('/') || arg.endsWith('.json')) return asPath;
  return resolve(PROJECT_ROOT, folder, arg + suffix);
}

function load<T>(file: string, expected: string, parse: (text: string) => ParseResult<T>): Loaded<T> {
  const text = readTextFile(file, expected);
  const parsed = text.ok ? parse(text.value) : text;
  if (!parsed.ok) return { ok: false, lines: parsed.problems.map((p) => `${file}: ${formatProblem(p)}`) };
  return { ok: true, value: parsed.value, file };
}

/** Loads an installation profile by name or path. */
export function loadProfile(arg: string): Loaded<Profile> {
  return load(resolveDocument(arg, 'calibration/profiles', '.json'), 'an installation profile', parseProfileText);
}

/** Loads a show document by name or path. */
export function loadShow(arg: string): Loaded<Show> {
  const r = load(resolveDocument(arg, 'shows', '.show.json'), 'a show document (*.show.json)', parseShowText);
  return r.ok ? { ok: true, value: r.value.show, file: r.file } : r;
}
