/** Shared epoch ↔ AudioContext time (the core's AudioClockMap; the identity inside Tone.Offline). */
export interface ClockMapping {
  toContext(epochS: number): number;
  toEpoch(ctxS: number): number;
  /** Epoch seconds per context second, minus 1, in ppm. */
  readonly ratePpm: number;
  /** False while the map has too few pairs to trust: nothing is scheduled then (absent = always ready). */
  readonly ready?: boolean;
}

/** Context time is the epoch (offline rendering, where there is no other clock). */
export const IDENTITY_CLOCK: ClockMapping = { toContext: (e) => e, toEpoch: (c) => c, ratePpm: 0 };
