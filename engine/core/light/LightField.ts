import type { FrameState, ImageLayerState, LightLayerState, ResolvedValue } from '../timeline/FrameState.ts';
import type { Region } from '../show/showSchema.ts';
import { IMAGE_PARAMS, LIGHT_PARAMS, type ParamSpec } from '../show/paramSpecs.ts';
import type { CanvasKind } from '../profile/profileSchema.ts';
import { RegionMask } from './regionMask.ts';
import { hazeNoise, hazeSetup, type HazeSetup } from './hazeNoise.ts';

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

const DEG = Math.PI / 180;
const IMAGE_SPECS: Readonly<Record<string, ParamSpec>> = IMAGE_PARAMS;

function param(params: Readonly<Record<string, ResolvedValue>>, specs: Readonly<Record<string, ParamSpec>>, name: string, i = 0): number {
  const v = params[name] ?? specs[name]?.default;
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : (v[i] ?? 0);
}

/** 1 up to r·(1 − softness), smoothstep down to 0 at r; a hard step when softness is 0 (the shader's softEdge). */
export function softEdge(d: number, r: number, softness: number): number {
  const w = r * softness;
  if (w <= 0) return d <= r ? 1 : 0;
  const s = Math.min(1, Math.max(0, (r - d) / w));
  return s * s * (3 - 2 * s);
}

/**
 * The show's light map on the CPU: a pure TypeScript twin of the GPU content compositor's light layers
 * (engine/render/content/contentShaders.ts: wash, spot/flash/flicker discs, searchlight beams, haze,
 * region masks with feather, add / multiply / max), evaluated at a fixed set of painting points so the
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
  private readonly layer: Float32Array;

  /** points: painting u and v of every point (equal lengths). */
  constructor(
    readonly u: Float64Array,
    readonly v: Float64Array,
    private readonly options: LightFieldOptions,
  ) {
    this.count = u.length;
    for (const r of options.regions) this.regions.set(r.id, r);
    this.layer = new Float32Array(this.count);
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
    const specs: Readonly<Record<string, ParamSpec>> = LIGHT_PARAMS[layer.effect];
    if (!specs) return;
    const p = layer.params;
    const k = param(p, specs, 'intensity') * layer.gain;
    const mask = layer.region === null ? undefined : this.mask(layer.region);
    const multiply = layer.blend === 'multiply';
    if (mask === null) {
      // Unknown region: mask 0 everywhere, so add/max add nothing and multiply leaves the light as it is.
      return;
    }
    const { aspect, wrapsU } = this.options;
    const shape = this.layer;
    let haze: HazeSetup | null = null;
    let cr = param(p, specs, 'color', 0), cg = param(p, specs, 'color', 1), cb = param(p, specs, 'color', 2);
    const e = layer.effect;
    if (e === 'haze') {
      haze = hazeSetup(layer, p, specs, aspect, wrapsU);
    } else {
      cr *= k;
      cg *= k;
      cb *= k;
    }
    const n = this.count;
    if (e === 'wash') shape.fill(1);
    else if (e === 'spot' || e === 'flash' || e === 'flicker') {
      const cu = param(p, specs, 'center', 0), cv = param(p, specs, 'center', 1);
      const r = param(p, specs, 'radius'), soft = param(p, specs, 'softness');
      for (let i = 0; i < n; i++) {
        let du = this.u[i]! - cu;
        if (wrapsU) du -= Math.floor(du + 0.5);
        const dx = du * aspect, dy = this.v[i]! - cv;
        const d2 = dx * dx + dy * dy;
        shape[i] = d2 > r * r ? 0 : softEdge(Math.sqrt(d2), r, soft);
      }
    } else if (e === 'searchlight') {
      const ou = param(p, specs, 'origin', 0), ov = param(p, specs, 'origin', 1);
      const a = param(p, specs, 'angleDeg') * DEG;
      const dirX = Math.cos(a), dirY = Math.sin(a);
      const half = (param(p, specs, 'widthDeg') / 2) * DEG;
      const len = param(p, specs, 'length'), soft = param(p, specs, 'softness');
      for (let i = 0; i < n; i++) {
        let du = this.u[i]! - ou;
        if (wrapsU) du -= Math.floor(du + 0.5);
        const px = du * aspect, py = this.v[i]! - ov;
        const along = px * dirX + py * dirY;
        if (along <= 0) {
          shape[i] = 0;
          continue;
        }
        const across = Math.abs(dirX * py - dirY * px);
        shape[i] = softEdge(Math.atan2(across, along), half, soft) * softEdge(along, len, 0.1 + 0.4 * soft);
      }
    }
    for (let i = 0; i < n; i++) {
      const m = mask === undefined ? 1 : mask[i]!;
      let r: number, g: number, b: number;
      if (haze !== null) {
        const amt = Math.min(1, Math.max(0, k * hazeNoise(haze, this.u[i]!, this.v[i]!)));
        r = multiply ? 1 + (cr - 1) * amt : cr * amt;
        g = multiply ? 1 + (cg - 1) * amt : cg * amt;
        b = multiply ? 1 + (cb - 1) * amt : cb * amt;
      } else {
        const s = shape[i]!;
        r = cr * s;
        g = cg * s;
        b = cb * s;
      }
      const j = 3 * i;
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
