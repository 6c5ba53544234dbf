import { describe, expect, it } from 'vitest';
import { shippedProfile } from '../../../tests/support/shippedDocuments.ts';
import { formatProblem } from '../json/parseJsonText.ts';
import { parseProfileValue } from './parseProfile.ts';
import type { Profile } from './profileSchema.ts';

const problems = (p: unknown) => {
  const r = parseProfileValue(p);
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('profile checks: the eye point and the projectors stand in the hall', () => {
  const base = shippedProfile('dien-bien-phu');
  const surface = base.hall.surface as Extract<Profile['hall']['surface'], { type: 'cylinder' }>;

  it('every shipped profile passes', () => {
    expect(problems(base)).toEqual([]);
    expect(problems(shippedProfile('preview-3'))).toEqual([]);
  });

  it('an eye point 1 km away is an error naming the field, the value and the hall\'s bounds', () => {
    const far = problems({ ...base, hall: { ...base.hall, eyeM: [1000, 1.6, 0] } });
    expect(far).toEqual([`hall.eyeM: is [1000, 1.6, 0], 1000 m from the hall's axis: outside the wall (radius ${surface.radiusM} m) (inside the hall: less than ${surface.radiusM} m from its axis (the wall's radius), y from 0 (the floor) to ${surface.topM + surface.radiusM} m (the top of the wall, ${surface.topM} m, plus a dome over it))`]);
  });

  it('a projector below the floor, above the wall or at the wall is an error naming that projector', () => {
    const moved = (i: number, positionM: [number, number, number]) => ({ ...base, projectors: base.projectors.map((p, k) => (k === i ? { ...p, pose: { ...p.pose, positionM } } : p)) });
    expect(problems(moved(2, [1, -0.5, 1]))).toEqual([expect.stringMatching(/^projectors\.2\.pose\.positionM: is \[1, -0\.5, 1\]: 0\.5 m below the floor \(y 0\) \(inside the hall: /)]);
    expect(problems(moved(0, [0, surface.topM + surface.radiusM + 3, 0]))).toEqual([expect.stringMatching(/^projectors\.0\.pose\.positionM: is .*: 3 m above the highest a dome over the wall could reach/)]);
    // A projector on a truss above the painted wall, under the roof, is where some halls hang them.
    expect(problems(moved(0, [0, surface.topM + 3, 0]))).toEqual([]);
    expect(problems(moved(1, [surface.radiusM, 5, 0]))).toEqual([expect.stringMatching(/^projectors\.1\.pose\.positionM: .* outside the wall/)]);
  });

  it('on a flat wall, a point behind the wall is an error; one in front is not', () => {
    const flat = {
      ...base,
      hall: { ...base.hall, surface: { type: 'plane', originM: [-5, 0, -8], widthM: 10, heightM: 4, yawDeg: 0 }, eyeM: [0, 1.6, 0] },
      projectors: base.projectors.slice(0, 1).map((p) => ({ ...p, pose: { ...p.pose, positionM: [0, 2, 0] } })),
    };
    expect(problems(flat)).toEqual([]);
    const behind = problems({ ...flat, hall: { ...flat.hall, eyeM: [0, 1.6, -9] } });
    expect(behind).toEqual([expect.stringMatching(/^hall\.eyeM: is \[0, 1\.6, -9\]: 1 m behind the flat wall \(in front of the wall/)]);
  });
});
