import { hash2 } from '../timeline/noise.ts';
import { AudioClockMap } from './AudioClockMap.ts';
import { DriftCorrector, type DriftCorrectorOptions } from './DriftCorrector.ts';

/** A drift scenario: the audio clock runs `ppm` fast (negative: slow) against the shared epoch. */
export interface DriftScenario {
  /** Audio clock rate error, parts per million. */
  readonly ppm: number;
  /** Length of the simulated playback, seconds. */
  readonly durationS: number;
  /** Time between the engine's checks (and clock pairs), seconds (default 0.25). */
  readonly updateIntervalS?: number;
  /** ± jitter of each clock pair's epoch reading, ms, uniform and seeded (default 1). */
  readonly pairJitterMs?: number;
  /** Seed of the jitter (default 1). */
  readonly seed?: number;
  /** Corrector settings (default: DriftCorrector's). */
  readonly corrector?: DriftCorrectorOptions;
}

/** What the engine let through. */
export interface DriftResult {
  /** Largest |voice position − true show time| over the run, ms. */
  readonly maxErrorMs: number;
  /** Error at the end, ms. */
  readonly finalErrorMs: number;
  /** Largest |rate factor − 1| the corrector asked for. */
  readonly maxRateDeviation: number;
  /** Largest change of the voice's position within one update beyond what the nominal rate gives, ms (no jumps: ≤ max rate deviation × interval + drift). */
  readonly maxStepMs: number;
  /** Number of engine updates simulated. */
  readonly updates: number;
}

/**
 * Simulates one long voice (e.g. 30 minutes of music) playing on a drifting audio clock, with the
 * engine doing what the Tone engine does: a clock map fed with jittery (contextTime, epoch) pairs,
 * the voice's position error measured through that map, and DriftCorrector's rate applied to the
 * player. The "hardware" side (the audio clock, the player's position) is integrated exactly; the
 * engine side sees only what a real engine sees. The map is warm (64 pairs) when the voice starts.
 * Pure and seeded: the same scenario gives the same figures on every machine.
 */
export function simulateDrift(s: DriftScenario): DriftResult {
  const dt = s.updateIntervalS ?? 0.25;
  const jitterS = (s.pairJitterMs ?? 1) / 1000;
  const seed = (s.seed ?? 1) >>> 0;
  const clockRate = 1 + s.ppm * 1e-6; // context seconds per epoch second
  const epochStart = 1_800_000_000; // a realistic epoch, so the fit meets real magnitudes
  const ctxAt = (tS: number) => 12.5 + tS * clockRate; // the context started a while before the epoch origin
  const jitter = (k: number) => (hash2(seed, k + 1_000_000) / 4294967296 - 0.5) * 2 * jitterS;
  const map = new AudioClockMap();
  const corrector = new DriftCorrector(s.corrector);
  const warm = 64;
  for (let k = -warm; k < 0; k++) map.add(ctxAt(k * dt), epochStart + k * dt + jitter(k));
  const steps = Math.ceil(s.durationS / dt);
  let positionS = 0; // player position in its source (the voice started at show time 0 at epochStart)
  let rate = 1;
  let maxErrorMs = 0;
  let maxRateDeviation = 0;
  let maxStepMs = 0;
  let errorMs = 0;
  for (let k = 0; k <= steps; k++) {
    const tS = k * dt;
    if (k > 0) {
      // The player advances by its rate over the context time that passed (the audio clock's seconds).
      const step = rate * (ctxAt(tS) - ctxAt((k - 1) * dt));
      maxStepMs = Math.max(maxStepMs, Math.abs(step - dt) * 1000);
      positionS += step;
    }
    errorMs = (positionS - tS) * 1000;
    maxErrorMs = Math.max(maxErrorMs, Math.abs(errorMs));
    map.add(ctxAt(tS), epochStart + tS + jitter(k));
    const measuredMs = (positionS - (map.toEpoch(ctxAt(tS)) - epochStart)) * 1000;
    rate = corrector.update(measuredMs);
    maxRateDeviation = Math.max(maxRateDeviation, Math.abs(rate - 1));
  }
  return { maxErrorMs, finalErrorMs: errorMs, maxRateDeviation, maxStepMs, updates: steps + 1 };
}
