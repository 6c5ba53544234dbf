import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';

/**
 * A profile whose projectors emit fewer pixels but light the same wall the same way: resolution, focal
 * length (when given in pixels), warp offsets and blend ramps are scaled so that every projector pixel
 * of the result covers what the corresponding block of real pixels covers. Lens shift is a fraction of
 * the image and radial distortion is in normalised coordinates, so both stay. The visit renders the
 * hall simulator through this profile: the real calibrated pipeline (warp, blend, black level) at a
 * resolution a software GPU can draw every frame. Projectors already at or under `maxSidePx` are kept.
 */
export function scaleProfile(profile: Profile, maxSidePx: number): Profile {
  if (!(maxSidePx >= 16) || !Number.isFinite(maxSidePx)) throw new RangeError(`maxSidePx must be a finite number ≥ 16, got ${maxSidePx}`);
  return { ...profile, projectors: profile.projectors.map((p) => scaleProjector(p, maxSidePx)) };
}

function scaleProjector(p: ProjectorConfig, maxSidePx: number): ProjectorConfig {
  const { width, height } = p.resolution;
  const s = maxSidePx / Math.max(width, height);
  if (s >= 1) return p;
  const w = Math.max(16, Math.round(width * s));
  const h = Math.max(16, Math.round(height * s));
  const sx = w / width;
  const sy = h / height;
  const out: ProjectorConfig = {
    ...p,
    resolution: { width: w, height: h },
    lens: p.lens.focalPx !== undefined ? { ...p.lens, focalPx: p.lens.focalPx * sx } : p.lens,
  };
  if (p.warp) out.warp = { ...p.warp, offsetsPx: p.warp.offsetsPx.map(([dx, dy]) => [dx * sx, dy * sy] as [number, number]) };
  if (p.blend?.rampPx !== undefined) out.blend = { ...p.blend, rampPx: Math.max(1, p.blend.rampPx * Math.sqrt(sx * sy)) };
  return out;
}
