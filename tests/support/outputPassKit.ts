import * as THREE from 'three';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';

/** Output size of the output-pass browser tests, pixels. */
export const W = 320;
export const H = 200;

/**
 * Three 320×200 projectors at yaw −40°, 0°, 40° on a 130° arc of a 4 m cylinder, with lens shift,
 * distortion, black level and gamma; `middle` is merged into the middle projector (P2).
 */
export function testProfile(middle: Partial<ProjectorConfig> = {}): Profile {
  const projectors = [-40, 0, 40].map((yaw, i) => ({
    id: `P${i + 1}`,
    resolution: { width: W, height: H },
    lens: { throwRatio: 0.9, shiftY: 0.05, k1: -0.03 },
    pose: { positionM: [0, 1.5, 0], yawDeg: yaw, pitchDeg: 2, rollDeg: 0 },
    blackLevel: 0.002,
    blend: { gamma: 2.2 },
    ...(i === 1 ? middle : {}),
  }));
  return { schemaVersion: 1, id: 't', hall: { surface: { type: 'cylinder', radiusM: 4, bottomM: 0.5, topM: 2.5, spanDeg: 130 }, referenceAzimuthDeg: -65, eyeM: [0, 1.6, 0] }, content: { widthPx: 4096, heightPx: 1024 }, projectors } as unknown as Profile;
}

/** A W×H WebGL renderer on its own canvas, drawing buffer kept for read-back. */
export function testRenderer(): THREE.WebGLRenderer {
  const canvas = document.createElement('canvas');
  const r = new THREE.WebGLRenderer({ canvas, preserveDrawingBuffer: true, antialias: false });
  r.setPixelRatio(1);
  r.setSize(W, H, false);
  return r;
}

/** Reads the canvas back as rows from the top (projector pixel order). */
export function readTopDown(r: THREE.WebGLRenderer): Uint8Array {
  const gl = r.getContext();
  const raw = new Uint8Array(W * H * 4);
  gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, raw);
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) out.set(raw.subarray((H - 1 - y) * W * 4, (H - y) * W * 4), y * W * 4);
  return out;
}
