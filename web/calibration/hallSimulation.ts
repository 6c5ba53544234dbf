import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { measureHall } from '../../engine/core/blend/hallMetrics.ts';

/** A knock to one projector in the simulated hall: its true pose is off by these angles, degrees. */
export interface Bump {
  readonly projectorId: string;
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly rollDeg: number;
}

/** Misregistration of one blend zone, painting pixels. */
export interface ZoneFigure {
  readonly zone: string;
  readonly maxPx: number;
  readonly medianPx: number;
}

/** What the visitor would see of the calibrated hall lit from the true poses. */
export interface MisregistrationFigures {
  /** Worst zone's max, painting pixels. */
  readonly maxPx: number;
  readonly medianPx: number;
  /** Per blend zone, in profile order of the zones' first projector. */
  readonly zones: readonly ZoneFigure[];
  readonly uniformityMaxDevPct: number;
}

/**
 * The simulated truth: `profile` with one projector's pose moved by `bump`. The fine warps are left out:
 * a warp is software, the truth is optics (measureHall reads the truth unwarped, and the simulated
 * camera would take a truth warp for lens error).
 */
export function bumpedTruth(profile: Profile, bump: Bump): Profile {
  if (!profile.projectors.some((p) => p.id === bump.projectorId)) throw new Error(`bump: projectorId "${bump.projectorId}" is not in profile ${profile.id}`);
  return {
    ...profile,
    projectors: profile.projectors.map(({ warp: _software, ...p }) =>
      p.id !== bump.projectorId
        ? p
        : { ...p, pose: { ...p.pose, yawDeg: p.pose.yawDeg + bump.yawDeg, pitchDeg: p.pose.pitchDeg + bump.pitchDeg, rollDeg: p.pose.rollDeg + bump.rollDeg } },
    ),
  };
}

/**
 * Misregistration per blend zone (engine/core/blend/hallMetrics.measureHall): the calibrated pipeline
 * (`calibrated`, warp included) thrown from the true poses (`truth`), in painting pixels. Blend maps at
 * a 16 px step: they weigh the uniformity figure only, and a quick step keeps this live (~0.1 s for
 * three WXGA projectors).
 */
export function measureMisregistration(calibrated: Profile, truth: Profile): MisregistrationFigures {
  const cal = new Installation(calibrated);
  const m = measureHall(cal, computeBlend(cal, { stepPx: 16 }), new Installation(truth));
  const order = new Map(calibrated.projectors.map((p, i) => [p.id, i]));
  const zones = [...m.zones]
    .sort((a, b) => (order.get(a.projectors[0]) ?? 0) - (order.get(b.projectors[0]) ?? 0) || (order.get(a.projectors[1]) ?? 0) - (order.get(b.projectors[1]) ?? 0))
    .map((z) => ({ zone: z.zone, maxPx: z.misregistrationPx.max, medianPx: z.misregistrationPx.median }));
  return { maxPx: m.misregistrationPx.max, medianPx: m.misregistrationPx.median, zones, uniformityMaxDevPct: m.uniformityMaxDevPct };
}
