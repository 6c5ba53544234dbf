/**
 * Synthetic landmark clicks for pose tests and the calibration bench: a profile's landmarks (or any
 * painting points) through the TRUE installation (painting uv → wall point → unwarped pixel of one
 * projector), optionally with seeded Gaussian click noise; and the reprojection error of a solved
 * projector against the true one over a dense grid of wall points in its image.
 */
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Landmark, Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { SeededRandom } from '../../calibration/math/prng.ts';
import type { PointPair } from '../../calibration/pose/solvePose.ts';

/** The landmarks a projector shows (first surface hit, inside its image), as exact point pairs. */
export function visibleLandmarkPairs(profile: Profile, projectorId: string, landmarks: readonly Landmark[] = profile.hall.landmarks ?? []): PointPair[] {
  const inst = new Installation(profile);
  const p = inst.projector(projectorId);
  const out: PointPair[] = [];
  for (const l of landmarks) {
    if (!inst.uvToPixels(l.u, l.v).some((h) => h.projectorId === projectorId)) continue;
    const world = inst.surface.pointAt(l.u, l.v);
    const q = p.worldToUnwarpedPixel(world);
    if (q !== null) out.push({ id: l.id, world, pixel: q });
  }
  return out;
}

/** The same pairs with independent Gaussian noise of σ px on each pixel axis. */
export function withClickNoise(pairs: readonly PointPair[], sigmaPx: number, rng: SeededRandom): PointPair[] {
  return pairs.map((p) => ({ ...p, pixel: [p.pixel[0] + sigmaPx * rng.gaussian(), p.pixel[1] + sigmaPx * rng.gaussian()] as const }));
}

/** The wall points a projector shows at an n × n grid of pixel-cell centres over its image, with those pixels. */
export function gridWallPairs(profile: Profile, cfg: ProjectorConfig, n = 17): PointPair[] {
  const inst = new Installation(profile);
  const t = new ProjectorModel(cfg);
  const out: PointPair[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = ((i + 0.5) / n) * t.width;
      const y = ((j + 0.5) / n) * t.height;
      const dir = t.unwarpedPixelToRay(x, y);
      const hit = dir === null ? null : inst.surface.intersect(t.C, dir);
      if (hit !== null) out.push({ world: hit.point, pixel: [x, y] });
    }
  }
  return out;
}

/**
 * RMS distance (px) between where the true and the solved projector put the same wall points: the
 * wall points seen by the true projector at an n × n grid of pixels over its image.
 */
export function gridReprojectionRmsPx(profile: Profile, truth: ProjectorConfig, solved: ProjectorConfig, n = 17): number {
  const s = new ProjectorModel(solved);
  const grid = gridWallPairs(profile, truth, n);
  let sum = 0;
  for (const g of grid) {
    const q = s.worldToUnwarpedPixel(g.world);
    sum += q === null ? Infinity : (q[0] - g.pixel[0]) ** 2 + (q[1] - g.pixel[1]) ** 2;
  }
  return Math.sqrt(sum / grid.length);
}

/**
 * k pairs spread over the image as a technician would pick them: farthest-point sampling in pixel
 * space, starting from the pair nearest the image's top-left corner.
 */
export function spreadSubset(pairs: readonly PointPair[], k: number): PointPair[] {
  if (pairs.length <= k) return [...pairs];
  const d2 = (a: PointPair, b: PointPair) => (a.pixel[0] - b.pixel[0]) ** 2 + (a.pixel[1] - b.pixel[1]) ** 2;
  let first = 0;
  pairs.forEach((p, i) => {
    if (p.pixel[0] + p.pixel[1] < pairs[first]!.pixel[0] + pairs[first]!.pixel[1]) first = i;
  });
  const chosen = [first];
  const dist = pairs.map((p) => d2(p, pairs[first]!));
  while (chosen.length < k) {
    let best = -1;
    dist.forEach((d, i) => {
      if (!chosen.includes(i) && (best < 0 || d > dist[best]!)) best = i;
    });
    chosen.push(best);
    pairs.forEach((p, i) => (dist[i] = Math.min(dist[i]!, d2(p, pairs[best]!))));
  }
  return chosen.sort((a, b) => a - b).map((i) => pairs[i]!);
}
