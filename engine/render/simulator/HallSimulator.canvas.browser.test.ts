import { afterAll, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { computeBlend } from '../../core/blend/computeBlend.ts';
import { Installation } from '../../core/geometry/Installation.ts';
import type { Profile } from '../../core/profile/profileSchema.ts';
import type { Show } from '../../core/show/showSchema.ts';
import type { ContentImage } from '../content/ContentCompositor.ts';
import { frame, image, light, rgbaTexture, srgbByteToLinear } from '../../../tests/support/contentCompositorKit.ts';
import { ProjectorRenderer } from '../ProjectorRenderer.ts';
import { HallSimulator } from './HallSimulator.ts';

/** The hall simulator on a painted canvas: the visitor sees reflectance × light, the projectors emit light only. */

const PW = 160;
const PH = 100;
const VIEW = 256;

function profile(canvas?: 'screen' | 'painted'): Profile {
  const projectors = [-40, 0, 40].map((yaw, i) => ({
    id: `P${i + 1}`,
    resolution: { width: PW, height: PH },
    lens: { throwRatio: 0.9, shiftY: 0.05 },
    pose: { positionM: [0, 1.5, 0], yawDeg: yaw, pitchDeg: 2, rollDeg: 0 },
    blackLevel: 0.002,
    blend: { gamma: 2.2 },
  }));
  const hall = { surface: { type: 'cylinder', radiusM: 4, bottomM: 0.5, topM: 2.5, spanDeg: 130 }, referenceAzimuthDeg: -65, eyeM: [0, 1.6, 0], ...(canvas ? { canvas } : {}) };
  return { schemaVersion: 1, id: 't', hall, content: { widthPx: 4096, heightPx: 1024 }, projectors } as unknown as Profile;
}

const ORANGE = [255, 128, 0, 255];
const SKY = [0, 128, 255, 255];
const texture = rgbaTexture(2, [[ORANGE, SKY]], THREE.SRGBColorSpace);
const painting: ContentImage = { width: 2, height: 1, tiles: [{ x: 0, y: 0, w: 2, h: 1, texture }] };
const assets = { image: (src: string) => (src === 'painting' ? painting : null) };
const show = { regions: [] } as unknown as Show;
const WASH = 0.5;
const scene = frame([light('wash', { color: [1, 1, 1], intensity: WASH }), image('painting', {}, { mode: 'painting', blend: 'normal' })]);

const renderer = new THREE.WebGLRenderer({ canvas: document.createElement('canvas'), antialias: false });
const targets: THREE.WebGLRenderTarget[] = [];

function readBytes(t: THREE.WebGLRenderTarget): Uint8Array {
  const out = new Uint8Array(t.width * t.height * 4);
  renderer.readRenderTargetPixels(t, 0, 0, t.width, t.height, out);
  return out;
}

/** The visitor's view (sRGB bytes, row 0 at the bottom = v 0) of the frame on a profile. */
function simulate(canvas?: 'screen' | 'painted'): { bytes: Uint8Array; width: number; height: number } {
  const inst = new Installation(profile(canvas));
  const sim = new HallSimulator(renderer, inst, computeBlend(inst, { stepPx: 4 }), inst, show, assets, VIEW);
  const t = new THREE.WebGLRenderTarget(sim.width, sim.height, { depthBuffer: false });
  targets.push(t);
  sim.render(scene, 'content', t);
  const bytes = readBytes(t);
  sim.dispose();
  return { bytes, width: sim.width, height: sim.height };
}

/** Linear light at painting (u, v) of a view, undoing the simulator's 0.85 display scale. */
function linearAt(view: { bytes: Uint8Array; width: number; height: number }, u: number, v: number): number[] {
  const x = Math.floor(u * view.width), y = Math.floor(v * view.height);
  const i = (y * view.width + x) * 4;
  return [0, 1, 2].map((c) => srgbByteToLinear(view.bytes[i + c]!) / 0.85);
}

/** What the middle projector emits for the frame (8-bit, its output window's pixels). */
function emitted(canvas?: 'screen' | 'painted'): Uint8Array {
  const inst = new Installation(profile(canvas));
  const pr = new ProjectorRenderer(renderer, inst, 'P2', computeBlend(inst, { stepPx: 4 }), show, assets, { dither: false });
  const t = new THREE.WebGLRenderTarget(PW, PH, { depthBuffer: false });
  targets.push(t);
  pr.render(scene, t);
  const out = readBytes(t);
  pr.dispose();
  return out;
}

afterAll(() => {
  for (const t of targets) t.dispose();
  texture.dispose();
  renderer.dispose();
});

describe('hall simulator: screen and painted canvas', () => {
  it('painted: the view is the painting\'s colours scaled by the wash, as a screen projecting painting × light shows it', () => {
    const painted = simulate('painted');
    const screen = simulate('screen');
    const orange = [1, srgbByteToLinear(128), 0];
    const sky = [0, srgbByteToLinear(128), 1];
    for (const [u, colour] of [[0.4, orange], [0.45, orange], [0.55, sky], [0.6, sky]] as const) {
      const p = linearAt(painted, u, 0.5);
      const s = linearAt(screen, u, 0.5);
      // Light received ≈ the wash (blend weights sum to 1; black level and 8-bit steps give a few %).
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(p[c]! - WASH * colour[c]!), `painted u ${u} channel ${c}: ${p[c]} vs ${WASH * colour[c]!}`).toBeLessThanOrEqual(0.04);
        expect(Math.abs(p[c]! - s[c]!), `painted vs screen at u ${u} channel ${c}: ${p[c]} vs ${s[c]}`).toBeLessThanOrEqual(0.03);
      }
    }
  });

  it('painted: the projectors emit grey light (no painting); on a screen they emit the painting\'s colours', () => {
    const painted = emitted('painted');
    let lit = 0;
    for (let i = 0; i < painted.length; i += 4) {
      expect(Math.max(Math.abs(painted[i]! - painted[i + 1]!), Math.abs(painted[i + 1]! - painted[i + 2]!)), `pixel ${i / 4}`).toBeLessThanOrEqual(1);
      if (painted[i]! > 100) lit++;
    }
    expect(lit).toBeGreaterThan((PW * PH) / 2);
    const screen = emitted('screen');
    let coloured = 0;
    for (let i = 0; i < screen.length; i += 4) if (Math.abs(screen[i]! - screen[i + 2]!) > 60) coloured++;
    expect(coloured).toBeGreaterThan((PW * PH) / 2);
  });

  it('painted without a painting layer: white canvas, the view is the light alone', () => {
    const inst = new Installation(profile('painted'));
    const sim = new HallSimulator(renderer, inst, computeBlend(inst, { stepPx: 4 }), inst, show, assets, VIEW);
    const t = new THREE.WebGLRenderTarget(sim.width, sim.height, { depthBuffer: false });
    targets.push(t);
    sim.render(frame([light('wash', { color: [1, 1, 1], intensity: WASH })]), 'content', t);
    const view = { bytes: readBytes(t), width: sim.width, height: sim.height };
    sim.dispose();
    for (const u of [0.4, 0.6]) for (const c of linearAt(view, u, 0.5)) expect(Math.abs(c - WASH)).toBeLessThanOrEqual(0.04);
  });
});
