import { afterAll, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { ImageLayerState, LightLayerState } from '../../core/timeline/FrameState.ts';
import { ContentCompositor, type ContentImage, type ContentRegion } from './ContentCompositor.ts';
import { ASPECT, columnAt, frame, image, light, makeHarness, rgb, rowAt, rgbaTexture, srgbByteToLinear } from '../../../tests/support/contentCompositorKit.ts';

const W = 256;
const H = 64;
const h = makeHarness(W, H);
const textures: THREE.Texture[] = [];
const compositors: ContentCompositor[] = [];
const full = { u0: 0, u1: 1, v0: 0, v1: 1 };

function track<T extends THREE.Texture>(t: T): T {
  textures.push(t);
  return t;
}

function compositor(images: Record<string, ContentImage>, wrapsU = false): ContentCompositor {
  const c = new ContentCompositor(h.renderer, { regions: [], aspect: ASPECT, wrapsU, assets: { image: (src) => images[src] ?? null } });
  compositors.push(c);
  return c;
}

function draw(c: ContentCompositor, layers: (LightLayerState | ImageLayerState)[], view: ContentRegion = full): Float32Array {
  c.render(frame(layers), view, h.target);
  return h.read();
}

function expectRgb(actual: number[], expected: number[], eps = 2e-3): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `channel ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(eps));
}

const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLUE = [0, 0, 255, 255];
const ORANGE = [255, 128, 0, 255];
const orange = [1, srgbByteToLinear(128), 0];

afterAll(() => {
  for (const c of compositors) c.dispose();
  for (const t of textures) t.dispose();
  h.dispose();
});

describe('ContentCompositor: image layers', () => {
  const quadrants = (colorSpace: THREE.ColorSpace, flipY: boolean): ContentImage => {
    const tex = track(rgbaTexture(2, [[RED, GREEN], [BLUE, ORANGE]], colorSpace));
    tex.flipY = flipY;
    return { width: 2, height: 2, tiles: [{ x: 0, y: 0, w: 2, h: 2, texture: tex }] };
  };

  it.each([
    ['decoded by the shader (NoColorSpace)', THREE.NoColorSpace, false],
    ['decoded by WebGL (SRGBColorSpace)', THREE.SRGBColorSpace, false],
    ['uploaded with flipY', THREE.NoColorSpace, true],
  ] as const)('an overlay lands on its rect, top row of the image on top, sRGB %s', (_label, colorSpace, flipY) => {
    const c = compositor({ 'quad.png': quadrants(colorSpace, flipY) });
    const buf = draw(c, [image('quad.png', { rect: [0.25, 0.25, 0.5, 0.5] })]);
    const at = (u: number, v: number) => rgb(buf, W, columnAt(full, W, u), rowAt(full, H, v));
    expectRgb(at(0.375, 0.625), [1, 0, 0]);
    expectRgb(at(0.625, 0.625), [0, 1, 0]);
    expectRgb(at(0.375, 0.375), [0, 0, 1]);
    expectRgb(at(0.625, 0.375), orange);
    expectRgb(at(0.1, 0.5), [0, 0, 0], 0);
    const row = rowAt(full, H, 0.4);
    const lit = [...Array(W).keys()].filter((x) => rgb(buf, W, x, row)[2] > 0.5);
    expect(lit[0]).toBe(64);
    expect(lit.at(-1)).toBe(127);
    const col = columnAt(full, W, 0.3);
    const litRows = [...Array(H).keys()].filter((y) => rgb(buf, W, col, y).some((v) => v > 0.5));
    expect([litRows[0], litRows.at(-1)]).toEqual([16, 47]);
  });

  it('an ImageBitmap tile keeps its top row on top even when flipY is set (browsers ignore it for bitmaps)', async () => {
    const pixels = new Uint8ClampedArray([...RED, ...GREEN, ...BLUE, ...ORANGE]);
    const bitmap = await createImageBitmap(new ImageData(pixels, 2, 2), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const tex = track(new THREE.Texture(bitmap));
    tex.colorSpace = THREE.SRGBColorSpace;
    tex.flipY = true;
    tex.generateMipmaps = false;
    tex.minFilter = tex.magFilter = THREE.NearestFilter;
    tex.needsUpdate = true;
    const buf = draw(compositor({ 'bitmap.png': { width: 2, height: 2, tiles: [{ x: 0, y: 0, w: 2, h: 2, texture: tex }] } }), [image('bitmap.png', { rect: [0.25, 0.25, 0.5, 0.5] })]);
    expectRgb(rgb(buf, W, columnAt(full, W, 0.375), rowAt(full, H, 0.625)), [1, 0, 0]);
    expectRgb(rgb(buf, W, columnAt(full, W, 0.625), rowAt(full, H, 0.375)), orange);
    bitmap.close();
  });

  it.each([
    ['normal', (c: number, d: number, a: number) => c * a + d * (1 - a)],
    ['add', (c: number, d: number, a: number) => d + c * a],
    ['multiply', (c: number, d: number, a: number) => d * (1 - a + a * c)],
    ['screen', (c: number, d: number, a: number) => d + c * a - d * c * a],
  ] as const)('blend %s uses tint, image alpha × opacity × gain, in linear light', (blend, expected) => {
    const tex = track(rgbaTexture(1, [[[255, 128, 0, 204]]]));
    const c = compositor({ 'one.png': { width: 1, height: 1, tiles: [{ x: 0, y: 0, w: 1, h: 1, texture: tex }] } });
    const buf = draw(c, [
      light('wash', { color: [0.5, 0.5, 0.5], intensity: 1 }),
      image('one.png', { rect: [0, 0, 1, 1], tint: [1, 2, 0.5], opacity: 0.625 }, { blend, gain: 0.8 }),
    ]);
    // Colour: sRGB (255, 128, 0) decoded, times the tint. Alpha is linear already: 204/255 × opacity × gain.
    const tinted = [orange[0]! * 1, orange[1]! * 2, orange[2]! * 0.5];
    const a = (204 / 255) * 0.625 * 0.8;
    expectRgb(rgb(buf, W, 100, 30), tinted.map((cv) => expected(cv, 0.5, a)));
  });

  describe('painting mode (the painting image, in tiles)', () => {
    const A = [255, 0, 0, 255], B = [0, 255, 0, 255], C = [0, 0, 255, 255], D = [128, 128, 128, 255];
    const tile = (x: number, y: number, px: number[]) => ({ x, y, w: 1, h: 1, texture: track(rgbaTexture(1, [[px]], THREE.SRGBColorSpace)) });
    const painting: ContentImage = { width: 2, height: 2, tiles: [tile(0, 0, A), tile(1, 0, B), tile(0, 1, C), tile(1, 1, D)] };
    const lin = (px: number[]) => px.slice(0, 3).map((b) => 2 * srgbByteToLinear(b));
    const layers = [
      light('wash', { color: [2, 2, 2], intensity: 1 }),
      image('painting', { rect: [0.3, 0.3, 0.1, 0.1] }, { mode: 'painting', blend: 'normal' }),
    ];

    it('covers the whole painting (rect ignored) and multiplies the light, tile by tile', () => {
      const buf = draw(compositor({ painting }), layers);
      const at = (u: number, v: number) => rgb(buf, W, columnAt(full, W, u), rowAt(full, H, v));
      expectRgb(at(0.25, 0.75), lin(A));
      expectRgb(at(0.75, 0.75), lin(B));
      expectRgb(at(0.25, 0.25), lin(C));
      expectRgb(at(0.75, 0.25), lin(D));
      const dark = draw(compositor({ painting }), [layers[1]!]);
      expect(Math.max(...dark.filter((_, i) => i % 4 !== 3))).toBe(0);
    });

    it('draws only the tiles that meet the view, and repeats them across the seam of a round wall', () => {
      const r = h.renderer;
      r.info.autoReset = false;
      r.info.reset();
      draw(compositor({ painting }), layers, { u0: 0, u1: 0.5, v0: 0.5, v1: 1 });
      expect(r.info.render.calls).toBe(2); // the wash and tile A
      r.info.autoReset = true;

      const seam = { u0: 0.95, u1: 1.05, v0: 0, v1: 1 };
      const wrapped = draw(compositor({ painting }, true), layers, seam);
      const at = (buf: Float32Array, u: number, v: number) => rgb(buf, W, columnAt(seam, W, u), rowAt(seam, H, v));
      expectRgb(at(wrapped, 0.97, 0.75), lin(B));
      expectRgb(at(wrapped, 1.03, 0.75), lin(A));
      expectRgb(at(wrapped, 1.03, 0.25), lin(C));
      const before = { u0: -0.05, u1: 0.05, v0: 0, v1: 1 };
      const wrappedBefore = draw(compositor({ painting }, true), layers, before);
      expectRgb(rgb(wrappedBefore, W, columnAt(before, W, -0.03), rowAt(before, H, 0.75)), lin(B));
      expectRgb(rgb(wrappedBefore, W, columnAt(before, W, 0.03), rowAt(before, H, 0.75)), lin(A));
      const flat = draw(compositor({ painting }, false), layers, seam);
      expectRgb(at(flat, 1.03, 0.75), [2, 2, 2]);
    });
  });

  it('skips an image the assets do not have yet', () => {
    const buf = draw(compositor({}), [light('wash', { color: [0.25, 0.5, 1], intensity: 1 }), image('missing.png', {})]);
    expectRgb(rgb(buf, W, 10, 10), [0.25, 0.5, 1], 1e-3);
  });
});
