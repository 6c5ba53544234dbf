import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { computeBlend, sampleBlendCount, sampleBlendWeight, type Blend } from '../../core/blend/computeBlend.ts';
import { encodeGamma, upliftDrive } from '../../core/blend/blendCurve.ts';
import { Installation } from '../../core/geometry/Installation.ts';
import type { Profile, ProjectorConfig } from '../../core/profile/profileSchema.ts';
import { WarpGrid } from '../../core/warp/WarpGrid.ts';
import { OutputPass } from './OutputPass.ts';
import { namedPattern } from './outputPattern.ts';
import { H, W, readTopDown, testProfile, testRenderer } from '../../../tests/support/outputPassKit.ts';

const profile = (warp?: ProjectorConfig['warp']): Profile => testProfile(warp ? { warp } : {});
const renderer = testRenderer;

function setup(warp?: ProjectorConfig['warp']) {
  const prof = profile(warp);
  const inst = new Installation(prof);
  const blend: Blend = computeBlend(inst, { stepPx: 4 });
  const index = 1;
  const p = inst.projectors[index]!;
  const r = renderer();
  const pass = new OutputPass(inst, p, prof.projectors[index]!, blend.maps[index]!, blend.maxOverlap, { dither: false });
  return { prof, inst, blend, p, r, pass, map: blend.maps[index]! };
}

/** Content over the whole painting: white where 0.45 ≤ u < 0.55, black elsewhere (nearest filtering). */
const BAND_TW = 2048;
function bandTexture(): THREE.DataTexture {
  const data = new Float32Array(BAND_TW * 4 * 4);
  for (let row = 0; row < 4; row++) for (let i = 0; i < BAND_TW; i++) {
    const u = (i + 0.5) / BAND_TW;
    const v = u >= 0.45 && u < 0.55 ? 1 : 0;
    data.set([v, v, v, 1], (row * BAND_TW + i) * 4);
  }
  const tex = new THREE.DataTexture(data, BAND_TW, 4, THREE.RGBAFormat, THREE.FloatType);
  tex.magFilter = THREE.NearestFilter;
  tex.minFilter = THREE.NearestFilter;
  tex.needsUpdate = true;
  return tex;
}

/** Pixels the model says the band lights (lit), does not (off), and where the pass disagrees; band and wall edges skipped. */
function bandAgreement(inst: Installation, p: Installation['projectors'][number], px: Uint8Array): { lit: number; off: number; mismatches: number } {
  let lit = 0;
  let off = 0;
  let mismatches = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const hit = inst.pixelToWall(p, x + 0.5, y + 0.5);
    if (!hit) continue;
    const near = Math.min(Math.abs(hit.u - 0.45), Math.abs(hit.u - 0.55)) < 1 / BAND_TW || Math.min(Math.abs(hit.v), Math.abs(1 - hit.v)) < 0.004;
    if (near) continue;
    const expected = hit.onWall && hit.u >= 0.45 && hit.u < 0.55;
    if (expected) lit++;
    else off++;
    if (expected !== px[(y * W + x) * 4]! > 128) mismatches++;
  }
  return { lit, off, mismatches };
}

describe('output pass (WebGL2) against the pure model', () => {
  it('flat white: blend ramps, black-level uplift and gamma match the pure maths within 1/255', () => {
    const { inst, blend, p, r, pass, map } = setup();
    pass.setPattern(namedPattern('white'));
    pass.render(r);
    const px = readTopDown(r);
    let worst = 0;
    let compared = 0;
    let ramp = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const cx = x + 0.5;
        const cy = y + 0.5;
        const hit = inst.pixelToWall(p, cx, cy);
        if (!hit) continue;
        // Skip pixels straddling the wall edge, where float32 and float64 may disagree on "on the wall".
        const edge = Math.min(Math.abs(hit.v), Math.abs(1 - hit.v), Math.abs(hit.u), Math.abs(1 - hit.u));
        if (edge < 0.004) continue;
        const w = sampleBlendWeight(map, cx, cy);
        const n = Math.max(sampleBlendCount(map, cx, cy), 1);
        const expected = hit.onWall ? encodeGamma(upliftDrive(1, w, n, blend.maxOverlap, 0.002), 2.2) * 255 : 0;
        const got = px[(y * W + x) * 4]!;
        worst = Math.max(worst, Math.abs(got - expected));
        compared++;
        if (w > 0.05 && w < 0.95) ramp++;
      }
    }
    expect(compared).toBeGreaterThan(W * H * 0.5);
    expect(ramp).toBeGreaterThan(1000); // the comparison really crosses the blend ramps
    expect(worst).toBeLessThanOrEqual(1);
    pass.dispose();
    r.dispose();
  });

  it('content lands where the model says: a band of painting space lights exactly its pixels', () => {
    const { inst, p, r, pass } = setup();
    const tex = bandTexture();
    pass.setContent(tex, { u0: 0, u1: 1, v0: 0, v1: 1 });
    pass.setOptions({ blend: false });
    pass.render(r);
    const { lit, mismatches } = bandAgreement(inst, p, readTopDown(r));
    expect(lit).toBeGreaterThan(3000);
    expect(mismatches).toBe(0);
    tex.dispose();
    pass.dispose();
    r.dispose();
  });

  it('a flat wall (the plane variant of the shader): a band of painting space lights exactly its pixels', () => {
    const prof = {
      schemaVersion: 1,
      id: 'flat',
      hall: { surface: { type: 'plane', originM: [-4, 0.5, 5], widthM: 8, heightM: 4, yawDeg: 0 }, eyeM: [0, 1.6, 0] },
      content: { widthPx: 4096, heightPx: 2048 },
      projectors: [{ id: 'P1', resolution: { width: W, height: H }, lens: { throwRatio: 1.2, shiftY: 0.05, k1: -0.02 }, pose: { positionM: [0, 2.5, 0], yawDeg: 90, pitchDeg: 0, rollDeg: 0 } }],
    } as unknown as Profile;
    const inst = new Installation(prof);
    const p = inst.projectors[0]!;
    const blend = computeBlend(inst, { stepPx: 4 });
    const r = renderer();
    const pass = new OutputPass(inst, p, prof.projectors[0]!, blend.maps[0]!, blend.maxOverlap, { dither: false });
    const tex = bandTexture();
    pass.setContent(tex, { u0: 0, u1: 1, v0: 0, v1: 1 });
    pass.setOptions({ blend: false });
    pass.render(r);
    const { lit, off, mismatches } = bandAgreement(inst, p, readTopDown(r));
    expect(lit).toBeGreaterThan(3000);
    expect(off).toBeGreaterThan(3000);
    expect(mismatches).toBe(0);
    tex.dispose();
    pass.dispose();
    r.dispose();
  });

  it('keeps one compiled variant per kind of drawing: a pattern and back to the show compile nothing new', () => {
    const { r, pass } = setup();
    pass.render(r);
    pass.setPattern(namedPattern('grid'));
    pass.render(r);
    pass.setPattern(namedPattern('content'));
    pass.render(r);
    const programs = r.info.programs?.length ?? 0;
    pass.setPattern(namedPattern('grid'));
    pass.render(r);
    pass.setPattern(namedPattern('content'));
    pass.render(r);
    expect(programs).toBe(2);
    expect(r.info.programs?.length).toBe(programs);
    pass.dispose();
    r.dispose();
  });

  it('an identity warp grid changes nothing; one moved point moves the image by its offset', () => {
    const base = setup();
    base.pass.setPattern(namedPattern('crosshair'));
    base.pass.setOptions({ blend: false });
    base.pass.render(base.r);
    const plain = readTopDown(base.r);

    const zeros: [number, number][] = Array.from({ length: 81 }, () => [0, 0]);
    const ident = setup({ cols: 9, rows: 9, offsetsPx: zeros });
    ident.pass.setPattern(namedPattern('crosshair'));
    ident.pass.setOptions({ blend: false });
    ident.pass.render(ident.r);
    expect(readTopDown(ident.r)).toEqual(plain);

    const moved = zeros.map((o) => [...o] as [number, number]);
    moved[4 * 9 + 4] = [8, -6]; // the centre control point, (160, 100)
    const m = setup({ cols: 9, rows: 9, offsetsPx: moved });
    m.pass.setPattern(namedPattern('crosshair'));
    m.pass.setOptions({ blend: false });
    m.pass.render(m.r);
    const px = readTopDown(m.r);
    const grid = new WarpGrid(W, H, { cols: 9, rows: 9, offsetsPx: moved });
    const litAt = (x: number, y: number) => px[(y * W + x) * 4]! > 128;
    // The crosshair centre (160, 100) of the unwarped image now shows at (168, 94).
    expect(litAt(167, 93) || litAt(168, 94)).toBe(true);
    let mismatches = 0;
    for (let y = 60; y < 140; y++) for (let x = 110; x < 210; x++) {
      const [qx, qy] = grid.unwarp(x + 0.5, y + 0.5);
      const dx = Math.abs(qx - W / 2);
      const dy = Math.abs(qy - H / 2);
      if (Math.abs(dx - 1.5) < 0.02 || Math.abs(dy - 1.5) < 0.02) continue;
      const ring = Math.abs(Math.hypot(qx - W / 2, qy - H / 2) - H * 0.25);
      if (Math.abs(ring - 1.5) < 0.02) continue;
      const expected = dx < 1.5 || dy < 1.5 || ring < 1.5;
      if (expected !== litAt(x, y)) mismatches++;
    }
    expect(mismatches).toBe(0);
    for (const s of [base, ident, m]) {
      s.pass.dispose();
      s.r.dispose();
    }
  });
});
