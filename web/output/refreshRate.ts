/** Display refresh rates (Hz) a measured frame interval is snapped to: projectors run at one of these. */
const REFRESH_RATES_HZ = [24, 25, 30, 48, 50, 60, 72, 75, 90, 100, 120, 144, 165, 240] as const;

/**
 * The display's refresh rate from the shortest frame interval seen (ms): the largest common rate not
 * above it (5 % slack for timer jitter). The shortest interval, not the median: a page that renders
 * slowly never shows its refresh in its typical interval, and would call itself on target.
 */
export function refreshRateHz(shortestIntervalMs: number): number {
  if (!(shortestIntervalMs > 0) || !Number.isFinite(shortestIntervalMs)) return 60;
  const measured = (1000 / shortestIntervalMs) * 1.05;
  let best: number = REFRESH_RATES_HZ[0];
  for (const r of REFRESH_RATES_HZ) if (r <= measured) best = r;
  return best;
}
