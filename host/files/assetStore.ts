import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkAssetPath } from '../../engine/core/show/assetPath.ts';

/** Where an asset path leads: an absolute file path inside the asset folder, or why it cannot be used. */
export type AssetResolution = { ok: true; file: string } | { ok: false; reason: string };

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves an asset path from a show against the asset folder. Refuses paths that climb out (first
 * lexically, then after following symbolic links) and files that are missing.
 */
export function resolveAsset(assetRoot: string, assetPath: string): AssetResolution {
  const lexical = checkAssetPath(assetPath);
  if (!lexical.ok) return { ok: false, reason: lexical.reason };
  const root = resolve(assetRoot);
  const file = resolve(root, ...assetPath.split('/'));
  if (!inside(root, file)) return { ok: false, reason: 'climbs out of the asset folder' };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, reason: `cannot be found: the asset folder ${root} does not exist` };
  }
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return { ok: false, reason: `is missing from ${root}` };
  }
  if (!inside(realRoot, real)) return { ok: false, reason: 'leads out of the asset folder through a symbolic link' };
  try {
    if (!statSync(real).isFile()) return { ok: false, reason: 'is a folder, not a file' };
  } catch {
    return { ok: false, reason: `is missing from ${root}` };
  }
  return { ok: true, file: real };
}

/**
 * The asset folder a document belongs to: the nearest folder named "assets" beside the document or
 * beside one of its parent folders (shows/x.show.json → assets/), else `fallback`.
 */
export function findAssetRoot(documentFile: string, fallback: string): string {
  let dir = dirname(resolve(documentFile));
  for (;;) {
    const candidate = join(dir, 'assets');
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not here: look one level up
    }
    const up = dirname(dir);
    if (up === dir) return fallback;
    dir = up;
  }
}
