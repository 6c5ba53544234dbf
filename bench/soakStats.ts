/** One memory reading of a process: seconds since the soak began and resident bytes. */
export interface MemorySample {
  readonly tS: number;
  readonly bytes: number;
}

/**
 * Growth of a process's memory in MiB per hour: the least-squares slope of its samples taken at or
 * after `fromS` (the warm-up before it is left out: caches, compiled shaders and pools fill there).
 * A slope, not last minus first, so one garbage collection at either end does not decide it. Null
 * with fewer than three samples or less than a minute of them.
 */
export function growthMiBPerHour(samples: readonly MemorySample[], fromS: number): number | null {
  const kept = samples.filter((s) => s.tS >= fromS);
  if (kept.length < 3) return null;
  const t0 = kept[0]!.tS;
  const span = kept[kept.length - 1]!.tS - t0;
  if (span < 60) return null;
  const n = kept.length;
  const meanT = kept.reduce((a, s) => a + (s.tS - t0), 0) / n;
  const meanB = kept.reduce((a, s) => a + s.bytes, 0) / n;
  let cov = 0;
  let varT = 0;
  for (const s of kept) {
    const dt = s.tS - t0 - meanT;
    cov += dt * (s.bytes - meanB);
    varT += dt * dt;
  }
  const bytesPerS = cov / varT;
  return (bytesPerS * 3600) / 2 ** 20;
}

/** A process's memory over the soak, summarised for the report. */
export interface ProcessGrowth {
  readonly label: string;
  readonly firstMiB: number;
  readonly lastMiB: number;
  readonly peakMiB: number;
  /** Slope after the warm-up (see {@link growthMiBPerHour}); null when too short. */
  readonly growthMiBPerHour: number | null;
}

/** Summarises one process's samples (bytes) for the report. */
export function summariseGrowth(label: string, samples: readonly MemorySample[], warmupS: number): ProcessGrowth {
  const mib = (b: number) => b / 2 ** 20;
  return {
    label,
    firstMiB: mib(samples[0]?.bytes ?? 0),
    lastMiB: mib(samples[samples.length - 1]?.bytes ?? 0),
    peakMiB: mib(samples.reduce((m, s) => Math.max(m, s.bytes), 0)),
    growthMiBPerHour: growthMiBPerHour(samples, warmupS),
  };
}
