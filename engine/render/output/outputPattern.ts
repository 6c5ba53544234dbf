import type { GrayCodeFrame, TestPattern } from '../../core/protocol/commands.ts';
import type { PatternName } from './outputShader.ts';

/**
 * What an output pass draws instead of (or as) the show:
 * - `content`: the show;
 * - `pattern`: a fixed test pattern. `raw` true draws it in raw output pixels, as the technician's
 *   calibration asks (no warp, blend, gains, gamma or dither: full white is 255, black 0); false draws
 *   it through the calibration like the show (the show's blackout, previews, npm run render).
 *   'paintingGrid' is always drawn through the calibration (it shows where the painting's grid falls);
 * - `grayCode`: a Gray-code frame for camera calibration, in raw output pixels.
 */
export type OutputPattern =
  | { readonly type: 'content' }
  | { readonly type: 'pattern'; readonly name: Exclude<PatternName, 'content'>; readonly raw: boolean }
  | { readonly type: 'grayCode'; readonly frame: GrayCodeFrame };

/** The show itself. */
export const CONTENT: OutputPattern = { type: 'content' };

/** A pattern by name ('content' is the show), drawn through the calibration unless `raw`. */
export function namedPattern(name: PatternName, raw = false): OutputPattern {
  return name === 'content' ? CONTENT : { type: 'pattern', name, raw };
}

/** What the calibration protocol asks an output to show: its patterns are in raw output pixels. */
export function calibrationPattern(p: TestPattern): OutputPattern {
  return typeof p === 'string' ? namedPattern(p, true) : { type: 'grayCode', frame: p.grayCode };
}
