import { param, type ParamTable } from '../../show/paramSpecs.ts';
import type { LightLayerState, ResolvedValue } from '../../timeline/FrameState.ts';

/**
 * The light programs of the GPU compositor: one fragment shader each (engine/render/content/
 * lightPrograms.ts holds their GLSL). Several effects may share one (spot, flash and flicker draw a disc).
 */
export type LightProgram = 'wash' | 'disc' | 'beam' | 'haze';

/** How the light map lies over the wall: the same for the GPU compositor and the CPU light field. */
export interface EffectContext {
  /** Painting width / height in metres: u units to wall heights (du = dv / aspect). */
  readonly aspect: number;
  /** Full round wall: u wraps mod 1. */
  readonly wrapsU: boolean;
}

/** Painting points the CPU light field evaluates (equal lengths). */
export interface LightPoints {
  readonly count: number;
  readonly u: Float64Array;
  readonly v: Float64Array;
}

/**
 * Every uniform value of the light programs, as plain numbers (the compositor copies them into its
 * three.js uniforms, so the core stays free of three). Each effect packs the fields its program reads.
 */
export interface LightUniformValues {
  /** Colour × intensity × gain, linear RGB. */
  readonly light: [number, number, number];
  /** Disc centre or beam origin, painting space. */
  readonly center: [number, number];
  /** Disc radius, wall heights. */
  radius: number;
  softness: number;
  /** Beam direction, unit vector in wall-height space. */
  readonly dir: [number, number];
  /** Beam half width, radians. */
  halfWidth: number;
  /** Beam length, wall heights. */
  length: number;
  /** Haze: intensity × gain. */
  hazeAmount: number;
  readonly hazeColor: [number, number, number];
  /** Haze lattice seed (unsigned 32-bit). */
  seed: number;
  /** Haze lattice cells per painting unit in u and v. */
  readonly cells: [number, number];
  /** Haze lattice cells round the wall (0 = no wrap). */
  period: number;
  /** Haze drift offset in cells: integer part mod 2^32, and fractional part. */
  readonly offInt: [number, number];
  readonly offFrac: [number, number];
}

/** A fresh set of light uniform values (made once per compositor, updated in place every draw). */
export function newLightUniformValues(): LightUniformValues {
  return {
    light: [0, 0, 0], center: [0, 0], radius: 0, softness: 0, dir: [1, 0], halfWidth: 0, length: 0,
    hazeAmount: 0, hazeColor: [0, 0, 0], seed: 0, cells: [1, 1], period: 0, offInt: [0, 0], offFrac: [0, 0],
  };
}

/**
 * One light effect, defined once: its parameters (the schema, the evaluator, the validator and the
 * docs take them from here), its typed state at a show time, how that state becomes the GPU program's
 * uniforms, and its light on the CPU (the light budget's twin of the GPU). S is mutable scratch: the
 * frame loop resolves into one state object per effect, it allocates nothing.
 */
export interface LightEffectModule<N extends string = string, P extends ParamTable = ParamTable, S = unknown> {
  readonly name: N;
  /** One line for the docs table. */
  readonly doc: string;
  readonly params: P;
  /** The GPU program that draws it. */
  readonly program: LightProgram;
  /** Blend when the clip does not say (haze darkens: multiply). */
  readonly defaultBlend: 'add' | 'multiply';
  /** Factor on the layer's gain at show time t (flicker); absent: 1. */
  readonly gainAt?: (params: Readonly<Record<string, ResolvedValue>>, seed: number, t: number) => number;
  /** A state object to resolve into. */
  newState(): S;
  /** The layer's typed state (parameters with defaults filled in, intensity × gain applied), into `out`. */
  resolve(layer: LightLayerState, out: S): S;
  /** Writes the uniforms its program reads. */
  pack(state: S, ctx: EffectContext, out: LightUniformValues): void;
  /**
   * Its light at every point before the region mask, linear RGB (3 per point) into out. `multiply`:
   * the layer multiplies the light below, so what it writes is a factor (1 leaves the light as it is).
   */
  shade(state: S, ctx: EffectContext, points: LightPoints, multiply: boolean, out: Float64Array): void;
}

/** Type-erased view of a module, for tables of different effects. */
export type AnyLightEffect = LightEffectModule<string, ParamTable, unknown>;

/** Defines an effect (checks the module against the interface, keeps its literal name and parameters). */
export function defineLightEffect<N extends string, P extends ParamTable, S>(m: LightEffectModule<N, P, S>): LightEffectModule<N, P, S> {
  return m;
}

/** Copies a colour or point into a uniform value in place (the frame loop allocates nothing). */
export function setVec(to: number[], from: readonly number[]): void {
  for (let i = 0; i < to.length; i++) to[i] = from[i]!;
}

/** The u distance from `from` to u, the short way round on a round wall (as the shader's wrapDelta). */
export function wrapDelta(d: number, wrapsU: boolean): number {
  return wrapsU ? d - Math.floor(d + 0.5) : d;
}

/** 1 up to r·(1 − softness), smoothstep down to 0 at r; a hard step when softness is 0 (the shader's softEdge). */
export function softEdge(d: number, r: number, softness: number): number {
  const w = r * softness;
  if (w <= 0) return d <= r ? 1 : 0;
  const s = Math.min(1, Math.max(0, (r - d) / w));
  return s * s * (3 - 2 * s);
}

/** Colour × intensity × gain of a layer (the `light` of wash, disc and beam effects), into out. */
export function resolveLight(layer: LightLayerState, specs: ParamTable, out: [number, number, number]): void {
  const k = param(layer.params, specs, 'intensity') * layer.gain;
  out[0] = param(layer.params, specs, 'color', 0) * k;
  out[1] = param(layer.params, specs, 'color', 1) * k;
  out[2] = param(layer.params, specs, 'color', 2) * k;
}
