import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { budgetWarnings, computeLightBudget, formatShowTime, WHOLE_CANVAS, type BudgetOptions, type LightBudget } from '../../engine/core/light/lightBudget.ts';

/** A show file checked against a profile file's conservation limits. */
export interface BudgetCheck {
  readonly showFile: string;
  readonly profileFile: string;
  readonly budget: LightBudget;
  /** One line per exceeded limit: `SHOW on PROFILE: warning: …`. */
  readonly lines: readonly string[];
}

/**
 * Checks a show against a profile that has conservation limits: the warnings as printable lines
 * naming both files, the region and the moment. Null when the profile has no limits.
 */
export function checkLightBudget(showFile: string, show: Show, profileFile: string, profile: Profile, options: BudgetOptions = {}): BudgetCheck | null {
  if (!profile.conservation) return null;
  const budget = computeLightBudget(show, profile, options);
  const lines = budgetWarnings(budget).map((w) => `${showFile} on ${profileFile}: warning: light budget: ${w.message}`);
  return { showFile, profileFile, budget, lines };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A budget as a table for people: one row per region, then the limits and the verdict. */
export function formatBudgetReport(b: LightBudget): string {
  const c = b.conservation;
  const out: string[] = [];
  out.push(`Light budget of show ${b.showId} on profile ${b.profileId}: ${formatShowTime(b.durationS)} showing, ${b.grid.cols} × ${b.grid.rows} wall points, step ${b.stepS.toFixed(3)} s`);
  out.push(`full white: ${fmt(b.fullWhiteLux.min)}–${fmt(b.fullWhiteLux.max)} lux on the wall; ambient ${fmt(b.ambientLux, 1)} lux`);
  const rows = [['region', 'peak lux', 'at', 'lux·h/showing (max)', 'lux·h/showing (mean)', 'lux·h/year']];
  for (const r of b.regions) {
    rows.push([
      r.id === WHOLE_CANVAS ? WHOLE_CANVAS : r.id,
      fmt(r.peakLux, 1),
      formatShowTime(r.peakAtS),
      fmt(r.luxHoursPerShowing, 2),
      fmt(r.meanLuxHoursPerShowing, 2),
      r.luxHoursPerYear === null ? '—' : fmt(r.luxHoursPerYear),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) out.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  if (c === null) {
    out.push('The profile has no conservation limits (add "conservation" to check them).');
  } else {
    out.push(`limits: ${fmt(c.maxLux)} lux peak, ${fmt(c.maxLuxHoursPerYear)} lux·h a year at ${fmt(c.schedule.showingsPerDay)} showings a day × ${fmt(c.schedule.daysPerYear)} days`);
    const warnings = budgetWarnings(b);
    if (warnings.length === 0) out.push('within the limits');
    for (const w of warnings) out.push(`warning: ${w.message}`);
  }
  return out.join('\n');
}
