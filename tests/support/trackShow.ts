import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';

/** A ten-minute show with these tracks and no chapters or regions (languages vi, en, fr; default en), parsed by the real schema. */
export function showWithTracks(tracks: readonly unknown[]): Show {
  const r = parseShowValue({
    schemaVersion: 2,
    id: 's',
    title: { en: 's' },
    languages: ['vi', 'en', 'fr'],
    defaultLanguage: 'en',
    durationS: 600,
    chapters: [],
    regions: [],
    tracks,
  });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.value.show;
}
