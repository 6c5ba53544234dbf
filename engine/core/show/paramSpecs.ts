/**
 * The parameters each layer kind takes, with their size (1 = scalar, 2 = painting-space point,
 * 3 = linear RGB, 4 = rectangle), default and range. One table serves the schema (what a file may
 * say), the evaluator (defaults, clamping) and the editors (labels, units).
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
}

const p = (size: ParamSpec['size'], def: ParamSpec['default'], min: number, max: number, doc: string): ParamSpec => ({
  size,
  default: def,
  min,
  max,
  doc,
});

const intensity = (def: number): ParamSpec => p(1, def, 0, 100, 'light level, linear (1 = the level that lights the painting to its design white)');
const color = (def: readonly number[]): ParamSpec => p(3, def, 0, 16, 'colour in linear RGB, each channel ≥ 0');
const center = p(2, [0.5, 0.5], -1, 2, 'painting-space point [u, v]; u wraps round the hall');
const radius = (def: number): ParamSpec => p(1, def, 0, 10, 'radius in wall heights (1 = the painted wall height)');
const softness = (def: number): ParamSpec => p(1, def, 0, 1, 'edge softness, 0 = hard edge, 1 = fully soft');

/** Parameters of light layers, by effect. Light adds to (or multiplies) the light map over painting space. */
export const LIGHT_PARAMS = {
  wash: { intensity: intensity(1), color: color([1, 1, 1]) },
  spot: { intensity: intensity(1), color: color([1, 1, 1]), center, radius: radius(0.15), softness: softness(0.5) },
  flash: { intensity: intensity(4), color: color([1, 0.85, 0.6]), center, radius: radius(0.1), softness: softness(0.8) },
  flicker: {
    intensity: intensity(1),
    color: color([1, 0.55, 0.2]),
    center,
    radius: radius(0.12),
    softness: softness(0.7),
    amount: p(1, 0.6, 0, 1, 'share of the light that flickers, 0..1'),
    frequencyHz: p(1, 6, 0.01, 60, 'typical flicker rate in hertz'),
  },
  searchlight: {
    intensity: intensity(1.5),
    color: color([0.85, 0.9, 1]),
    origin: p(2, [0.5, 0], -1, 2, 'painting-space point the beam starts from [u, v]'),
    angleDeg: p(1, 90, -3600, 3600, 'beam direction in painting space, degrees (0 = along +u, 90 = straight up)'),
    widthDeg: p(1, 4, 0.1, 90, 'beam width, degrees'),
    length: p(1, 1, 0, 10, 'beam length in wall heights'),
    softness: softness(0.3),
  },
  haze: {
    intensity: p(1, 0.5, 0, 1, 'shadow density, 0 = clear, 1 = full shadow where the smoke is thickest'),
    color: color([0, 0, 0]),
    scale: p(1, 0.2, 0.001, 10, 'size of the smoke billows in wall heights'),
    drift: p(2, [0.01, 0.002], -1, 1, 'drift of the smoke in painting units per second [du, dv]'),
  },
} as const satisfies Record<string, Record<string, ParamSpec>>;

/** A light effect name. */
export type LightEffect = keyof typeof LIGHT_PARAMS;
/** All light effect names. */
export const LIGHT_EFFECTS = Object.keys(LIGHT_PARAMS) as LightEffect[];

/** Parameters of image layers (animated overlays registered to the painting, or the painting itself). */
export const IMAGE_PARAMS = {
  opacity: p(1, 1, 0, 1, 'opacity, 0..1'),
  rect: p(4, [0, 0, 1, 1], -1, 2, 'placement in painting space [u, v, width, height], v from the bottom'),
  tint: color([1, 1, 1]),
} as const satisfies Record<string, ParamSpec>;

/** Parameters of audio clips. */
export const AUDIO_PARAMS = {
  gainDb: p(1, 0, -120, 24, 'gain in decibels'),
} as const satisfies Record<string, ParamSpec>;
