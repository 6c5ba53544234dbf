import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { computeBlend } from './computeBlend.ts';
import { Installation } from '../geometry/Installation.ts';
import { parseProfileText } from '../profile/parseProfile.ts';
import type { Profile } from '../profile/profileSchema.ts';
import { measureHall } from './hallMetrics.ts';

function shipped(name: string): Profile {
  const r = parseProfileText(readFileSync(new URL(`../../../calibration/profiles/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('hall metrics (flat white, pure model)', () => {
  const dbp = shipped('dien-bien-phu');
  const inst = new Installation(dbp);
  const blend = computeBlend(inst);

  it('dien-bien-phu covers the whole round with 10–20 % overlaps, seamless in white', () => {
    const m = measureHall(inst, blend, inst);
    expect(m.coverage).toBeGreaterThanOrEqual(0.999);
    expect(m.uniformityMaxDevPct).toBeLessThanOrEqual(1.0);
    expect(m.misregistrationPx.max).toBeLessThan(1e-6);
    // Twelve projectors in a ring: twelve zones, the last blending round into the first.
    expect(m.zones.map((z) => z.zone).sort()).toEqual(['P01|P02', 'P01|P12', 'P02|P03', 'P03|P04', 'P04|P05', 'P05|P06', 'P06|P07', 'P07|P08', 'P08|P09', 'P09|P10', 'P10|P11', 'P11|P12']);
    // Overlap share of each projector's footprint.
    for (const p of inst.projectors) {
      const cov = inst.coverage(p)!;
      const width = cov.u1 - cov.u0;
      const spacing = 1 / 12;
      const overlap = (width - spacing) / width;
      expect(overlap).toBeGreaterThanOrEqual(0.1);
      expect(overlap).toBeLessThanOrEqual(0.2);
    }
  });

  it('a projector yawed 0.5° misregisters by more than 5 painting px, in its own two zones only', () => {
    const bumped = structuredClone(dbp);
    bumped.projectors[3]!.pose.yawDeg += 0.5;
    const m = measureHall(inst, blend, new Installation(bumped));
    expect(m.misregistrationPx.max).toBeGreaterThan(5);
    const bad = m.zones.filter((z) => z.misregistrationPx.max > 1).map((z) => z.zone).sort();
    expect(bad).toEqual(['P03|P04', 'P04|P05']);
    // Hand check: 0.5° of azimuth at the wall is 2π·21 m × 0.5/360 ≈ 0.183 m; the painting has 65536 px
    // round 131.9 m, so ≈ 91 px, less a little because P04 turns about its own lens, 0.5 m off the axis.
    const expected = ((0.5 / 360) * 65536 * (21 - 0.5)) / 21;
    expect(m.zones[0]!.misregistrationPx.median).toBeGreaterThan(expected * 0.95);
    expect(m.zones[0]!.misregistrationPx.median).toBeLessThan(expected * 1.05);
    expect(m.uniformityMaxDevPct).toBeGreaterThan(5);
  });

  it('preview-3 (a partial arc) is covered and seamless too', () => {
    const p3 = new Installation(shipped('preview-3'));
    const m = measureHall(p3, computeBlend(p3), p3);
    expect(m.coverage).toBeGreaterThanOrEqual(0.999);
    expect(m.uniformityMaxDevPct).toBeLessThanOrEqual(1.0);
    expect(m.zones.map((z) => z.zone)).toEqual(expect.arrayContaining(['P01|P02', 'P02|P03']));
    expect(m.zones).toHaveLength(2);
  });
});
