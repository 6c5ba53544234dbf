import type { ResolvedValue } from '../timeline/FrameState.ts';

/**
 * The parameters each layer kind takes, with their size (1 = scalar, 2 = painting-space point,
 * 3 = linear RGB, 4 = rectangle), default and range. One table serves the schema (what a file may
 * say), the evaluator (defaults, clamping) and the editors (labels, units). Light effects declare
 * theirs in their own module (engine/core/light/effects/); the registry there gathers them.
 */
export interface ParamSpec {
  /** 1, 2, 3 or 4 numbers. */
  readonly size: 1 | 2 | 3 | 4;
  /** Value when the clip does not set the parameter. */
  readonly default: number | readonly number[];
  /** Smallest allowed value of each component (after easing the evaluator clamps to it). */
  readonly min: number;
  /** Largest allowed value of each component. */
  readonly max: number;
  /** What it means and its unit, for editors and error messages. */
  readonly doc: string;
  /** The unit alone, for reference tables ('' when the value has none). */
  readonly unit: string;
}

/** A named set of parameters (one layer kind or one light effect). */
export type ParamTable = Readonly<Record<string, ParamSpec>>;

/** Builds a parameter spec. */
export const spec = (size: ParamSpec['size'], def: ParamSpec['default'], min: number, max: number, doc: string, unit = ''): ParamSpec => ({
  size,
  default: def,
  min,
  max,
  doc,
  unit,
});

/** Light level (linear, 0..100) with its default. */
export const intensity = (def: number): ParamSpec => spec(1, def, 0, 100, 'light level, linear (1 = the level that lights the painting to its design white)', 'linear');
/** Linear RGB colour with its default. */
export const color = (def: readonly number[]): ParamSpec => spec(3, def, 0, 16, 'colour in linear RGB, each channel ≥ 0', 'linear RGB');
/** Painting-space centre of a disc, default the middle of the painting. */
export const center = spec(2, [0.5, 0.5], -1, 2, 'painting-space point [u, v]; u wraps round the hall', 'painting uv');
/** Disc radius in wall heights with its default. */
export const radius = (def: number): ParamSpec => spec(1, def, 0, 10, 'radius in wall heights (1 = the painted wall height)', 'wall heights');
/** Edge softness 0..1 with its default. */
export const softness = (def: number): ParamSpec => spec(1, def, 0, 1, 'edge softness, 0 = hard edge, 1 = fully soft');

/**
 * One component of a resolved parameter: the frame's value, else the spec default (hand-built frames
 * may omit some), else 0. `i` picks the component of a point, colour or rectangle.
 */
export function param(params: Readonly<Record<string, ResolvedValue>>, specs: ParamTable, name: string, i = 0): number {
  const v = params[name] ?? specs[name]?.default;
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : (v[i] ?? 0);
}

/** Every component of a point, colour or rectangle parameter (as param), into `out` (no allocation). */
export function paramInto(params: Readonly<Record<string, ResolvedValue>>, specs: ParamTable, name: string, out: number[]): void {
  for (let i = 0; i < out.length; i++) out[i] = param(params, specs, name, i);
}

/** Parameters of image layers (animated overlays registered to the painting, or the painting itself). */
export const IMAGE_PARAMS = {
  opacity: spec(1, 1, 0, 1, 'opacity, 0..1'),
  rect: spec(4, [0, 0, 1, 1], -1, 2, 'placement in painting space [u, v, width, height], v from the bottom', 'painting uv'),
  tint: color([1, 1, 1]),
} as const satisfies ParamTable;

/** Parameters of audio clips. */
export const AUDIO_PARAMS = {
  gainDb: spec(1, 0, -120, 24, 'gain in decibels', 'dB'),
} as const satisfies ParamTable;
