import type { SurfaceConfig } from './profileSchema.ts';

/** One point of a profile found outside its hall: the field, what is wrong, and the hall's bounds. */
export interface HallBoundsProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly expected: string;
}

type Vec3 = readonly [number, number, number];

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);
const fmtPoint = (p: Vec3) => `[${p.map(fmt).join(', ')}]`;

/**
 * Whether `p` (world metres: y up, origin at the hall centre on the floor) is inside the hall the
 * surface bounds: a cylinder's inside (nearer the axis than the wall, from the floor, or the wall's
 * bottom if lower, up to the wall's top plus a dome over it); in front of a flat wall and not below the floor. Null when
 * inside, else why not and the bounds, for a message naming the field.
 */
export function outsideHall(surface: SurfaceConfig, p: Vec3): { message: string; expected: string } | null {
  const floorY = Math.min(0, surface.type === 'cylinder' ? surface.bottomM : surface.originM[1]);
  if (surface.type === 'cylinder') {
    const r = Math.hypot(p[0], p[2]);
    // Projectors may hang above the painted wall (a ceiling truss, a sky dome): the hall's room goes up
    // to a dome over the wall at most, which still catches a point metres or kilometres off.
    const roofY = surface.topM + surface.radiusM;
    const bounds = `inside the hall: less than ${fmt(surface.radiusM)} m from its axis (the wall's radius), y from ${fmt(floorY)} (the floor) to ${fmt(roofY)} m (the top of the wall, ${fmt(surface.topM)} m, plus a dome over it)`;
    if (!(r < surface.radiusM)) return { message: `is ${fmtPoint(p)}, ${fmt(r)} m from the hall's axis: outside the wall (radius ${fmt(surface.radiusM)} m)`, expected: bounds };
    if (p[1] < floorY) return { message: `is ${fmtPoint(p)}: ${fmt(floorY - p[1])} m below the floor (y ${fmt(floorY)})`, expected: bounds };
    if (p[1] > roofY) return { message: `is ${fmtPoint(p)}: ${fmt(p[1] - roofY)} m above the highest a dome over the wall could reach (y ${fmt(roofY)})`, expected: bounds };
    return null;
  }
  // The flat wall's front normal (toward the visitors): u runs left to right along e, n = e turned +90° about y.
  const yaw = (surface.yawDeg * Math.PI) / 180;
  const n = [-Math.sin(yaw), Math.cos(yaw)] as const;
  const o = surface.originM;
  const front = (p[0] - o[0]) * n[0] + (p[2] - o[2]) * n[1];
  const bounds = `in front of the wall (the side it is seen from, normal [${fmt(n[0])}, 0, ${fmt(n[1])}] from its corner ${fmtPoint(o)}) and not below the floor (y ${fmt(floorY)})`;
  if (!(front > 0)) return { message: `is ${fmtPoint(p)}: ${fmt(-front)} m behind the flat wall`, expected: bounds };
  if (p[1] < floorY) return { message: `is ${fmtPoint(p)}: ${fmt(floorY - p[1])} m below the floor (y ${fmt(floorY)})`, expected: bounds };
  return null;
}

/** Every eye point and projector position of a profile that lies outside its hall. */
export function hallBoundsProblems(profile: { readonly hall: { readonly surface: SurfaceConfig; readonly eyeM: Vec3 }; readonly projectors: readonly { readonly pose: { readonly positionM: Vec3 } }[] }): HallBoundsProblem[] {
  const out: HallBoundsProblem[] = [];
  const eye = outsideHall(profile.hall.surface, profile.hall.eyeM);
  if (eye) out.push({ path: ['hall', 'eyeM'], ...eye });
  profile.projectors.forEach((pr, i) => {
    const bad = outsideHall(profile.hall.surface, pr.pose.positionM);
    if (bad) out.push({ path: ['projectors', i, 'pose', 'positionM'], ...bad });
  });
  return out;
}
