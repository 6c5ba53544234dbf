import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProfileSchema, type Profile } from '../../engine/core/profile/profileSchema.ts';
import { landmarkPairs, type LandmarkClick } from './landmarkPairs.ts';
import { solvePose } from './solvePose.ts';

const PREVIEW = ProfileSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, '../profiles/preview-3.json'), 'utf8')));

describe('landmarkPairs', () => {
  it('turns clicks on a warped output into unwarped pairs that solve back to the pose', () => {
    // A fine warp bending the image by up to 12 px: clicks are where the landmarks show on the output.
    const offsets = Array.from({ length: 9 }, (_, k) => [((k % 3) - 1) * 12, (Math.floor(k / 3) - 1) * -8] as [number, number]);
    const profile: Profile = { ...PREVIEW, projectors: PREVIEW.projectors.map((p) => (p.id === 'P02' ? { ...p, warp: { cols: 3, rows: 3, offsetsPx: offsets } } : p)) };
    const inst = new Installation(profile);
    const clicks: LandmarkClick[] = [];
    for (const l of profile.hall.landmarks!) {
      const hit = inst.uvToPixels(l.u, l.v).find((h) => h.projectorId === 'P02');
      if (hit) clicks.push({ landmarkId: l.id, outputPx: [hit.x, hit.y] });
    }
    expect(clicks.length).toBeGreaterThan(20);
    const { pairs, problems } = landmarkPairs(profile, 'P02', [...clicks, { landmarkId: 'no-such-place', outputPx: [1, 1] }]);
    expect(problems).toEqual([`clicks.${clicks.length}.landmarkId: "no-such-place" is not in hall.landmarks of profile preview-3`]);
    const s = solvePose(pairs, { width: 1280, height: 800 });
    expect(s.rmsPx).toBeLessThan(1e-5);
    const truth = profile.projectors[1]!.pose;
    s.pose.positionM.forEach((x, k) => expect(x).toBeCloseTo(truth.positionM[k]!, 6));
    expect(s.pose.yawDeg).toBeCloseTo(truth.yawDeg, 6);
    // Used raw (warp not removed), the same clicks do not fit one pinhole.
    const raw = solvePose(clicks.map((c, i) => ({ world: pairs[i]!.world, pixel: c.outputPx })), { width: 1280, height: 800 });
    expect(raw.rmsPx).toBeGreaterThan(0.5);
  });
});
