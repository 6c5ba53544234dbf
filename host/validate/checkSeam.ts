import { regionOutline } from '../../engine/core/light/regionOutline.ts';
import { makeSurface } from '../../engine/core/geometry/surfaces.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';

const onSeam = (u: number) => Math.abs(u - Math.round(u)) < 1e-9;

/**
 * On a closed round hall a region spanning the turn is continuous across u = 0/1 where its two sides
 * meet; where they do not (the side at u = 0 and the side at u = 1 cover different heights) the seam
 * is a real edge of the region, lit as one: a line per such region, `SHOW on PROFILE: warning: …`.
 * Nothing on a flat wall or a partial arc (there u = 0 and u = 1 are the wall's ends).
 */
export function seamWarnings(showFile: string, show: Show, profileFile: string, profile: Profile): string[] {
  if (!makeSurface(profile.hall.surface, profile.hall.referenceAzimuthDeg).wrapsU) return [];
  const lines: string[] = [];
  show.regions.forEach((region, i) => {
    const p = region.polygon;
    const seamSides = p.filter((a, k) => onSeam(a[0]) && onSeam(p[(k + 1) % p.length]![0]) && a[1] !== p[(k + 1) % p.length]![1]);
    // Only a region with sides on the seam at both ends of the turn: one ending at the seam on purpose is fine.
    if (new Set(seamSides.map((a) => Math.round(a[0]))).size < 2) return;
    const e = regionOutline(p, true).edges;
    const left: string[] = [];
    for (let k = 0; k < e.length; k += 4) if (e[k] === e[k + 2] && onSeam(e[k]!)) left.push(`v ${Math.min(e[k + 1]!, e[k + 3]!).toFixed(3)}–${Math.max(e[k + 1]!, e[k + 3]!).toFixed(3)}`);
    if (left.length > 0) lines.push(`${showFile} on ${profileFile}: warning: regions.${i} ("${region.id}"): its sides at u = 0 and u = 1 do not meet at ${left.join(', ')}, so the seam of this closed hall is an edge of the region there (give both sides the same heights to make it continuous)`);
  });
  return lines;
}
