import type { Problem } from '../../engine/core/json/parseJsonText.ts';
import { parseJsonText } from '../../engine/core/json/parseJsonText.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { pyramidProblem } from '../painting/checkPyramid.ts';
import { findAssetRoot, resolveAsset } from '../files/assetStore.ts';
import { readTextFile } from '../files/readTextFile.ts';
import { audioProblemLine, checkNarrationLanguages, checkShowAudio } from './checkShowAudio.ts';

/** Options for validating documents. */
export interface ValidateOptions {
  /** The installation asset folder that asset paths are relative to; default: the document's own (findAssetRoot). */
  readonly assetRoot?: string | undefined;
  /** Used when no assets folder is found near the document. */
  readonly fallbackAssetRoot: string;
}

/** The outcome for one file: its kind when recognised, and its problems (empty when valid). */
export interface FileReport {
  readonly kind: 'show' | 'profile' | 'unknown';
  readonly problems: readonly Problem[];
  /** Migration steps that a load would apply (the file itself is never rewritten by validation). */
  readonly migrations: readonly string[];
  /** The parsed document when it is valid (for checks across files, e.g. the light budget). */
  readonly show?: Show;
  readonly profile?: Profile;
}

const EXPECTED = 'a show document (*.show.json) or an installation profile';

/** Profiles describe projectors and a hall; everything else is read as a show. */
function isProfile(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && ('projectors' in value || 'hall' in value);
}

/** Checks every image a show refers to against the asset folder. */
export function checkImageAssets(show: Show, assetRoot: string): Problem[] {
  const problems: Problem[] = [];
  show.tracks.forEach((track, ti) => {
    if (track.type !== 'image') return;
    track.clips.forEach((clip, ci) => {
      const r = resolveAsset(assetRoot, clip.src);
      if (!r.ok) problems.push({ path: `tracks.${ti}.clips.${ci}.src`, message: `asset "${clip.src}" ${r.reason}`, expected: 'an existing file inside the assets folder' });
      const pyramid = r.ok && clip.src.toLowerCase().endsWith('.json') ? pyramidProblem(r.file) : null;
      if (pyramid) problems.push({ path: `tracks.${ti}.clips.${ci}.src`, message: `asset "${clip.src}" ${pyramid}`, expected: 'a folder written by npm run assets:import' });
    });
  });
  return problems;
}

/** Checks every asset a show refers to (images exist; audio files exist, decode, are whole, hold each clip's sourceOffsetS) and that no narration is silent in a showing language. */
export function checkShowAssets(show: Show, assetRoot: string): Problem[] {
  const all = [...checkImageAssets(show, assetRoot), ...checkShowAudio(show, assetRoot).map(audioProblemLine), ...checkNarrationLanguages(show)];
  // In document order (track, then clip), as a reader fixes them.
  const order = (p: Problem) => (/^tracks\.(\d+)\.clips\.(\d+)/.exec(p.path) ?? []).slice(1).map(Number);
  return all.sort((a, b) => {
    const [ta = 0, ca = 0] = order(a);
    const [tb = 0, cb = 0] = order(b);
    return ta - tb || ca - cb;
  });
}


/** Reads, parses and validates one document file. Never throws. */
export function validateFile(file: string, options: ValidateOptions): FileReport {
  const text = readTextFile(file, EXPECTED);
  if (!text.ok) return { kind: 'unknown', problems: text.problems, migrations: [] };
  const json = parseJsonText(text.value, EXPECTED);
  if (!json.ok) return { kind: 'unknown', problems: json.problems, migrations: [] };
  if (isProfile(json.value)) {
    const profile = parseProfileValue(json.value);
    return profile.ok ? { kind: 'profile', problems: [], migrations: [], profile: profile.value } : { kind: 'profile', problems: profile.problems, migrations: [] };
  }
  const show = parseShowValue(json.value);
  if (!show.ok) return { kind: 'show', problems: show.problems, migrations: [] };
  const assetRoot = options.assetRoot ?? findAssetRoot(file, options.fallbackAssetRoot);
  return { kind: 'show', problems: checkShowAssets(show.value.show, assetRoot), migrations: show.value.applied, show: show.value.show };
}
