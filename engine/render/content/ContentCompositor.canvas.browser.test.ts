import { afterAll, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { ImageLayerState, LightLayerState } from '../../core/timeline/FrameState.ts';
import { ContentCompositor, type ContentImage } from './ContentCompositor.ts';
import { ASPECT, columnAt, frame, image, light, makeHarness, rgb, rgbaTexture, rowAt, srgbByteToLinear } from '../../../tests/support/contentCompositorKit.ts';

/** The canvas kind: on a "painted" wall the painting-mode layer is the wall's reflectance, never light. */

const W = 128;
const H = 32;
const h = makeHarness(W, H);
const full = { u0: 0, u1: 1, v0: 0, v1: 1 };
const ORANGE = [255, 128, 0, 255];
const SKY = [0, 128, 255, 255];
const orange = [1, srgbByteToLinear(128), 0];
const sky = [0, srgbByteToLinear(128), 1];
// A 2 × 1 painting: orange on the left half, sky blue on the right.
const texture = rgbaTexture(2, [[ORANGE, SKY]], THREE.SRGBColorSpace);
const painting: ContentImage = { width: 2, height: 1, tiles: [{ x: 0, y: 0, w: 2, h: 1, texture }] };
const overlayTex = rgbaTexture(1, [[[255, 255, 255, 255]]], THREE.SRGBColorSpace);
const images: Record<string, ContentImage> = { painting, white: { width: 1, height: 1, tiles: [{ x: 0, y: 0, w: 1, h: 1, texture: overlayTex }] } };
const compositors: ContentCompositor[] = [];

function compositor(canvas?: 'screen' | 'painted'): ContentCompositor {
  const c = new ContentCompositor(h.renderer, { regions: [], aspect: ASPECT, wrapsU: true, assets: { image: (src) => images[src] ?? null }, ...(canvas ? { canvas } : {}) });
  compositors.push(c);
  return c;
}

const wash = light('wash', { color: [1, 1, 1], intensity: 0.5 });
const paintingLayer = image('painting', {}, { mode: 'painting', blend: 'normal' });
const layers: (LightLayerState | ImageLayerState)[] = [wash, paintingLayer];

function at(buf: Float32Array, u: number, v = 0.5): [number, number, number] {
  return rgb(buf, W, columnAt(full, W, u), rowAt(full, H, v));
}

function expectRgb(actual: number[], expected: number[], eps = 2e-3): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `channel ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(eps));
}

afterAll(() => {
  for (const c of compositors) c.dispose();
  texture.dispose();
  overlayTex.dispose();
  h.dispose();
});

describe('content compositor on a screen and on a painted canvas', () => {
  it('screen (and by default): painting × light; painted: the light alone, no painting in it', () => {
    for (const c of [compositor(), compositor('screen')]) {
      c.render(frame(layers), full, h.target);
      const buf = h.read();
      expectRgb(at(buf, 0.25), orange.map((x) => 0.5 * x));
      expectRgb(at(buf, 0.75), sky.map((x) => 0.5 * x));
    }
    const painted = compositor('painted');
    painted.render(frame(layers), full, h.target);
    const buf = h.read();
    for (let x = 0; x < W; x++) for (let y = 0; y < H; y++) expectRgb(rgb(buf, W, x, y), [0.5, 0.5, 0.5]);
  });

  it('painted: overlays are still projected (only painting-mode layers are the canvas)', () => {
    const painted = compositor('painted');
    painted.render(frame([wash, paintingLayer, image('white', { rect: [0.6, 0.25, 0.3, 0.5], opacity: 1 }, { blend: 'add' })]), full, h.target);
    const buf = h.read();
    expectRgb(at(buf, 0.75), [1.5, 1.5, 1.5]);
    expectRgb(at(buf, 0.25), [0.5, 0.5, 0.5]);
  });

  it('renderReflectance: the painting-mode layers alone over white (light = 1); white without a painting', () => {
    const painted = compositor('painted');
    painted.renderReflectance(frame(layers), full, h.target);
    let buf = h.read();
    expectRgb(at(buf, 0.25), orange);
    expectRgb(at(buf, 0.75), sky);
    painted.renderReflectance(frame([wash]), full, h.target);
    buf = h.read();
    expectRgb(at(buf, 0.25), [1, 1, 1]);
    expectRgb(at(buf, 0.75), [1, 1, 1]);
  });
});
