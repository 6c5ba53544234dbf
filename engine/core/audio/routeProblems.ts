import type { Problem } from '../json/parseJsonText.ts';
import type { ProfileAudio } from '../profile/profileSchema.ts';
import type { Show } from '../show/showSchema.ts';

/**
 * Audio routes of a show that name speakers the installation profile does not have, one problem per
 * unknown id with the show's field path. A profile without speakers plays everything on a stereo pair,
 * so then nothing is reported. At run time such a clip plays on every speaker (routeGains). Pure.
 */
export function routeProblems(show: Show, audio: ProfileAudio | undefined): Problem[] {
  const speakers = audio?.speakers ?? [];
  if (speakers.length === 0) return [];
  const known = new Set(speakers.map((s) => s.id));
  const list = speakers.map((s) => s.id).join(', ');
  const problems: Problem[] = [];
  show.tracks.forEach((track, ti) => {
    if (track.type !== 'audio') return;
    track.clips.forEach((clip, ci) => {
      const route = clip.route;
      if (!route || !('speakers' in route)) return;
      route.speakers.forEach((id, si) => {
        if (!known.has(id)) problems.push({ path: `tracks.${ti}.clips.${ci}.route.speakers.${si}`, message: `"${id}" is not a speaker of the installation profile`, expected: `one of ${list}` });
      });
    });
  });
  return problems;
}
