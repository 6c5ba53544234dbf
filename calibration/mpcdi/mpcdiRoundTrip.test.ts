import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGamma } from '../../engine/core/blend/blendCurve.ts';
import { computeBlend, sampleBlendWeight, type Blend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { intrinsicsOfFrustum } from './frustum.ts';
import { mpcdiToProfile } from './mpcdiToProfile.ts';
import { profileToMpcdi } from './profileToMpcdi.ts';
import { readMpcdi } from './readMpcdi.ts';
import { writeMpcdi } from './writeMpcdi.ts';

const root = resolve(import.meta.dirname, '../..');

function shipped(name: string): Profile {
  const r = parseProfileText(readFileSync(join(root, 'calibration/profiles', `${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.value;
}

/** Largest distance between where two installations put a dense grid of painting points, and how many pairs were compared. */
function uvToPixelError(a: Profile, b: Profile, vMin = 0, vMax = 1): { maxPx: number; pairs: number; missing: number } {
  const ia = new Installation(a);
  const ib = new Installation(b);
  let maxPx = 0;
  let pairs = 0;
  let missing = 0;
  for (let j = 0; j <= 40; j++) {
    const v = vMin + ((vMax - vMin) * j) / 40;
    for (let i = 0; i < 400; i++) {
      const u = i / 400;
      const hb = ib.uvToPixels(u, v);
      for (const h of ia.uvToPixels(u, v)) {
        const g = hb.find((q) => q.projectorId === h.projectorId);
        // A point right on an image edge may fall just outside the other; anything further in must be found.
        if (!g) {
          if (ia.projector(h.projectorId).borderDistance(h.x, h.y) > 0.1) missing++;
          continue;
        }
        pairs++;
        maxPx = Math.max(maxPx, Math.hypot(g.x - h.x, g.y - h.y));
      }
    }
  }
  return { maxPx, pairs, missing };
}

/** Largest difference between two blends' weights at every blend-map sample. */
function blendDifference(a: Blend, b: Blend): number {
  let max = 0;
  a.maps.forEach((m, k) => {
    const m2 = b.maps[k]!;
    expect(m2.projectorId).toBe(m.projectorId);
    for (let j = 0; j < m.gridH; j++) {
      for (let i = 0; i < m.gridW; i++) {
        const x = (i * m.width) / (m.gridW - 1);
        const y = (j * m.height) / (m.gridH - 1);
        max = Math.max(max, Math.abs(sampleBlendWeight(m2, x, y) - sampleBlendWeight(m, x, y)));
      }
    }
  });
  return max;
}

const cache = new Map<string, { profile: Profile; blend: Blend }>();
beforeAll(() => {
  for (const name of ['preview-3', 'dien-bien-phu']) {
    const profile = shipped(name);
    cache.set(name, { profile, blend: computeBlend(new Installation(profile)) });
  }
}, 300_000);

describe.each([
  ['preview-3', '2d'],
  ['preview-3', 'a3'],
  ['dien-bien-phu', '2d'],
  ['dien-bien-phu', 'a3'],
] as const)('round trip of %s as %s', (name, kind) => {
  it('export, write, read, import onto the same base: every projector within 0.1 px on a dense grid, blend alpha within 1/255', () => {
    const { profile, blend } = cache.get(name)!;
    const exported = profileToMpcdi(profile, blend, { kind });
    const bytes = writeMpcdi(exported.document, { date: '2026-11-29 18:00:00' });
    const { document, warnings } = readMpcdi(bytes);
    expect(document.profile).toBe(kind);
    expect(document.regions.map((r) => r.id)).toEqual(profile.projectors.map((p) => p.id));
    if (kind === '2d') expect(warnings.filter((w) => w.code === 'warpDirection').every((w) => / an inverse warp/.test(w.message))).toBe(true);

    // The alpha map is the blend weight encoded with the blend gamma, at each map pixel's centre.
    document.regions.forEach((r, k) => {
      const map = blend.maps[k]!;
      expect(r.alphaGamma).toBe(profile.projectors[k]!.blend?.gamma ?? 2.2);
      const a = r.alpha!;
      let worst = 0;
      for (let j = 0; j < a.height; j += 3) {
        for (let i = 0; i < a.width; i += 3) {
          const w = sampleBlendWeight(map, ((i + 0.5) * r.xResolution) / a.width, ((j + 0.5) * r.yResolution) / a.height);
          worst = Math.max(worst, Math.abs(a.data[j * a.width + i]! - encodeGamma(w, r.alphaGamma)), Math.abs(a.data[j * a.width + i]! ** r.alphaGamma - w));
        }
      }
      expect(worst).toBeLessThanOrEqual(1 / 255);
    });

    const imported = mpcdiToProfile(document, profile);
    expect(imported.regions.map((r) => [r.regionId, r.projectorId, r.matchedBy])).toEqual(profile.projectors.map((p) => [p.id, p.id, 'id']));
    for (const r of imported.regions) expect(r.maxPx).toBeLessThan(0.01);
    const err = uvToPixelError(profile, imported.profile);
    expect(err.missing).toBe(0);
    expect(err.pairs).toBeGreaterThan(10_000);
    expect(err.maxPx).toBeLessThan(0.1);
    expect(blendDifference(blend, computeBlend(new Installation(imported.profile)))).toBeLessThanOrEqual(1 / 255);
  }, 480_000);
});

describe('export details', () => {
  it('a region across the seam of the 360° wall keeps unwrapped u (x + xSize > 1) and says so', () => {
    const { profile, blend } = cache.get('dien-bien-phu')!;
    const { document, warnings } = profileToMpcdi(profile, blend, { kind: '2d', gridStepPx: 64 });
    const p01 = document.regions.find((r) => r.id === 'P01')!;
    expect(p01.x).toBeGreaterThan(0.9);
    expect(p01.x + p01.xSize).toBeGreaterThan(1);
    expect(warnings.filter((w) => w.code === 'seam').map((w) => w.message)).toEqual([expect.stringMatching(/^region P01 straddles the painting's seam/)]);
    for (const r of document.regions.filter((q) => q.id !== 'P01')) expect(r.x + r.xSize).toBeLessThanOrEqual(1);
  });

  it('a3 frustum: yaw and pitch as the profile, roll negated, angles giving back focal length and principal point', () => {
    const { profile, blend } = cache.get('preview-3')!;
    const { document } = profileToMpcdi(profile, blend, { kind: 'a3', gridStepPx: 64 });
    const p = profile.projectors[0]!;
    const r = document.regions[0]!;
    expect(r.frustum!.yawDeg).toBe(p.pose.yawDeg);
    expect(r.frustum!.pitchDeg).toBe(p.pose.pitchDeg);
    const f = 1.03 * 1280;
    expect(r.frustum!.leftDeg).toBeCloseTo((-Math.atan(640 / f) * 180) / Math.PI, 10);
    expect(r.frustum!.upDeg).toBeCloseTo((Math.atan(400 / f) * 180) / Math.PI, 10);
    const k = intrinsicsOfFrustum(r.frustum!, 1280);
    expect(k.focalPx).toBeCloseTo(f, 8);
    expect(k.cx).toBeCloseTo(640, 8);
    expect(k.cy).toBeCloseTo(400, 8);
    expect(r.coordinateFrame!.pos).toEqual(p.pose.positionM);
    // The warp holds wall points on the cylinder (radius 4 m).
    const d = r.warp.data;
    const mid = ((r.warp.rows >> 1) * r.warp.cols + (r.warp.cols >> 1)) * 3;
    expect(Math.hypot(d[mid]!, d[mid + 2]!)).toBeCloseTo(4, 4);
  });
});

describe('import onto a different base', () => {
  it('recovers bumped poses and a fine warp and lens distortion the base lacks (0.1 px inside the wall)', () => {
    const { profile } = cache.get('preview-3')!;
    const truth: Profile = structuredClone(profile);
    truth.projectors[1]!.warp = { cols: 5, rows: 4, offsetsPx: Array.from({ length: 20 }, (_, k) => [((k * 37) % 7) - 3, ((k * 53) % 5) - 2] as [number, number]) };
    truth.projectors[2]!.lens = { ...truth.projectors[2]!.lens, k1: 0.04 };
    const base: Profile = structuredClone(profile);
    for (const p of base.projectors) {
      p.pose.yawDeg += 2;
      p.pose.pitchDeg -= 1;
      p.lens = { ...p.lens, throwRatio: 1.1 };
    }
    base.projectors.reverse();
    const blend = computeBlend(new Installation(truth));
    const { document } = readMpcdi(writeMpcdi(profileToMpcdi(truth, blend, { kind: '2d' }).document));
    const imported = mpcdiToProfile(document, base);
    // Matched by id, whatever the order in the base.
    expect(imported.profile.projectors.map((p) => p.id)).toEqual(['P03', 'P02', 'P01']);
    const fits = new Map(imported.regions.map((r) => [r.projectorId, r]));
    expect(fits.get('P01')!.warpGrid).toBeNull();
    expect(fits.get('P02')!.warpGrid).not.toBeNull();
    expect(fits.get('P03')!.warpGrid).not.toBeNull();
    for (const r of imported.regions) expect(r.maxPx).toBeLessThan(0.05);
    const p01 = imported.profile.projectors.find((p) => p.id === 'P01')!;
    expect(p01.pose.yawDeg).toBeCloseTo(profile.projectors[0]!.pose.yawDeg, 6);
    expect(p01.lens.focalPx).toBeCloseTo(1.03 * 1280, 4);
    // The painted wall's top and bottom rows sit between a lit and an empty (NaN) warp sample, where the
    // fitted spline is least constrained: compare inside them.
    const err = uvToPixelError({ ...truth, projectors: truth.projectors }, imported.profile, 0.02, 0.98);
    expect(err.missing).toBe(0);
    expect(err.maxPx).toBeLessThan(0.1);
  }, 480_000);
});
