import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { scaleProfile } from './scaleProfile.ts';

function load(name: string): Profile {
  const r = parseProfileValue(JSON.parse(readFileSync(new URL(`../../calibration/profiles/${name}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.value;
}

describe('scaleProfile', () => {
  it('keeps every pixel on the same wall point: a scaled pixel sees what the real block of pixels sees', () => {
    const real = load('dien-bien-phu');
    const small = scaleProfile(real, 480);
    expect(parseProfileValue(small).ok).toBe(true);
    const a = new Installation(real);
    const b = new Installation(small);
    for (const p of real.projectors.slice(0, 3)) {
      const pa = a.projector(p.id);
      const pb = b.projector(p.id);
      expect(Math.max(pb.width, pb.height)).toBe(480);
      for (const [fx, fy] of [[0.1, 0.2], [0.5, 0.5], [0.93, 0.71]] as const) {
        const ha = a.pixelToWall(pa, fx * pa.width, fy * pa.height)!;
        const hb = b.pixelToWall(pb, fx * pb.width, fy * pb.height)!;
        expect(hb.point[0]).toBeCloseTo(ha.point[0], 6);
        expect(hb.point[1]).toBeCloseTo(ha.point[1], 6);
        expect(hb.point[2]).toBeCloseTo(ha.point[2], 6);
      }
    }
  });

  it('scales focal lengths in pixels, warp offsets and blend ramps, and leaves small projectors alone', () => {
    const base = load('preview-3');
    const p0 = base.projectors[0]!;
    const custom: Profile = {
      ...base,
      projectors: [{ ...p0, lens: { ...p0.lens, throwRatio: undefined, focalPx: 1318.4 }, warp: { cols: 2, rows: 2, offsetsPx: [[10, -4], [0, 0], [0, 0], [-8, 2]] }, blend: { ...p0.blend, rampPx: 100 } }, ...base.projectors.slice(1)],
    };
    const s = scaleProfile(custom, 320);
    const q = s.projectors[0]!;
    expect(q.resolution).toEqual({ width: 320, height: 200 });
    expect(q.lens.focalPx).toBeCloseTo(329.6, 9);
    expect(q.warp!.offsetsPx[0]).toEqual([2.5, -1]);
    expect(q.blend!.rampPx).toBeCloseTo(25, 9);
    expect(scaleProfile(base, 4096)).toEqual(base);
    expect(() => scaleProfile(base, 8)).toThrow(/maxSidePx/);
  });
});
