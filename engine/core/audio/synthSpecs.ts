/**
 * The synthesized instruments a show may use before recordings exist, with every parameter's range,
 * default and unit. One table serves the show schema (what a file may say), the Tone engine (what it
 * builds) and editors (labels, units). Parameters are plain numbers; the clip's gainDb, fades and
 * route apply on top, as for recorded sound.
 */

/** One parameter of a synthesized instrument. */
export interface SynthParamSpec {
  /** Value when the clip does not set it. */
  readonly default: number;
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Unit, for editors: "Hz", "s", "km", "" (a ratio). */
  readonly unit: string;
  /** What it does. */
  readonly doc: string;
}

const p = (def: number, min: number, max: number, unit: string, doc: string): SynthParamSpec => ({ default: def, min, max, unit, doc });

/**
 * Parameters per instrument:
 * - `rumble`: a low, continuous roar (brown noise through a low-pass filter whose level breathes slowly).
 * - `artillery`: distant guns, shots at seeded times (see `artilleryShots`), each a filtered noise burst
 *   with a long decay; farther guns sound darker and later.
 * - `wind`: band-passed noise with seeded gusts moving the level and the band centre.
 */
export const SYNTH_PARAMS = {
  rumble: {
    cutoffHz: p(90, 20, 400, 'Hz', 'low-pass cutoff of the roar'),
    modRateHz: p(0.15, 0.01, 5, 'Hz', 'how fast the level breathes'),
    modDepth: p(0.5, 0, 1, '', 'how much the level breathes, 0 = steady, 1 = down to silence'),
  },
  artillery: {
    intervalS: p(6, 0.2, 120, 's', 'mean time between shots'),
    jitter: p(0.6, 0, 1, '', 'irregularity of the shot times, 0 = metronome, 1 = anywhere in the interval'),
    distanceKm: p(3, 0.1, 30, 'km', 'distance of the guns: farther is darker and has a longer tail'),
    decayS: p(2.5, 0.1, 10, 's', 'length of each shot\'s rumbling tail'),
  },
  wind: {
    centerHz: p(500, 80, 5000, 'Hz', 'centre of the noise band'),
    q: p(1.2, 0.1, 20, '', 'band-pass quality: higher is a narrower, whistling band'),
    gustPeriodS: p(7, 0.5, 60, 's', 'typical time between gusts'),
    gustiness: p(0.6, 0, 1, '', 'strength of the gusts, 0 = steady wind'),
  },
} as const satisfies Record<string, Record<string, SynthParamSpec>>;

/** An instrument name. */
export type SynthInstrument = keyof typeof SYNTH_PARAMS;
/** All instrument names, in table order. */
export const SYNTH_INSTRUMENTS = Object.keys(SYNTH_PARAMS) as SynthInstrument[];

/** Every parameter of an instrument with defaults filled in, clamped to the ranges. */
export function synthParams(instrument: SynthInstrument, given: Readonly<Record<string, number | undefined>> | undefined): Record<string, number> {
  const specs: Record<string, SynthParamSpec> = SYNTH_PARAMS[instrument];
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = given?.[name] ?? spec.default;
    out[name] = v < spec.min ? spec.min : v > spec.max ? spec.max : v;
  }
  return out;
}
