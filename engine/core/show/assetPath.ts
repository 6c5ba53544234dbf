/**
 * Asset paths in show documents are relative to the installation's asset folder, written with
 * forward slashes ("paintings/dbp/tiles.json"). They can never climb out of it: this check is the
 * first wall; the host's file store checks again against the real path on disk (symbolic links).
 */
export type AssetPathCheck = { ok: true } | { ok: false; reason: string };

const MAX_ASSET_PATH = 1024;
// Characters that are unsafe or non-portable in file names on the systems a hall runs.
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f<>:"|?*\\]/;

/** Checks that a relative asset path stays inside the asset folder; pure, no file access. */
export function checkAssetPath(path: string): AssetPathCheck {
  if (path.length === 0) return { ok: false, reason: 'is empty' };
  if (path.length > MAX_ASSET_PATH) return { ok: false, reason: `is longer than ${MAX_ASSET_PATH} characters` };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) return { ok: false, reason: 'is a URL or drive path' };
  if (path.startsWith('/')) return { ok: false, reason: 'is an absolute path' };
  if (path.includes('\\')) return { ok: false, reason: 'uses backslashes' };
  if (BAD_CHARS.test(path)) return { ok: false, reason: 'contains a character not allowed in file names' };
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return { ok: false, reason: 'climbs out of the asset folder with ".."' };
  if (segments.some((s) => s === '' || s === '.')) return { ok: false, reason: 'has an empty or "." segment' };
  return { ok: true };
}
