import { afterAll, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { LightLayerState } from '../../core/timeline/FrameState.ts';
import type { Region } from '../../core/show/showSchema.ts';
import { hashString } from '../../core/timeline/noise.ts';
import { ContentCompositor, type ContentRegion } from './ContentCompositor.ts';
import { ASPECT, columnAt, discProfile, frame, light, makeHarness, rgb, rowAt, texelU, texelV } from '../../../tests/support/contentCompositorKit.ts';

const W = 256;
const H = 64;
const h = makeHarness(W, H);
const noAssets = { image: () => null };
const tol = (expected: number) => (h.type === THREE.FloatType ? 1e-4 : 2e-3) * (1 + Math.abs(expected));
const compositors: ContentCompositor[] = [];

function compositor(wrapsU: boolean, regions: Region[] = []): ContentCompositor {
  const c = new ContentCompositor(h.renderer, { regions, aspect: ASPECT, wrapsU, assets: noAssets });
  compositors.push(c);
  return c;
}

function draw(c: ContentCompositor, layers: LightLayerState[], view: ContentRegion): Float32Array {
  c.render(frame(layers), view, h.target);
  return h.read();
}

/** Shortest u difference on a round wall. */
const wrapDu = (du: number) => du - Math.floor(du + 0.5);

afterAll(() => {
  for (const c of compositors) c.dispose();
  h.dispose();
});

describe('ContentCompositor: light layers', () => {
  it('renders into a float target that blends (EXT_color_buffer_float, and EXT_float_blend for 32-bit)', () => {
    expect(h.renderer.extensions.has('EXT_color_buffer_float'), 'float render targets are required').toBe(true);
    expect([THREE.FloatType, THREE.HalfFloatType]).toContain(h.type);
  });

  it('a wash is colour × intensity × gain everywhere, alpha 1', () => {
    const view = { u0: 0, u1: 1, v0: 0, v1: 1 };
    const buf = draw(compositor(false), [light('wash', { color: [0.8, 0.5, 0.25], intensity: 2 }, { gain: 0.75 })], view);
    const expected = [1.2, 0.75, 0.375];
    for (let i = 0; i < W * H; i++) {
      for (let c = 0; c < 3; c++) expect(Math.abs(buf[i * 4 + c]! - expected[c]!)).toBeLessThanOrEqual(tol(expected[c]!));
      expect(buf[i * 4 + 3]).toBe(1);
    }
  });

  it('a hard spot is full inside its radius and zero outside, round in wall heights (u-extent = radius / aspect)', () => {
    const view = { u0: 0.45, u1: 0.55, v0: 0.3, v1: 0.7 };
    const r = 0.1;
    const buf = draw(compositor(false), [light('spot', { center: [0.5, 0.5], radius: r, softness: 0, color: [1, 1, 1], intensity: 1 })], view);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const d = Math.hypot((texelU(view, W, x) - 0.5) * ASPECT, texelV(view, H, y) - 0.5);
        const v = rgb(buf, W, x, y)[0];
        if (d < r - 1e-4) expect(v).toBeCloseTo(1, 3);
        if (d > r + 1e-4) expect(v).toBe(0);
      }
    }
    const row = rowAt(view, H, 0.5);
    const lit = [...Array(W).keys()].filter((x) => rgb(buf, W, x, row)[0] > 0.5);
    const du = (view.u1 - view.u0) / W;
    expect(Math.abs(lit.length * du - (2 * r) / ASPECT)).toBeLessThanOrEqual(2 * du);
    const col = columnAt(view, W, 0.5);
    const litRows = [...Array(H).keys()].filter((y) => rgb(buf, W, col, y)[0] > 0.5);
    const dv = (view.v1 - view.v0) / H;
    expect(Math.abs(litRows.length * dv - 2 * r)).toBeLessThanOrEqual(2 * dv);
  });

  it('a soft spot follows the smoothstep profile from radius·(1 − softness) to radius', () => {
    const view = { u0: 0.45, u1: 0.55, v0: 0.3, v1: 0.7 };
    const buf = draw(compositor(false), [light('spot', { center: [0.5, 0.5], radius: 0.15, softness: 0.6, color: [0.5, 1, 2], intensity: 3 }, { gain: 0.5 })], view);
    for (let y = 0; y < H; y += 3) {
      for (let x = 0; x < W; x += 3) {
        const p = discProfile(Math.hypot((texelU(view, W, x) - 0.5) * ASPECT, texelV(view, H, y) - 0.5), 0.15, 0.6);
        const [red, green, blue] = rgb(buf, W, x, y);
        expect(Math.abs(red - 0.75 * p)).toBeLessThanOrEqual(2e-3);
        expect(Math.abs(green - 1.5 * p)).toBeLessThanOrEqual(3e-3);
        expect(Math.abs(blue - 3 * p)).toBeLessThanOrEqual(6e-3);
      }
    }
  });

  it('on a round wall a spot at u = 0.99 lights [0.95, 1.05] symmetrically across 1.0, and u = 0.01', () => {
    const spot = light('spot', { center: [0.99, 0.5], radius: 0.2, softness: 0.5, color: [1, 1, 1], intensity: 1 });
    const view = { u0: 0.95, u1: 1.05, v0: 0.3, v1: 0.7 };
    const buf = draw(compositor(true), [spot], view);
    const row = rowAt(view, H, 0.5);
    let sum = 0;
    let moment = 0;
    for (let x = 0; x < W; x++) {
      const u = texelU(view, W, x);
      const expected = discProfile(Math.hypot(wrapDu(u - 0.99) * ASPECT, texelV(view, H, row) - 0.5), 0.2, 0.5);
      const v = rgb(buf, W, x, row)[0];
      expect(Math.abs(v - expected)).toBeLessThanOrEqual(2e-3);
      sum += v;
      moment += v * u;
    }
    expect(moment / sum).toBeCloseTo(0.99, 4);
    expect(rgb(buf, W, columnAt(view, W, 1.01), row)[0]).toBeGreaterThan(0.5);

    const past = { u0: 0, u1: 0.1, v0: 0.3, v1: 0.7 };
    const wrapped = draw(compositor(true), [spot], past);
    const at001 = rgb(wrapped, W, columnAt(past, W, 0.01), row)[0];
    expect(at001).toBeGreaterThan(0.5);
    expect(Math.abs(at001 - discProfile(Math.hypot(0.02 * ASPECT, texelV(past, H, row) - 0.5), 0.2, 0.5))).toBeLessThan(0.02);
    const flat = draw(compositor(false), [spot], past);
    expect(Math.max(...flat.filter((_, i) => i % 4 !== 3))).toBe(0);
  });

  it('add, multiply and max compose in layer order', () => {
    const view = { u0: 0, u1: 1, v0: 0, v1: 1 };
    const layers = [
      light('wash', { color: [0.5, 0.5, 0.5], intensity: 1 }, { blend: 'add' }),
      light('wash', { color: [1, 0.5, 0.25], intensity: 1 }, { blend: 'multiply' }),
      light('wash', { color: [0.3, 0.3, 0.3], intensity: 1 }, { blend: 'max' }),
      light('wash', { color: [0.1, 0, 0.2], intensity: 1 }, { blend: 'add' }),
    ];
    const c = compositor(false);
    const check = (buf: Float32Array, expected: number[]) => {
      for (const [x, y] of [[0, 0], [100, 30], [W - 1, H - 1]] as const) {
        rgb(buf, W, x, y).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tol(expected[i]!)));
      }
    };
    check(draw(c, layers, view), [0.6, 0.3, 0.5]);
    check(draw(c, [...layers].reverse(), view), [0.8, 0.65, 0.575]);
  });

  it('a multiply spot keeps the light inside its disc and darkens outside it (dst × src)', () => {
    const view = { u0: 0.45, u1: 0.55, v0: 0.3, v1: 0.7 };
    const buf = draw(compositor(false), [
      light('wash', { color: [2, 2, 2], intensity: 1 }),
      light('spot', { center: [0.5, 0.5], radius: 0.1, softness: 0, color: [1, 1, 1], intensity: 1 }, { blend: 'multiply' }),
    ], view);
    expect(rgb(buf, W, columnAt(view, W, 0.5), rowAt(view, H, 0.5))[0]).toBeCloseTo(2, 3);
    expect(rgb(buf, W, 0, 0)[0]).toBe(0);
  });

  describe('region masks', () => {
    const view = { u0: 0.3, u1: 0.7, v0: 0.2, v1: 0.8 };
    // Put the polygon's edges on texel centres, so the edge texels sample the mask's 0.5 line.
    const uL = texelU(view, W, 64), uR = texelU(view, W, 192), vB = texelV(view, H, 10), vT = texelV(view, H, 53);
    const square: Region = { id: 'sq', polygon: [[uL, vB], [uR, vB], [uR, vT], [uL, vT]], featherV: 0.02 };

    it('are ~1 inside a square polygon, ~0 well outside, ~0.5 on the edge, feathered in wall heights', () => {
      const buf = draw(compositor(false, [square]), [light('wash', { color: [1, 1, 1], intensity: 2 }, { region: 'sq' })], view);
      const mid = rowAt(view, H, 0.5);
      expect(rgb(buf, W, 128, mid)[0]).toBeCloseTo(2, 2);
      expect(rgb(buf, W, 192, mid)[0]).toBeCloseTo(1, 1);
      expect(rgb(buf, W, 64, mid)[0]).toBeCloseTo(1, 1);
      expect(rgb(buf, W, 128, 10)[0]).toBeCloseTo(1, 1);
      expect(rgb(buf, W, 128, 53)[0]).toBeCloseTo(1, 1);
      // 0.02 wall heights (a full feather) is 0.02 / aspect in u: about 2 texels here.
      const du = 0.02 / ASPECT;
      expect(rgb(buf, W, columnAt(view, W, uR - du), mid)[0]).toBeGreaterThan(1.95);
      expect(rgb(buf, W, columnAt(view, W, uR + du), mid)[0]).toBeLessThan(0.05);
      expect(rgb(buf, W, 10, mid)[0]).toBe(0);
      expect(rgb(buf, W, 128, H - 2)[0]).toBe(0);
    });

    it('treat an unknown region as an empty mask: nothing added, nothing multiplied away', () => {
      const buf = draw(compositor(false, [square]), [
        light('wash', { color: [0.5, 0.5, 0.5], intensity: 1 }),
        light('wash', { color: [1, 1, 1], intensity: 1 }, { region: 'nope' }),
        light('wash', { color: [0, 0, 0], intensity: 1 }, { region: 'nope', blend: 'multiply' }),
      ], view);
      expect(rgb(buf, W, 128, 32)[0]).toBeCloseTo(0.5, 3);
    });

    it('follow a polygon across the seam of a round wall', () => {
      const seam: Region = { id: 'seam', polygon: [[0.97, 0.2], [1.03, 0.2], [1.03, 0.8], [0.97, 0.8]] };
      const past = { u0: 0, u1: 0.1, v0: 0.2, v1: 0.8 };
      const buf = draw(compositor(true, [seam]), [light('wash', { color: [1, 1, 1], intensity: 1 }, { region: 'seam' })], past);
      expect(rgb(buf, W, columnAt(past, W, 0.01), 32)[0]).toBeCloseTo(1, 2);
      expect(rgb(buf, W, columnAt(past, W, 0.05), 32)[0]).toBe(0);
    });
  });

  it('a searchlight lights along its true angle on the wall, fades at its length, and is dark behind the origin', () => {
    const view = { u0: 0.4, u1: 0.6, v0: 0, v1: 1 };
    const o = [0.5, 0.1] as const;
    const a = (60 * Math.PI) / 180;
    const beam = light('searchlight', { origin: [...o], angleDeg: 60, widthDeg: 10, length: 0.6, softness: 0.2, color: [1, 1, 1], intensity: 1 });
    const buf = draw(compositor(false), [beam], view);
    const at = (u: number, v: number) => rgb(buf, W, columnAt(view, W, u), rowAt(view, H, v))[0];
    // Along the beam, in wall heights: du = s·cos(a) / aspect, dv = s·sin(a).
    for (const s of [0.25, 0.35, 0.45]) expect(at(o[0] + (s * Math.cos(a)) / ASPECT, o[1] + s * Math.sin(a))).toBeCloseTo(1, 3);
    expect(at(o[0] + (0.7 * Math.cos(a)) / ASPECT, o[1] + 0.7 * Math.sin(a))).toBe(0);
    // 60° taken naively in painting units points 15° off the true beam on a 6.4:1 wall.
    expect(at(o[0] + 0.05 * Math.cos(a), o[1] + 0.05 * Math.sin(a))).toBe(0);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const along = (texelU(view, W, x) - o[0]) * ASPECT * Math.cos(a) + (texelV(view, H, y) - o[1]) * Math.sin(a);
        if (along < -1e-3) expect(rgb(buf, W, x, y)[0]).toBe(0);
      }
    }
  });

  describe('haze', () => {
    const view = { u0: 0.4, u1: 0.6, v0: 0.2, v1: 0.8 };
    const smoke = (clipId: string, more: Partial<LightLayerState> = {}, params: Record<string, number | number[]> = {}) =>
      light('haze', { intensity: 0.6, scale: 0.05, drift: [0.01, 0], ...params }, { clipId, seed: hashString(clipId), ...more });
    const base = light('wash', { color: [1, 1, 1], intensity: 1 });

    it('is deterministic, depends on the seed, and darkens by at most intensity × gain', () => {
      const c = compositor(false);
      const a1 = draw(c, [base, smoke('smoke-a')], view);
      const a2 = draw(compositor(false), [base, smoke('smoke-a')], view);
      expect(new Uint32Array(a1.buffer)).toEqual(new Uint32Array(a2.buffer));
      const b = draw(c, [base, smoke('smoke-b')], view);
      let diff = 0;
      let min = Infinity;
      for (let i = 0; i < W * H; i++) {
        const v = a1[i * 4]!;
        expect(v).toBeGreaterThanOrEqual(0.4 - 1e-4);
        expect(v).toBeLessThanOrEqual(1 + 1e-4);
        expect(a1[i * 4 + 1]).toBe(v);
        min = Math.min(min, v);
        diff += Math.abs(v - b[i * 4]!);
      }
      expect(min).toBeLessThan(0.85);
      expect(diff / (W * H)).toBeGreaterThan(0.02);
      const faded = draw(c, [base, smoke('smoke-a', { gain: 0.5 })], view);
      for (let i = 0; i < W * H; i++) expect(faded[i * 4]!).toBeGreaterThanOrEqual(0.7 - 1e-4);
    });

    it('drifts with the show: at localS = 10 the pattern has moved by 10 × drift', () => {
      const c = compositor(false);
      const before = draw(c, [base, smoke('smoke-a')], view);
      const later = draw(c, [base, smoke('smoke-a', { localS: 10 })], { ...view, u0: view.u0 + 0.1, u1: view.u1 + 0.1 });
      for (let i = 0; i < W * H * 4; i += 4) expect(Math.abs(later[i]! - before[i]!)).toBeLessThan(2e-3);
    });

    it('is seamless on a round wall: u and u + 1 give the same smoke, with no step at 1.0', () => {
      const c = compositor(true);
      const layers = [base, smoke('smoke-a', {}, { scale: 0.5 })];
      const across = draw(c, layers, { u0: 0.95, u1: 1.05, v0: 0.2, v1: 0.8 });
      const shifted = draw(c, layers, { u0: -0.05, u1: 0.05, v0: 0.2, v1: 0.8 });
      for (let i = 0; i < W * H * 4; i += 4) expect(Math.abs(across[i]! - shifted[i]!)).toBeLessThan(1e-3);
      let seamStep = 0;
      let otherStep = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 1; x < W; x++) {
          const step = Math.abs(rgb(across, W, x, y)[0] - rgb(across, W, x - 1, y)[0]);
          if (x === 128) seamStep = Math.max(seamStep, step);
          else otherStep = Math.max(otherStep, step);
        }
      }
      expect(seamStep).toBeLessThanOrEqual(otherStep + 1e-4);
    });
  });

  it('composes into a HalfFloatType target too, within half-float precision', () => {
    const half = makeHarness(64, 16, 'half');
    try {
      expect(half.type).toBe(THREE.HalfFloatType);
      const c = new ContentCompositor(half.renderer, { regions: [], aspect: ASPECT, wrapsU: false, assets: noAssets });
      const view = { u0: 0.45, u1: 0.55, v0: 0.3, v1: 0.7 };
      c.render(frame([light('wash', { color: [0.3, 0.3, 0.3], intensity: 1 }), light('spot', { center: [0.5, 0.5], radius: 0.1, softness: 0, intensity: 2 })]), view, half.target);
      const buf = half.read();
      c.dispose();
      expect(rgb(buf, 64, columnAt(view, 64, 0.5), rowAt(view, 16, 0.5))[0]).toBeCloseTo(2.3, 2);
      expect(rgb(buf, 64, 0, 0)[0]).toBeCloseTo(0.3, 3);
    } finally {
      half.dispose();
    }
  });

  it('restores the renderer: render target, autoClear and clear colour', () => {
    const r = h.renderer;
    r.setClearColor(new THREE.Color(1, 0, 0), 0.5);
    r.autoClear = true;
    r.setRenderTarget(null);
    compositor(false).render(frame([light('wash', {})]), { u0: 0, u1: 1, v0: 0, v1: 1 }, h.target);
    expect(r.getRenderTarget()).toBeNull();
    expect(r.autoClear).toBe(true);
    expect(r.getClearAlpha()).toBe(0.5);
    expect(r.getClearColor(new THREE.Color()).getHex()).toBe(0xff0000);
  });
});
