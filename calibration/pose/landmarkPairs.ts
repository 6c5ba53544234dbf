import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { PointPair } from './solvePose.ts';

/** Where the technician clicked a landmark on a projector's OUTPUT (the image as projected, fine warp included). */
export interface LandmarkClick {
  readonly landmarkId: string;
  readonly outputPx: readonly [number, number];
}

/**
 * The solver's point pairs from landmark clicks on one projector: each landmark's painting uv → its
 * wall point (the profile's surface), each output pixel → the unwarped pixel (the projector's current
 * fine warp removed, as solvePose expects). Unknown landmark ids are returned as problems, naming the
 * field, rather than thrown.
 */
export function landmarkPairs(profile: Profile, projectorId: string, clicks: readonly LandmarkClick[]): { pairs: PointPair[]; problems: string[] } {
  const inst = new Installation(profile);
  const p = inst.projector(projectorId);
  const byId = new Map((profile.hall.landmarks ?? []).map((l) => [l.id, l]));
  const pairs: PointPair[] = [];
  const problems: string[] = [];
  clicks.forEach((c, i) => {
    const l = byId.get(c.landmarkId);
    if (!l) {
      problems.push(`clicks.${i}.landmarkId: "${c.landmarkId}" is not in hall.landmarks of profile ${profile.id}`);
      return;
    }
    pairs.push({ id: l.id, world: inst.surface.pointAt(l.u, l.v), pixel: p.warp.unwarp(c.outputPx[0], c.outputPx[1]) });
  });
  return { pairs, problems };
}
