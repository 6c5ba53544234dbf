import { afterAll, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { LightLayerState } from '../../core/timeline/FrameState.ts';
import type { Region } from '../../core/show/showSchema.ts';
import { LightField } from '../../core/light/LightField.ts';
import { ContentCompositor } from './ContentCompositor.ts';
import { ASPECT, frame, light, makeHarness, texelU, texelV } from '../../../tests/support/contentCompositorKit.ts';

/**
 * The light budget computes the show's light map on the CPU (engine/core/light/LightField.ts). Here it
 * is compared with what the GPU compositor really draws, texel by texel over the whole round wall, for
 * a frame using every light effect, every blend and feathered regions across the seam.
 * Tolerance: 0.002 + 0.5 % of the value (0.003 + 3 % inside feathered region edges, see below). The GPU works in float32 (half float where float targets
 * cannot blend), samples region masks rasterised at 0.002 wall heights with linear filtering, and
 * evaluates smoothsteps in float32; the CPU evaluates the same functions in double precision.
 */
const W = 512;
const H = 96;
const h = makeHarness(W, H);
const view = { u0: 0, u1: 1, v0: 0, v1: 1 };

const regions: Region[] = [
  { id: 'hill', polygon: [[0.18, 0.2], [0.3, 0.22], [0.27, 0.6], [0.2, 0.55]], featherV: 0.05 },
  { id: 'seam', polygon: [[0.95, 0.1], [1.06, 0.1], [1.06, 0.7], [0.95, 0.7]], featherV: 0.08 },
];

const layers: LightLayerState[] = [
  light('wash', { color: [0.6, 0.65, 0.8], intensity: 0.15 }),
  light('wash', { color: [1, 0.8, 0.5], intensity: 0.6 }, { clipId: 'hill-wash', region: 'hill' }),
  light('spot', { center: [0.5, 0.45], radius: 0.18, softness: 0.6, color: [1, 1, 0.9], intensity: 0.9 }),
  light('flash', { center: [0.02, 0.7], radius: 0.12, softness: 0.8, intensity: 3 }, { gain: 0.4 }),
  light('flicker', { center: [0.75, 0.3], radius: 0.1, softness: 0.7 }, { gain: 0.63 }),
  light('searchlight', { origin: [0.62, 0], angleDeg: 70, widthDeg: 8, length: 0.9, softness: 0.4 }, { blend: 'max' }),
  light('haze', { intensity: 0.7, scale: 0.15, drift: [0.01, 0.003] }, { clipId: 'smoke', localS: 437.25, region: 'seam' }),
  light('haze', { intensity: 0.4, scale: 0.3, drift: [-0.02, 0.001] }, { clipId: 'smoke-all', localS: 12.5 }),
];

afterAll(() => h.dispose());

describe('LightField (CPU) against the GPU content compositor', () => {
  it('gives the same linear light at every texel of a frame with every effect, within 0.002 + 0.5 % (3 % in feathers)', () => {
    const gpu = new ContentCompositor(h.renderer, { regions, aspect: ASPECT, wrapsU: true, assets: { image: () => null } });
    gpu.render(frame(layers), view, h.target);
    const buf = h.read();
    gpu.dispose();

    const u = new Float64Array(W * H);
    const v = new Float64Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        u[y * W + x] = texelU(view, W, x);
        v[y * W + x] = texelV(view, H, y);
      }
    }
    const cpu = new Float32Array(3 * W * H);
    // In a feathered edge the GPU samples an 8-bit mask raster (0.002 wall-height texels, linear
    // filter): on the edge's medial ridges the mask slope 1.5 / featherV changes across one texel, so
    // there the tolerance is 0.003 + 3 % of the level (measured worst below).
    const field = new LightField(u, v, { regions, aspect: ASPECT, wrapsU: true });
    field.compose(frame(layers), cpu);
    const masks = regions.map((r) => field.mask(r.id)!);
    let worst = 0;
    let worstAt = '';
    let worstFeather = 0;
    let worstElsewhere = 0;
    let lit = 0;
    for (let i = 0; i < W * H; i++) {
      const inFeather = masks.some((m) => m[i]! > 0 && m[i]! < 1);
      for (let c = 0; c < 3; c++) {
        const g = buf[4 * i + c]!;
        const e = cpu[3 * i + c]!;
        const excess = Math.abs(g - e) / (inFeather ? 0.003 + 0.03 * Math.abs(e) : 0.002 + 0.005 * Math.abs(e));
        if (inFeather) worstFeather = Math.max(worstFeather, Math.abs(g - e) / (0.002 + Math.abs(e)));
        else worstElsewhere = Math.max(worstElsewhere, Math.abs(g - e) / (0.002 + Math.abs(e)));
        if (excess > worst) {
          worst = excess;
          worstAt = `u ${u[i]!.toFixed(4)} v ${v[i]!.toFixed(4)} channel ${c}: GPU ${g} CPU ${e}${inFeather ? ' (feather)' : ''}`;
        }
      }
      if (cpu[3 * i]! > 0.01) lit++;
    }
    console.log(`light twin: worst error ${worst.toFixed(3)} of the tolerance (${worstAt}); largest |GPU − CPU| / (0.002 + CPU): ${worstElsewhere.toFixed(5)} outside feathers, ${worstFeather.toFixed(4)} in feathers; ${h.type === THREE.FloatType ? 'float' : 'half float'} target`);
    expect(worst, worstAt).toBeLessThanOrEqual(1);
    // The frame is not trivially dark: almost every texel has the base wash under the smoke.
    expect(lit).toBeGreaterThan(0.9 * W * H);
  });

  it('agrees at hand-picked points: the spot centre, inside the feathered region, in the smoke across the seam', () => {
    const gpu = new ContentCompositor(h.renderer, { regions, aspect: ASPECT, wrapsU: true, assets: { image: () => null } });
    gpu.render(frame(layers), view, h.target);
    const buf = h.read();
    gpu.dispose();
    const points: [number, number][] = [[0.5, 0.45], [0.24, 0.4], [0.999, 0.4], [0.01, 0.5], [0.75, 0.3]];
    const u = Float64Array.from(points, (p) => (Math.round(p[0] * W - 0.5) + 0.5) / W);
    const v = Float64Array.from(points, (p) => (Math.round(p[1] * H - 0.5) + 0.5) / H);
    const cpu = new Float32Array(3 * points.length);
    new LightField(u, v, { regions, aspect: ASPECT, wrapsU: true }).compose(frame(layers), cpu);
    points.forEach((_, k) => {
      const x = Math.round(u[k]! * W - 0.5), y = Math.round(v[k]! * H - 0.5);
      for (let c = 0; c < 3; c++) {
        const g = buf[4 * (y * W + x) + c]!;
        expect(Math.abs(g - cpu[3 * k + c]!), `point ${k} channel ${c}`).toBeLessThanOrEqual(0.002 + 0.005 * cpu[3 * k + c]!);
        expect(g).toBeGreaterThan(0.03);
      }
    });
  });
});
