import * as THREE from 'three';
import type { FrameState, ImageLayerState, LightLayerState } from '../../core/timeline/FrameState.ts';
import type { Region } from '../../core/show/showSchema.ts';
import { IMAGE_PARAMS, param, type ParamTable } from '../../core/show/paramSpecs.ts';
import { newLightUniformValues, type EffectContext, type LightProgram, type LightUniformValues } from '../../core/light/effects/effectModule.ts';
import { findLightEffect } from '../../core/light/effects/registry.ts';
import { CONTENT_VERTEX, IMAGE_FRAGMENT } from './contentShaders.ts';
import { lightFragment } from './lightPrograms.ts';
import { setContentBlend, type ContentBlend } from './contentBlending.ts';
import { DEFAULT_FEATHER_V, rasteriseRegionMask } from './rasteriseRegionMask.ts';

/** A painting-space box to compose; u1 may exceed 1 when the box straddles the seam of a round wall. */
export interface ContentRegion {
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** One tile of a large image: x, y, w, h in image pixels (y from the TOP), at most 4096 px a side. */
export interface ContentTile {
  x: number;
  y: number;
  w: number;
  h: number;
  /**
   * sRGB-encoded pixels, straight alpha. colorSpace SRGBColorSpace (8-bit RGBA): WebGL decodes;
   * NoColorSpace: the shader decodes; LinearSRGBColorSpace: used as is. With flipY false (DataTexture,
   * ImageBitmap) the first row in memory is the tile's top; with flipY true WebGL put the top at t = 1.
   */
  texture: THREE.Texture;
}

/** A possibly huge image split in tiles. */
export interface ContentImage {
  width: number;
  height: number;
  tiles: ContentTile[];
}

/** Where image layers get their pixels; null (not loaded or missing) skips the layer for this frame. */
export interface ContentAssets {
  image(src: string): ContentImage | null;
}

/** Construction options of a ContentCompositor. */
export interface ContentCompositorOptions {
  /** The show's named regions (polygons in painting space). */
  regions: readonly Region[];
  /** Painting width / height in metres (132 / 20.5): turns wall heights into u units, du = dv / aspect. */
  aspect: number;
  /** Full round wall: u wraps mod 1 (spots, masks, smoke and tiles continue across the seam). */
  wrapsU: boolean;
  assets: ContentAssets;
  /**
   * What the wall is (the profile's hall.canvas, default "screen"). On a "painted" canvas the picture
   * is on the wall: image layers in painting mode are not drawn (render) — they are the canvas's
   * reflectance (renderReflectance), not light.
   */
  canvas?: 'screen' | 'painted';
}

interface RegionMask {
  readonly texture: THREE.DataTexture;
  readonly box: THREE.Vector4;
}

const IMAGE_BLEND: Readonly<Record<ImageLayerState['blend'], ContentBlend>> = { normal: 'over', add: 'add', multiply: 'multiply', screen: 'screen' };
const IMAGE_SPECS: ParamTable = IMAGE_PARAMS;
const _clearColor = new THREE.Color();
const _black = new THREE.Color(0, 0, 0);
const _white = new THREE.Color(1, 1, 1);

/** A content-pass material (the unit quad, painting-space placement by uView/uDst). */
function contentMaterial(fragmentShader: string, uniforms: Record<string, THREE.IUniform>, defines: Record<string, string> = {}): THREE.RawShaderMaterial {
  return new THREE.RawShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader: CONTENT_VERTEX,
    fragmentShader,
    defines,
    uniforms,
    depthTest: false,
    depthWrite: false,
    // Mirrored rects (negative width or height) flip the winding; they must still draw.
    side: THREE.DoubleSide,
  });
}

/**
 * Composes a FrameState's layers into a linear-light content texture for one painting-space box.
 * A thin three.js adapter: the show semantics come from the core; this only draws them.
 */
export class ContentCompositor {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly regions = new Map<string, Region>();
  private readonly masks = new Map<string, RegionMask | null>();
  private readonly ctx: EffectContext;
  private readonly assets: ContentAssets;
  private readonly painted: boolean;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly quad = new THREE.PlaneGeometry(1, 1).translate(0.5, 0.5, 0);
  private readonly mesh: THREE.Mesh;
  private readonly noMask = new THREE.DataTexture(new Uint8Array([255]), 1, 1, THREE.RedFormat, THREE.UnsignedByteType);
  // Uniform objects shared by both materials: only one draw is in flight, and it saves copying.
  private readonly shared = {
    uView: { value: new THREE.Vector4() },
    uDst: { value: new THREE.Vector4() },
    uWrap: { value: false },
    uMaskMode: { value: 0 },
    uMask: { value: this.noMask as THREE.Texture },
    uMaskBox: { value: new THREE.Vector4(0, 0, 1, 1) },
  };
  private readonly lightU = {
    uAspect: { value: 1 },
    uMultiply: { value: false },
    uLight: { value: new THREE.Vector3() },
    uCenter: { value: new THREE.Vector2() },
    uRadius: { value: 0 },
    uSoftness: { value: 0 },
    uDir: { value: new THREE.Vector2(1, 0) },
    uHalfWidth: { value: 0 },
    uLength: { value: 0 },
    uHazeAmount: { value: 0 },
    uHazeColor: { value: new THREE.Vector3() },
    uSeed: { value: 0 },
    uCells: { value: new THREE.Vector2(1, 1) },
    uPeriod: { value: 0 },
    uOffInt: { value: new THREE.Vector2() },
    uOffFrac: { value: new THREE.Vector2() },
  };
  private readonly imageU = {
    uTex: { value: null as THREE.Texture | null },
    uTopAtT1: { value: false },
    uDecode: { value: true },
    uTint: { value: new THREE.Vector3(1, 1, 1) },
    uAlpha: { value: 1 },
    uMultiply: { value: false },
  };
  /** One material per light program (lightPrograms.ts), made on first use. */
  private readonly lightMaterials = new Map<LightProgram, THREE.RawShaderMaterial>();
  /** What the effects pack for their programs, then copied into lightU (plain numbers from the core). */
  private readonly lightValues: LightUniformValues = newLightUniformValues();
  /** Each effect's resolved state, reused frame after frame. */
  private readonly effectStates = new Map<string, unknown>();
  /** The light programs' uniforms: shared by every variant, so a value set once reaches them all. */
  private readonly lightUniforms: Record<string, THREE.IUniform>;
  private readonly imageMaterial: THREE.RawShaderMaterial;

  constructor(renderer: THREE.WebGLRenderer, options: ContentCompositorOptions) {
    this.renderer = renderer;
    this.ctx = { aspect: options.aspect, wrapsU: options.wrapsU };
    this.assets = options.assets;
    this.painted = options.canvas === 'painted';
    for (const r of options.regions) this.regions.set(r.id, r);
    this.shared.uWrap.value = options.wrapsU;
    this.lightU.uAspect.value = options.aspect;
    this.noMask.needsUpdate = true;
    this.lightUniforms = { ...this.shared, ...this.lightU };
    this.imageMaterial = contentMaterial(IMAGE_FRAGMENT, { ...this.shared, ...this.imageU });
    this.mesh = new THREE.Mesh(this.quad, this.imageMaterial);
    this.mesh.frustumCulled = false;
    this.scene.add(this.mesh);
  }

  /**
   * Renders the frame's layers (bottom first) into target, in LINEAR light, for the painting-space box
   * `region`. On a "painted" canvas, image layers in painting mode are left out (the wall carries them).
   */
  render(frame: FrameState, region: ContentRegion, target: THREE.WebGLRenderTarget): void {
    this.compose(frame, region, target, 'light');
  }

  /**
   * The canvas's reflectance at this frame: the frame's painting-mode image layers alone, multiplied
   * over white (light = 1), linear; white where there are none. What a "painted" wall looks like under
   * unit light (the hall simulator multiplies it by the light the projectors throw).
   */
  renderReflectance(frame: FrameState, region: ContentRegion, target: THREE.WebGLRenderTarget): void {
    this.compose(frame, region, target, 'reflectance');
  }

  private compose(frame: FrameState, region: ContentRegion, target: THREE.WebGLRenderTarget, what: 'light' | 'reflectance'): void {
    const r = this.renderer;
    const prevTarget = r.getRenderTarget();
    const prevAutoClear = r.autoClear;
    const prevAlpha = r.getClearAlpha();
    r.getClearColor(_clearColor);
    try {
      r.setRenderTarget(target);
      r.autoClear = false;
      r.setClearColor(what === 'reflectance' ? _white : _black, 1);
      r.clear(true, false, false);
      if (region.u1 === region.u0 || region.v1 === region.v0) return;
      this.shared.uView.value.set(region.u0, region.v0, region.u1, region.v1);
      const layers = frame.layers;
      for (let i = 0; i < layers.length; i++) {
        const layer = layers[i] as LightLayerState | ImageLayerState;
        if (what === 'reflectance') {
          if (layer.kind === 'image' && layer.mode === 'painting') this.drawImage(layer);
        } else if (layer.kind === 'light') this.drawLight(layer);
        else if (!(this.painted && layer.mode === 'painting')) this.drawImage(layer);
      }
    } finally {
      r.setRenderTarget(prevTarget);
      r.autoClear = prevAutoClear;
      r.setClearColor(_clearColor, prevAlpha);
    }
  }

  /** Frees the GPU resources this compositor made; the assets' textures belong to their owner. */
  dispose(): void {
    for (const m of this.lightMaterials.values()) m.dispose();
    this.lightMaterials.clear();
    this.imageMaterial.dispose();
    this.quad.dispose();
    this.noMask.dispose();
    for (const m of this.masks.values()) m?.texture.dispose();
    this.masks.clear();
  }

  private drawLight(layer: LightLayerState): void {
    const effect = findLightEffect(layer.effect);
    if (!effect) return;
    let state = this.effectStates.get(effect.name);
    if (state === undefined) this.effectStates.set(effect.name, (state = effect.newState()));
    effect.pack(effect.resolve(layer, state), this.ctx, this.lightValues);
    this.setLightUniforms(this.lightValues, layer.blend === 'multiply');
    this.applyMask(layer.region);
    let material = this.lightMaterials.get(effect.program);
    if (!material) {
      material = contentMaterial(lightFragment(effect.program), this.lightUniforms);
      this.lightMaterials.set(effect.program, material);
    }
    setContentBlend(material, layer.blend);
    this.shared.uDst.value.copy(this.shared.uView.value);
    this.draw(material);
  }

  /** Copies what an effect packed into the programs' uniforms (each program reads only its own). */
  private setLightUniforms(v: LightUniformValues, multiply: boolean): void {
    const u = this.lightU;
    u.uMultiply.value = multiply;
    u.uLight.value.fromArray(v.light);
    u.uCenter.value.fromArray(v.center);
    u.uRadius.value = v.radius;
    u.uSoftness.value = v.softness;
    u.uDir.value.fromArray(v.dir);
    u.uHalfWidth.value = v.halfWidth;
    u.uLength.value = v.length;
    u.uHazeAmount.value = v.hazeAmount;
    u.uHazeColor.value.fromArray(v.hazeColor);
    u.uSeed.value = v.seed;
    u.uCells.value.fromArray(v.cells);
    u.uPeriod.value = v.period;
    u.uOffInt.value.fromArray(v.offInt);
    u.uOffFrac.value.fromArray(v.offFrac);
  }

  private drawImage(layer: ImageLayerState): void {
    const image = this.assets.image(layer.src);
    if (image === null || !(image.width > 0) || !(image.height > 0)) return;
    const p = layer.params;
    const painting = layer.mode === 'painting';
    const ru = painting ? 0 : param(p, IMAGE_SPECS, 'rect', 0);
    const rv = painting ? 0 : param(p, IMAGE_SPECS, 'rect', 1);
    const rw = painting ? 1 : param(p, IMAGE_SPECS, 'rect', 2);
    const rh = painting ? 1 : param(p, IMAGE_SPECS, 'rect', 3);
    if (rw === 0 || rh === 0) return;
    const blend: ContentBlend = painting ? 'multiply' : IMAGE_BLEND[layer.blend];
    const u = this.imageU;
    u.uTint.value.set(param(p, IMAGE_SPECS, 'tint', 0), param(p, IMAGE_SPECS, 'tint', 1), param(p, IMAGE_SPECS, 'tint', 2));
    u.uAlpha.value = param(p, IMAGE_SPECS, 'opacity') * layer.gain;
    u.uMultiply.value = blend === 'multiply';
    this.applyMask(layer.region);
    setContentBlend(this.imageMaterial, blend);

    const view = this.shared.uView.value;
    const viewU0 = Math.min(view.x, view.z), viewU1 = Math.max(view.x, view.z);
    const viewV0 = Math.min(view.y, view.w), viewV1 = Math.max(view.y, view.w);
    for (let i = 0; i < image.tiles.length; i++) {
      const tile = image.tiles[i] as ContentTile;
      const tu0 = ru + (rw * tile.x) / image.width;
      const tu1 = ru + (rw * (tile.x + tile.w)) / image.width;
      const tvTop = rv + rh * (1 - tile.y / image.height);
      const tvBottom = rv + rh * (1 - (tile.y + tile.h) / image.height);
      if (Math.max(tvTop, tvBottom) <= viewV0 || Math.min(tvTop, tvBottom) >= viewV1) continue;
      const lo = Math.min(tu0, tu1), hi = Math.max(tu0, tu1);
      // Copies one turn apart that overlap the view: a tile at u ∈ [0, 0.05] also shows at [1, 1.05].
      const kMin = this.ctx.wrapsU ? Math.floor(viewU0 - hi) + 1 : 0;
      const kMax = this.ctx.wrapsU ? Math.ceil(viewU1 - lo) - 1 : 0;
      const tex = tile.texture;
      u.uTex.value = tex;
      // Browsers ignore UNPACK_FLIP_Y for ImageBitmap sources, so only other sources are really flipped.
      u.uTopAtT1.value = tex.flipY && !(typeof ImageBitmap !== 'undefined' && tex.image instanceof ImageBitmap);
      u.uDecode.value = tex.colorSpace !== THREE.SRGBColorSpace && tex.colorSpace !== THREE.LinearSRGBColorSpace;
      for (let k = kMin; k <= kMax; k++) {
        if (hi + k <= viewU0 || lo + k >= viewU1) continue;
        this.shared.uDst.value.set(tu0 + k, tvBottom, tu1 + k, tvTop);
        this.draw(this.imageMaterial);
      }
    }
  }

  private applyMask(regionId: string | null): void {
    const s = this.shared;
    if (regionId === null) {
      s.uMaskMode.value = 0;
      s.uMask.value = this.noMask;
      return;
    }
    const mask = this.mask(regionId);
    // An unknown id (validation should have caught it) lights nothing rather than stopping the show.
    s.uMaskMode.value = mask ? 1 : 2;
    s.uMask.value = mask ? mask.texture : this.noMask;
    if (mask) s.uMaskBox.value.copy(mask.box);
  }

  private mask(regionId: string): RegionMask | null {
    const cached = this.masks.get(regionId);
    if (cached !== undefined) return cached;
    const region = this.regions.get(regionId);
    let mask: RegionMask | null = null;
    if (region) {
      const r = rasteriseRegionMask(region.polygon, region.featherV ?? DEFAULT_FEATHER_V, this.ctx.aspect, this.ctx.wrapsU);
      const texture = new THREE.DataTexture(r.data, r.width, r.height, THREE.RedFormat, THREE.UnsignedByteType);
      texture.minFilter = THREE.LinearFilter;
      texture.magFilter = THREE.LinearFilter;
      texture.generateMipmaps = false;
      texture.unpackAlignment = 1; // rows are not padded to 4 bytes
      texture.needsUpdate = true;
      mask = { texture, box: new THREE.Vector4(r.u0, r.v0, r.u1, r.v1) };
    }
    this.masks.set(regionId, mask);
    return mask;
  }

  private draw(material: THREE.Material): void {
    this.mesh.material = material;
    this.renderer.render(this.scene, this.camera);
  }
}
