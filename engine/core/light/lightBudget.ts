import { Installation } from '../geometry/Installation.ts';
import { computeBlend, type Blend } from '../blend/computeBlend.ts';
import type { ConservationConfig, Profile } from '../profile/profileSchema.ts';
import type { Show } from '../show/showSchema.ts';
import { TimelineEvaluator } from '../timeline/TimelineEvaluator.ts';
import { LightField } from './LightField.ts';
import { illuminance, LUMINANCE_RGB, pixelLightsAt, type PixelLight } from './wallIlluminance.ts';

/** Id of the pseudo-region covering the whole painting. */
export const WHOLE_CANVAS = '(whole canvas)';

/**
 * Default integration step, seconds. Light changes with fades, keyframes and flicker (frequencyHz,
 * default 6 Hz): the midpoint rule averages flicker well at any step, and peaks are searched at every
 * clip boundary, fade end and keyframe time as well as at the steps, so flashes are caught whatever the
 * step. Measured on the dien-bien-phu profile: lux·h per showing at 0.1 s differ from 0.01 s by 0.05 %
 * for shows/demo.show.json (0.2 s: 0.12 %) and from 0.025 s by 0.054 % for shows/dien-bien-phu.show.json
 * (332 flashes), peaks by under 0.01 %; the 13-minute show then costs about 18 s of CPU.
 */
export const DEFAULT_STEP_S = 0.1;
/** Default distance between wall sample points, wall heights (0.5 m on a 20.5 m wall: a spot of radius 0.05 spans 4 points). */
export const DEFAULT_GRID_STEP_V = 0.025;

/** How finely to compute a budget. */
export interface BudgetOptions {
  /** Integration step, seconds (default DEFAULT_STEP_S). */
  readonly stepS?: number;
  /** Wall sample spacing in wall heights (default DEFAULT_GRID_STEP_V). */
  readonly gridStepV?: number;
  /** Blend map grid step in output pixels (default 32: weights within a fraction of a percent). */
  readonly blendStepPx?: number;
  /** A blend already computed for the profile (skips computing one). */
  readonly blend?: Blend;
}

/** The light one region of the painting receives over a showing. */
export interface RegionExposure {
  readonly id: string;
  readonly name: string;
  /** Wall sample points inside the region. */
  readonly points: number;
  /** Highest illuminance at any point and any moment, lux (ambient included), and where and when. */
  readonly peakLux: number;
  readonly peakAtS: number;
  readonly peakU: number;
  readonly peakV: number;
  /** First moment any point exceeds the profile's maxLux (null: never, or no limits). */
  readonly overMaxFromS: number | null;
  /** Exposure of the most exposed point per showing, lux·hours, and the region's mean. */
  readonly luxHoursPerShowing: number;
  readonly meanLuxHoursPerShowing: number;
  /** luxHoursPerShowing × showings a day × days a year (null without a schedule). */
  readonly luxHoursPerYear: number | null;
}

/** A show's light on a profile's painting: per region, peak lux and exposure. */
export interface LightBudget {
  readonly showId: string;
  readonly profileId: string;
  readonly durationS: number;
  readonly stepS: number;
  readonly grid: { readonly cols: number; readonly rows: number };
  readonly ambientLux: number;
  /** Illuminance at full white over the wall (min and max over the sample points lit by a projector), lux. */
  readonly fullWhiteLux: { readonly min: number; readonly max: number };
  readonly conservation: ConservationConfig | null;
  /** The whole canvas first, then the show's regions in document order. */
  readonly regions: readonly RegionExposure[];
}

/** A limit the show exceeds: the region, the moment when it applies, and a sentence saying so. */
export interface BudgetWarning {
  readonly regionId: string;
  readonly kind: 'peakLux' | 'annualLuxHours';
  readonly atS: number | null;
  readonly message: string;
}

/** Show time as mm:ss.s. */
export function formatShowTime(s: number): string {
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${String(m).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** Times worth checking for a peak: every light or image clip's start, fade ends and keyframes. */
function eventTimes(show: Show): number[] {
  const out: number[] = [];
  for (const track of show.tracks) {
    if ((track.type !== 'light' && track.type !== 'image') || track.enabled === false) continue;
    for (const clip of track.clips) {
      const end = clip.startS + clip.durationS;
      out.push(clip.startS, clip.startS + (clip.fadeInS ?? 0), end - (clip.fadeOutS ?? 0));
      for (const value of Object.values(clip.params ?? {})) {
        if (value !== null && typeof value === 'object' && 'keyframes' in value) for (const k of value.keyframes) out.push(clip.startS + k.t);
      }
    }
  }
  return out.filter((t) => t >= 0 && t < show.durationS && Number.isFinite(t)).sort((a, b) => a - b);
}

/** The wall sample grid: painting points, the projectors lighting each, and full white's range there. */
interface WallSamples {
  readonly cols: number;
  readonly rows: number;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly lights: PixelLight[][];
  readonly whiteMin: number;
  readonly whiteMax: number;
}

/** Samples the wall on a grid of about gridStep wall heights: every point's projectors, as the output pass drives them. */
function sampleWall(inst: Installation, blend: Blend, aspect: number, gridStep: number, N: number): WallSamples {
  const rows = Math.max(2, Math.round(1 / gridStep));
  const cols = Math.max(2, Math.round(aspect / gridStep));
  const n = rows * cols;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const lights: PixelLight[][] = [];
  let whiteMin = Infinity, whiteMax = 0;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      u[k] = (i + 0.5) / cols;
      v[k] = (j + 0.5) / rows;
      const l = pixelLightsAt(inst, blend, u[k]!, v[k]!);
      lights.push(l);
      if (l.length > 0) {
        const w = illuminance(l, 1, 1, 1, N);
        whiteMin = Math.min(whiteMin, w);
        whiteMax = Math.max(whiteMax, w);
      }
    }
  }
  return { cols, rows, u, v, lights, whiteMin, whiteMax };
}

/** Per point over a showing: peak lux and when, the first moment over maxLux, and lux·seconds. */
interface Exposure {
  readonly peak: Float64Array;
  readonly peakAt: Float64Array;
  readonly firstOver: Float64Array;
  readonly luxS: Float64Array;
  /** The integration step actually used (durationS / steps), seconds. */
  readonly dt: number;
}

/** Integrates the show's lux at every point with the midpoint rule at stepS, and searches peaks at the steps and every event time. */
function expose(show: Show, field: LightField, lights: readonly (readonly PixelLight[])[], N: number, ambient: number, maxLux: number, stepS: number): Exposure {
  const n = field.count;
  const e = { peak: new Float64Array(n), peakAt: new Float64Array(n), firstOver: new Float64Array(n).fill(Infinity), luxS: new Float64Array(n) };
  const rgb = new Float32Array(3 * n);
  const ev = new TimelineEvaluator(show);
  const flat = flattenLights(lights);
  const visit = (t: number, weightS: number) => {
    field.compose(ev.evaluate(t), rgb);
    for (let k = 0; k < n; k++) {
      const lux = ambient + flatIlluminance(flat, k, rgb, N);
      if (weightS > 0) e.luxS[k]! += lux * weightS;
      if (lux > e.peak[k]!) {
        e.peak[k] = lux;
        e.peakAt[k] = t;
      }
      if (lux > maxLux && t < e.firstOver[k]!) e.firstOver[k] = t;
    }
  };
  const steps = Math.max(1, Math.ceil(show.durationS / stepS));
  const dt = show.durationS / steps;
  for (let s = 0; s < steps; s++) visit((s + 0.5) * dt, dt);
  for (const t of eventTimes(show)) visit(t, 0);
  return { ...e, dt };
}

/** One region's exposure from the points that belong to it. */
function summarise(id: string, name: string, member: (k: number) => boolean, w: WallSamples, e: Exposure, perYear: number | null): RegionExposure {
  let points = 0, best = -1, sumLuxS = 0, maxLuxS = 0, over = Infinity;
  for (let k = 0; k < w.u.length; k++) {
    if (!member(k)) continue;
    points++;
    if (best < 0 || e.peak[k]! > e.peak[best]!) best = k;
    sumLuxS += e.luxS[k]!;
    maxLuxS = Math.max(maxLuxS, e.luxS[k]!);
    over = Math.min(over, e.firstOver[k]!);
  }
  const lxh = maxLuxS / 3600;
  return {
    id,
    name,
    points,
    peakLux: best < 0 ? 0 : e.peak[best]!,
    peakAtS: best < 0 ? 0 : e.peakAt[best]!,
    peakU: best < 0 ? 0 : w.u[best]!,
    peakV: best < 0 ? 0 : w.v[best]!,
    overMaxFromS: Number.isFinite(over) ? over : null,
    luxHoursPerShowing: lxh,
    meanLuxHoursPerShowing: points > 0 ? sumLuxS / points / 3600 : 0,
    luxHoursPerYear: perYear === null ? null : lxh * perYear,
  };
}

/**
 * Computes how much light a show puts on the painting of an installation (pure): the light map of
 * every moment (LightField, the CPU twin of the compositor), through each projector as the output pass
 * drives it, to lux on a grid of wall points; integrated over the showing with the midpoint rule at
 * stepS, and searched for peaks at the same instants plus every event time of the show.
 */
export function computeLightBudget(show: Show, profile: Profile, options: BudgetOptions = {}): LightBudget {
  const inst = new Installation(profile);
  const blend = options.blend ?? computeBlend(inst, { stepPx: options.blendStepPx ?? 32 });
  const N = Math.max(blend.maxOverlap, 1);
  const aspect = inst.surface.widthM / inst.surface.heightM;
  const wall = sampleWall(inst, blend, aspect, options.gridStepV ?? DEFAULT_GRID_STEP_V, N);
  const field = new LightField(wall.u, wall.v, { regions: show.regions, aspect, wrapsU: inst.surface.wrapsU, canvas: profile.hall.canvas ?? 'screen' });
  const conservation = profile.conservation ?? null;
  const ambient = conservation?.ambientLux ?? 0;
  const exposure = expose(show, field, wall.lights, N, ambient, conservation?.maxLux ?? Infinity, options.stepS ?? DEFAULT_STEP_S);
  const perYear = conservation ? conservation.schedule.showingsPerDay * conservation.schedule.daysPerYear : null;
  const regions: RegionExposure[] = [summarise(WHOLE_CANVAS, 'the whole painting', () => true, wall, exposure, perYear)];
  for (const r of show.regions) {
    const m = field.mask(r.id)!;
    // Points well inside; a region smaller than the grid falls back to every point it touches.
    const inside = m.some((x) => x >= 0.5) ? (k: number) => m[k]! >= 0.5 : (k: number) => m[k]! > 0;
    regions.push(summarise(r.id, r.name ?? r.id, inside, wall, exposure, perYear));
  }
  return {
    showId: show.id,
    profileId: profile.id,
    durationS: show.durationS,
    stepS: exposure.dt,
    grid: { cols: wall.cols, rows: wall.rows },
    ambientLux: ambient,
    fullWhiteLux: { min: Number.isFinite(wall.whiteMin) ? wall.whiteMin : 0, max: wall.whiteMax },
    conservation,
    regions,
  };
}

interface FlatLights {
  readonly offset: Int32Array;
  readonly luxAtWhite: Float64Array;
  readonly weight: Float64Array;
  readonly count: Float64Array;
  readonly beta: Float64Array;
  readonly gains: Float64Array;
}

/** The per-point projector lists as flat arrays: the inner loop runs for every point at every step. */
function flattenLights(lights: readonly (readonly PixelLight[])[]): FlatLights {
  const total = lights.reduce((a, l) => a + l.length, 0);
  const f: FlatLights = { offset: new Int32Array(lights.length + 1), luxAtWhite: new Float64Array(total), weight: new Float64Array(total), count: new Float64Array(total), beta: new Float64Array(total), gains: new Float64Array(3 * total) };
  let j = 0;
  lights.forEach((list, k) => {
    f.offset[k] = j;
    for (const l of list) {
      f.luxAtWhite[j] = l.luxAtWhite;
      f.weight[j] = l.weight;
      f.count[j] = Math.max(l.count, 1);
      f.beta[j] = l.beta;
      f.gains.set(l.gains, 3 * j);
      j++;
    }
  });
  f.offset[lights.length] = j;
  return f;
}

const [LR, LG, LB] = LUMINANCE_RGB;

/** wallIlluminance.illuminance over the flat arrays (same formula, no allocation). */
function flatIlluminance(f: FlatLights, k: number, rgb: Float32Array, N: number): number {
  let lux = 0;
  const r = rgb[3 * k]!, g = rgb[3 * k + 1]!, b = rgb[3 * k + 2]!;
  for (let j = f.offset[k]!, end = f.offset[k + 1]!; j < end; j++) {
    const beta = f.beta[j]!, w = f.weight[j]!, nb = f.count[j]! * beta, lift = N * beta, span = 1 - lift, inv = w / (1 - beta);
    const cr = Math.min(1, Math.max(0, r * f.gains[3 * j]!));
    const cg = Math.min(1, Math.max(0, g * f.gains[3 * j + 1]!));
    const cb = Math.min(1, Math.max(0, b * f.gains[3 * j + 2]!));
    const dr = Math.min(1, Math.max(0, (lift + span * cr - nb) * inv));
    const dg = Math.min(1, Math.max(0, (lift + span * cg - nb) * inv));
    const db = Math.min(1, Math.max(0, (lift + span * cb - nb) * inv));
    lux += f.luxAtWhite[j]! * (beta + (1 - beta) * (LR * dr + LG * dg + LB * db));
  }
  return lux;
}

/** The profile's limits the show exceeds, one warning per region and limit. Empty without limits. */
export function budgetWarnings(b: LightBudget): BudgetWarning[] {
  const c = b.conservation;
  if (c === null) return [];
  const out: BudgetWarning[] = [];
  for (const r of b.regions) {
    const label = r.id === WHOLE_CANVAS ? WHOLE_CANVAS : `region "${r.id}"${r.name !== r.id ? ` (${r.name})` : ''}`;
    if (r.peakLux > c.maxLux) {
      out.push({
        regionId: r.id,
        kind: 'peakLux',
        atS: r.overMaxFromS ?? r.peakAtS,
        message: `${label}: ${Math.round(r.peakLux)} lux at ${formatShowTime(r.peakAtS)} (u ${r.peakU.toFixed(3)}, v ${r.peakV.toFixed(3)}), over conservation.maxLux ${c.maxLux} from ${formatShowTime(r.overMaxFromS ?? r.peakAtS)}`,
      });
    }
    if (r.luxHoursPerYear !== null && r.luxHoursPerYear > c.maxLuxHoursPerYear) {
      out.push({
        regionId: r.id,
        kind: 'annualLuxHours',
        atS: null,
        message: `${label}: ${Math.round(r.luxHoursPerYear)} lux·h a year (${r.luxHoursPerShowing.toFixed(1)} per showing × ${c.schedule.showingsPerDay} a day × ${c.schedule.daysPerYear} days), over conservation.maxLuxHoursPerYear ${c.maxLuxHoursPerYear}`,
      });
    }
  }
  return out;
}
