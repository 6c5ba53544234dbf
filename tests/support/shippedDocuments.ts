import { readFileSync } from 'node:fs';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';

/** A show shipped in shows/ (e.g. "demo"), validated; throws if it does not validate. */
export function shippedShow(name: string): Show {
  const r = parseShowText(readFileSync(new URL(`../../shows/${name}.show.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`shows/${name}.show.json does not validate`);
  return r.value.show;
}

/** A profile shipped in calibration/profiles/ (e.g. "preview-3"), validated; throws if it does not validate. */
export function shippedProfile(name: string): Profile {
  const r = parseProfileText(readFileSync(new URL(`../../calibration/profiles/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`calibration/profiles/${name}.json does not validate`);
  return r.value;
}
