import { describe, expect, it } from 'vitest';
import { Installation } from '../geometry/Installation.ts';
import type { Profile, ProjectorConfig } from '../profile/profileSchema.ts';
import { bourkeCurve, encodeGamma, upliftDrive } from './blendCurve.ts';
import { computeBlend, sampleBlendWeight } from './computeBlend.ts';

function ring(n: number, spanDeg = 360, overlapYaw = 0 /* degrees added to every yaw */): Installation {
  const projectors: ProjectorConfig[] = Array.from({ length: n }, (_, i) => {
    const yaw = spanDeg >= 360 ? (i * 360) / n + 30 : 30 + i * 60 + overlapYaw;
    const a = (yaw * Math.PI) / 180;
    return { id: `P${i}`, resolution: { width: 640, height: 400 }, lens: { throwRatio: 0.75 }, pose: { positionM: [0.3 * Math.cos(a), 3, 0.3 * Math.sin(a)], yawDeg: yaw, pitchDeg: 0, rollDeg: 0 } } as ProjectorConfig;
  });
  return new Installation({ schemaVersion: 1, id: 'r', hall: { surface: { type: 'cylinder', radiusM: 6, bottomM: 1, topM: 5, spanDeg }, eyeM: [0, 1.6, 0] }, content: { widthPx: 4096, heightPx: 512 }, projectors } as Profile);
}

describe('blend curve', () => {
  it('Bourke curve: f(x) + f(1 − x) = 1 for a = ½ and any p', () => {
    for (const p of [1, 2, 3.5]) for (const x of [0, 0.1, 0.3, 0.5, 0.77, 1]) expect(bourkeCurve(x, 0.5, p) + bourkeCurve(1 - x, 0.5, p)).toBeCloseTo(1, 12);
    expect(bourkeCurve(0.25, 0.5, 2)).toBeCloseTo(0.125, 12);
  });

  it('gamma: a 2.2 projector needs w^(1/2.2); without it the seam centre is ~0.44 bright', () => {
    expect(encodeGamma(0.5, 2.2) ** 2.2).toBeCloseTo(0.5, 12);
    expect(2 * 0.5 ** 2.2).toBeCloseTo(0.435, 3);
  });

  it('black-level uplift makes black and white uniform whatever the overlap', () => {
    const beta = 0.002;
    const N = 3;
    for (const c of [0, 0.5, 1]) {
      const seen = [1, 2, 3].map((n) => {
        const w = 1 / n;
        let light = 0;
        for (let k = 0; k < n; k++) light += beta + (1 - beta) * upliftDrive(c, w, n, N, beta);
        return light;
      });
      for (const s of seen) expect(s).toBeCloseTo(N * beta + (1 - N * beta) * c, 12);
    }
  });
});

describe('computeBlend', () => {
  it('weights sum to 1 on every wall point of a full ring, round the 360° seam', () => {
    const inst = ring(6);
    // This ring overlaps by only ~48 px; bilinear sampling error grows as (step / ramp)², so sample finely.
    const blend = computeBlend(inst, { stepPx: 2 });
    expect(blend.maxOverlap).toBe(2);
    let worst = 0;
    let seamChecked = 0;
    for (let k = 0; k < 4000; k++) {
      const u = (k * 0.6180339887) % 1;
      const v = 0.02 + ((k * 0.7548776662) % 1) * 0.96;
      const hits = inst.uvToPixels(u, v);
      expect(hits.length, `u=${u} v=${v}`).toBeGreaterThan(0);
      if (hits.length > 1 && (u < 0.05 || u > 0.95)) seamChecked++;
      const sum = hits.reduce((s, h) => s + sampleBlendWeight(blend.maps.find((m) => m.projectorId === h.projectorId)!, h.x, h.y), 0);
      worst = Math.max(worst, Math.abs(sum - 1));
    }
    expect(seamChecked).toBeGreaterThan(10);
    expect(worst).toBeLessThan(0.005);
  });

  it('ramps smoothly from 0 at one projector\'s border to 1 where the other ends', () => {
    const inst = ring(6);
    const blend = computeBlend(inst, { stepPx: 4 });
    const m = blend.maps[0]!;
    const row = Math.floor(m.gridH / 2);
    const w = Array.from({ length: m.gridW }, (_, i) => m.weight[row * m.gridW + i]!);
    expect(w[0]).toBe(0);
    expect(w[Math.floor(m.gridW / 2)]).toBe(1);
    // Monotonic across the left overlap.
    for (let i = 1; i < m.gridW / 2; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]! - 1e-7);
  });

  it('a lone projector and a partial arc: weight 1 where nobody overlaps', () => {
    const inst = ring(3, 180);
    const blend = computeBlend(inst);
    const m = blend.maps[1]!;
    expect(m.weight[Math.floor(m.gridH / 2) * m.gridW + Math.floor(m.gridW / 2)]).toBe(1);
  });
});
