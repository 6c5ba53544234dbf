import type { FrameState, ImageLayerState, LightLayerState } from '../timeline/FrameState.ts';
import type { Region } from '../show/showSchema.ts';
import { IMAGE_PARAMS, param, type ParamTable } from '../show/paramSpecs.ts';
import type { CanvasKind } from '../profile/profileSchema.ts';
import { RegionMask } from './regionMask.ts';
import type { LightPoints } from './effects/effectModule.ts';
import { findLightEffect } from './effects/registry.ts';

/** How the light map is laid over the wall (as the GPU compositor's options). */
export interface LightFieldOptions {
  /** The show's named regions. */
  readonly regions: readonly Region[];
  /** Painting width / height in metres: u units to wall heights. */
  readonly aspect: number;
  /** Full round wall: u wraps mod 1. */
  readonly wrapsU: boolean;
  /**
   * What the wall is (the profile's hall.canvas, default "screen"). On a "painted" canvas, image layers
   * in painting mode are the canvas itself, not light: they add nothing (exact). On a screen they
   * multiply the light by the painting (≤ 1), counted as × 1: also nothing added (an upper bound).
   */
  readonly canvas?: CanvasKind;
}

const IMAGE_SPECS: ParamTable = IMAGE_PARAMS;

/**
 * The show's light map on the CPU: a pure TypeScript twin of the GPU content compositor's light layers
 * (each effect's `shade` in effects/, region masks with feather, add / multiply / max), evaluated at a fixed set of painting points so the
 * region masks are computed once. Linear RGB, unclamped (the output pass clamps).
 *
 * Image layers are not decoded here: they are taken as white at their opacity (painting mode and
 * multiplying overlays as × 1), which is an upper bound on the light they add: right for a budget.
 * On a "painted" canvas (options.canvas) painting-mode layers are not projected at all: they add no
 * light, exactly (the projectors do not draw them; the picture is on the wall).
 */
export class LightField {
  readonly count: number;
  private readonly masks = new Map<string, Float32Array | null>();
  private readonly regions = new Map<string, Region>();
  private readonly points: LightPoints;
  /** One layer's light at every point before its mask (3 per point): the effects' shade output. */
  private readonly value: Float64Array;
  /** Each effect's resolved state, reused frame after frame. */
  private readonly states = new Map<string, unknown>();

  /** points: painting u and v of every point (equal lengths). */
  constructor(
    readonly u: Float64Array,
    readonly v: Float64Array,
    private readonly options: LightFieldOptions,
  ) {
    this.count = u.length;
    for (const r of options.regions) this.regions.set(r.id, r);
    this.points = { count: this.count, u, v };
    this.value = new Float64Array(3 * this.count);
  }

  /** Mask of a region at every point (null for an unknown id: the layer lights nothing, as on the GPU). */
  mask(regionId: string): Float32Array | null {
    const cached = this.masks.get(regionId);
    if (cached !== undefined) return cached;
    const region = this.regions.get(regionId);
    let m: Float32Array | null = null;
    if (region) {
      const rm = new RegionMask(region, this.options.aspect, this.options.wrapsU);
      m = new Float32Array(this.count);
      for (let i = 0; i < this.count; i++) m[i] = rm.at(this.u[i]!, this.v[i]!);
    }
    this.masks.set(regionId, m);
    return m;
  }

  /** Composes the frame's layers bottom first into rgb (3 floats per point, linear light). */
  compose(frame: FrameState, rgb: Float32Array): void {
    rgb.fill(0);
    for (const layer of frame.layers) {
      if (layer.kind === 'light') this.light(layer, rgb);
      else this.image(layer, rgb);
    }
  }

  private light(layer: LightLayerState, rgb: Float32Array): void {
    const effect = findLightEffect(layer.effect);
    if (!effect) return;
    const mask = layer.region === null ? undefined : this.mask(layer.region);
    // Unknown region: mask 0 everywhere, so add/max add nothing and multiply leaves the light as it is.
    if (mask === null) return;
    const multiply = layer.blend === 'multiply';
    let state = this.states.get(effect.name);
    if (state === undefined) this.states.set(effect.name, (state = effect.newState()));
    effect.shade(effect.resolve(layer, state), this.options, this.points, multiply, this.value);
    const value = this.value;
    for (let i = 0, j = 0; i < this.count; i++, j += 3) {
      const m = mask === undefined ? 1 : mask[i]!;
      const r = value[j]!, g = value[j + 1]!, b = value[j + 2]!;
      if (multiply) {
        rgb[j] = rgb[j]! * (1 + (r - 1) * m);
        rgb[j + 1] = rgb[j + 1]! * (1 + (g - 1) * m);
        rgb[j + 2] = rgb[j + 2]! * (1 + (b - 1) * m);
      } else if (layer.blend === 'max') {
        rgb[j] = Math.max(rgb[j]!, r * m);
        rgb[j + 1] = Math.max(rgb[j + 1]!, g * m);
        rgb[j + 2] = Math.max(rgb[j + 2]!, b * m);
      } else {
        rgb[j] = rgb[j]! + r * m;
        rgb[j + 1] = rgb[j + 1]! + g * m;
        rgb[j + 2] = rgb[j + 2]! + b * m;
      }
    }
  }

  /** An image as white at its opacity: the most light it could add (see the class comment). */
  private image(layer: ImageLayerState, rgb: Float32Array): void {
    // Painted canvas: the painting layer is the wall's reflectance, not projected light.
    if (layer.mode === 'painting' && this.options.canvas === 'painted') return;
    // Screen: the painting image (and a multiplying overlay) multiplies the light by ≤ 1: × 1 at most.
    if (layer.mode === 'painting' || layer.blend === 'multiply') return;
    const p = layer.params;
    const ru = param(p, IMAGE_SPECS, 'rect', 0), rv = param(p, IMAGE_SPECS, 'rect', 1);
    const rw = param(p, IMAGE_SPECS, 'rect', 2), rh = param(p, IMAGE_SPECS, 'rect', 3);
    const u0 = Math.min(ru, ru + rw), u1 = Math.max(ru, ru + rw), v0 = Math.min(rv, rv + rh), v1 = Math.max(rv, rv + rh);
    const alpha = param(p, IMAGE_SPECS, 'opacity') * layer.gain;
    const tint = [param(p, IMAGE_SPECS, 'tint', 0), param(p, IMAGE_SPECS, 'tint', 1), param(p, IMAGE_SPECS, 'tint', 2)] as const;
    const mask = layer.region === null ? undefined : this.mask(layer.region);
    if (mask === null) return;
    for (let i = 0; i < this.count; i++) {
      let u = this.u[i]!;
      if (this.options.wrapsU) u = u0 + (((u - u0) % 1) + 1) % 1;
      const v = this.v[i]!;
      if (u < u0 || u > u1 || v < v0 || v > v1) continue;
      const a = alpha * (mask === undefined ? 1 : mask[i]!);
      for (let c = 0; c < 3; c++) {
        const j = 3 * i + c;
        const src = tint[c]! * a;
        const dst = rgb[j]!;
        rgb[j] = layer.blend === 'normal' ? src + dst * (1 - a) : layer.blend === 'screen' ? dst + src - dst * src : dst + src;
      }
    }
  }
}
