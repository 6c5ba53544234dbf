import { simulateDrift } from '../engine/core/audio/index.ts';

/**
 * audio.driftCorrectedMaxMs: a voice playing for 30 minutes on an audio clock 100 ppm fast, then
 * 100 ppm slow (uncorrected: 180 ms adrift at the end), with the engine's clock map fed ±1 ms jittery
 * pairs 4 times a second and its DriftCorrector acting on the measured error; the largest error the
 * engine lets through over three seeds each. Target ≤ 5 ms. Also the largest rate change it used (%).
 */
export function benchAudioDrift(): Record<string, number> {
  let maxErrorMs = 0;
  let maxRate = 0;
  for (const ppm of [100, -100]) {
    for (const seed of [1, 2, 3]) {
      const r = simulateDrift({ ppm, durationS: 1800, seed, pairJitterMs: 1 });
      maxErrorMs = Math.max(maxErrorMs, r.maxErrorMs);
      maxRate = Math.max(maxRate, r.maxRateDeviation);
    }
  }
  return {
    'audio.driftCorrectedMaxMs': Math.round(maxErrorMs * 1000) / 1000,
    'audio.driftMaxRateChangePct': Math.round(maxRate * 1e5) / 1e3,
  };
}
