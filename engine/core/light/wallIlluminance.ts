import type { Installation } from '../geometry/Installation.ts';
import type { ProjectorModel } from '../geometry/ProjectorModel.ts';
import { cross, length, sub } from '../geometry/vec3.ts';
import { sampleBlendCount, sampleBlendWeight, type Blend } from '../blend/computeBlend.ts';

/** Rec. 709 / sRGB luminance weights of linear R, G, B: a projector's rated lumens are its full white. */
export const LUMINANCE_RGB = [0.2126, 0.7152, 0.0722] as const;

/** One projector's share of the light at a wall point. */
export interface PixelLight {
  readonly projectorId: string;
  /** Lux this projector puts on the point at full white: lumens / (W × H) / pixel footprint (m²). */
  readonly luxAtWhite: number;
  /** Output pixel showing the point. */
  readonly x: number;
  readonly y: number;
  /** Wall area of one output pixel there, m². */
  readonly pixelAreaM2: number;
  /** Blend weight (linear) and smoothed projector count, as the output shader samples them. */
  readonly weight: number;
  readonly count: number;
  readonly beta: number;
  readonly gains: readonly [number, number, number];
}

/**
 * Wall area lit by one output pixel around (x, y): |∂P/∂x × ∂P/∂y| from central differences of the
 * pixel → wall map (warp, lens, pose, surface), m². Null where a neighbour misses the wall.
 */
export function pixelFootprintM2(inst: Installation, p: ProjectorModel, x: number, y: number, h = 0.5): number | null {
  const a = inst.pixelToWall(p, x - h, y);
  const b = inst.pixelToWall(p, x + h, y);
  const c = inst.pixelToWall(p, x, y - h);
  const d = inst.pixelToWall(p, x, y + h);
  if (a === null || b === null || c === null || d === null) return null;
  const dx = sub(b.point, a.point);
  const dy = sub(d.point, c.point);
  return length(cross(dx, dy)) / (4 * h * h);
}

/** Every projector's light at painting point (u, v): where it shows the point and how much light a pixel gives there. */
export function pixelLightsAt(inst: Installation, blend: Blend, u: number, v: number): PixelLight[] {
  const out: PixelLight[] = [];
  for (const hit of inst.uvToPixels(u, v)) {
    const p = inst.projector(hit.projectorId);
    const cfg = inst.profile.projectors[inst.projectors.indexOf(p)]!;
    const area = pixelFootprintM2(inst, p, hit.x, hit.y);
    if (area === null || !(area > 0)) continue;
    const map = blend.maps.find((m) => m.projectorId === p.id);
    const lumens = cfg.lumens ?? 0;
    out.push({
      projectorId: p.id,
      luxAtWhite: lumens / (p.width * p.height) / area,
      x: hit.x,
      y: hit.y,
      pixelAreaM2: area,
      weight: map ? sampleBlendWeight(map, hit.x, hit.y) : 1,
      count: map ? sampleBlendCount(map, hit.x, hit.y) : 1,
      beta: cfg.blackLevel ?? 0.001,
      gains: cfg.colorGains ?? [1, 1, 1],
    });
  }
  return out;
}

/**
 * Illuminance (lux) that content level rgb (linear light, the light map at the point) puts on the wall
 * through the given projectors, exactly as the output pass drives them: c = clamp(rgb × gains, 0, 1),
 * black-level uplift T = Nβ + (1 − Nβ)c, drive = clamp(w (T − nβ) / (1 − β), 0, 1), and the projector
 * emits β + (1 − β)·drive of its full white (MPCDI's pixel model). N is the blend's maxOverlap.
 */
export function illuminance(lights: readonly PixelLight[], r: number, g: number, b: number, maxOverlap: number): number {
  let lux = 0;
  for (const l of lights) {
    const n = Math.max(l.count, 1);
    const beta = l.beta;
    let y = 0;
    for (let c = 0; c < 3; c++) {
      const level = c === 0 ? r : c === 1 ? g : b;
      const cc = Math.min(1, Math.max(0, level * l.gains[c]!));
      const T = maxOverlap * beta + (1 - maxOverlap * beta) * cc;
      const drive = Math.min(1, Math.max(0, (l.weight * (T - n * beta)) / (1 - beta)));
      y += LUMINANCE_RGB[c]! * (beta + (1 - beta) * drive);
    }
    lux += l.luxAtWhite * y;
  }
  return lux;
}
