import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsePyramidManifestText, tilePath } from '../../engine/core/painting/tilePyramid.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { readTextFile } from '../files/readTextFile.ts';

/**
 * What is wrong with a tile pyramid on disk (its manifest `file`, already resolved inside the asset
 * folder), or null when the manifest is valid and every tile of every level is there.
 */
export function pyramidProblem(file: string): string | null {
  const text = readTextFile(file, 'a tile pyramid manifest (tiles.json)');
  const parsed = text.ok ? parsePyramidManifestText(text.value) : text;
  if (!parsed.ok) return `is not a usable tile pyramid manifest: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}`;
  const m = parsed.value;
  const missing: string[] = [];
  for (const l of m.levels) for (let r = 0; r < l.rows; r++) for (let c = 0; c < l.columns; c++) if (!existsSync(join(dirname(file), tilePath(m, l.level, c, r)))) missing.push(tilePath(m, l.level, c, r));
  if (missing.length > 0) return `is a tile pyramid missing ${missing.length} tile${missing.length > 1 ? 's' : ''} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): import it again`;
  return null;
}
