import * as THREE from 'three';
import type { FrameState, ImageLayerState, LightLayerState, ResolvedValue } from '../../engine/core/timeline/FrameState.ts';
import { lightEffectModule, type LightEffect } from '../../engine/core/light/effects/registry.ts';
import { hashString } from '../../engine/core/timeline/noise.ts';
import type { ContentRegion } from '../../engine/render/content/ContentCompositor.ts';

/** Browser-test helpers for the content compositor: a renderer, a float target, hand-built layers. */

/** The Dien Bien Phu painting: 132 m round, 20.5 m high. */
export const ASPECT = 132 / 20.5;

/** A WebGL2 renderer with a float render target and a linear-light readback. */
export interface Harness {
  readonly renderer: THREE.WebGLRenderer;
  readonly target: THREE.WebGLRenderTarget;
  readonly width: number;
  readonly height: number;
  /** Float32 when float targets blend on this GPU, else half float (tolerances must allow ~1e-3). */
  readonly type: THREE.TextureDataType;
  /** RGBA per texel, row 0 at the BOTTOM of the target (v0). */
  read(): Float32Array;
  dispose(): void;
}

/** Makes a renderer on an offscreen canvas and a target of the given size (float if it can blend, else half). */
export function makeHarness(width: number, height: number, prefer: 'float' | 'half' = 'float'): Harness {
  const renderer = new THREE.WebGLRenderer({ canvas: document.createElement('canvas') });
  const ext = renderer.extensions;
  // Blending into 32-bit float needs EXT_float_blend on top of renderability; half float only the latter.
  const floatBlends = ext.has('EXT_color_buffer_float') && ext.has('EXT_float_blend');
  const type = prefer === 'float' && floatBlends ? THREE.FloatType : THREE.HalfFloatType;
  const target = new THREE.WebGLRenderTarget(width, height, { type, format: THREE.RGBAFormat, depthBuffer: false });
  return {
    renderer,
    target,
    width,
    height,
    type,
    read() {
      const out = new Float32Array(width * height * 4);
      if (type === THREE.FloatType) {
        renderer.readRenderTargetPixels(target, 0, 0, width, height, out);
      } else {
        const half = new Uint16Array(width * height * 4);
        renderer.readRenderTargetPixels(target, 0, 0, width, height, half);
        for (let i = 0; i < half.length; i++) out[i] = THREE.DataUtils.fromHalfFloat(half[i]!);
      }
      return out;
    },
    dispose() {
      target.dispose();
      renderer.dispose();
    },
  };
}

/** The RGB of texel (x, y) of a readback. */
export function rgb(buf: Float32Array, width: number, x: number, y: number): [number, number, number] {
  const i = (y * width + x) * 4;
  return [buf[i]!, buf[i + 1]!, buf[i + 2]!];
}

/** Painting-space u of the centre of texel column x. */
export function texelU(region: ContentRegion, width: number, x: number): number {
  return region.u0 + ((x + 0.5) / width) * (region.u1 - region.u0);
}

/** Painting-space v of the centre of texel row y (row 0 at the bottom). */
export function texelV(region: ContentRegion, height: number, y: number): number {
  return region.v0 + ((y + 0.5) / height) * (region.v1 - region.v0);
}

/** The texel column whose centre is nearest to u. */
export function columnAt(region: ContentRegion, width: number, u: number): number {
  return Math.min(width - 1, Math.max(0, Math.round(((u - region.u0) / (region.u1 - region.u0)) * width - 0.5)));
}

/** The texel row whose centre is nearest to v. */
export function rowAt(region: ContentRegion, height: number, v: number): number {
  return Math.min(height - 1, Math.max(0, Math.round(((v - region.v0) / (region.v1 - region.v0)) * height - 0.5)));
}

/** A light layer as the evaluator would produce it (params not given fall back to the spec defaults). */
export function light(effect: LightEffect, params: Record<string, ResolvedValue>, more: Partial<LightLayerState> = {}): LightLayerState {
  const clipId = more.clipId ?? `${effect}-1`;
  return {
    kind: 'light', clipId, trackId: 'lights', effect, region: null, blend: lightEffectModule(effect).defaultBlend,
    localS: 0, fade: 1, gain: 1, seed: hashString(clipId), params, ...more,
  };
}

/** An image layer as the evaluator would produce it. */
export function image(src: string, params: Record<string, ResolvedValue>, more: Partial<ImageLayerState> = {}): ImageLayerState {
  const clipId = more.clipId ?? `image-${src}`;
  return {
    kind: 'image', clipId, trackId: 'images', src, mode: 'overlay', region: null, blend: 'normal',
    localS: 0, fade: 1, gain: 1, seed: hashString(clipId), params, ...more,
  };
}

/** A frame holding the given layers, bottom first. */
export function frame(layers: FrameState['layers']): FrameState {
  return { t: 0, chapterIndex: -1, chapterId: null, layers, audio: [] };
}

/** The sRGB transfer function's inverse, for an 8-bit value. */
export function srgbByteToLinear(b: number): number {
  const c = b / 255;
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** An RGBA8 DataTexture from rows listed TOP first (image convention), nearest-filtered so texels stay crisp. */
export function rgbaTexture(width: number, rowsTopFirst: number[][][], colorSpace: THREE.ColorSpace = THREE.NoColorSpace): THREE.DataTexture {
  const data = new Uint8Array(rowsTopFirst.flat(2));
  const tex = new THREE.DataTexture(data, width, rowsTopFirst.length, THREE.RGBAFormat, THREE.UnsignedByteType);
  tex.colorSpace = colorSpace;
  tex.minFilter = THREE.NearestFilter;
  tex.magFilter = THREE.NearestFilter;
  tex.generateMipmaps = false;
  tex.needsUpdate = true;
  return tex;
}

/** 1 inside radius·(1 − softness), smoothstep to 0 at radius: the disc profile, computed by hand. */
export function discProfile(d: number, radius: number, softness: number): number {
  const w = radius * softness;
  if (w <= 0) return d <= radius ? 1 : 0;
  const s = Math.min(1, Math.max(0, (radius - d) / w));
  return s * s * (3 - 2 * s);
}
