import * as THREE from 'three';
import type { BlendMap } from '../../core/blend/computeBlend.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import { ProjectorModel } from '../../core/geometry/ProjectorModel.ts';
import type { ProjectorConfig } from '../../core/profile/profileSchema.ts';
import type { OutputPattern } from './outputPattern.ts';
import { createOutputUniforms, setConfigUniforms, setProjectorUniforms, type OutputUniforms } from './outputUniforms.ts';
import { GRAY_CODE_PATTERN, OUTPUT_FRAGMENT, OUTPUT_VERTEX, PATTERNS } from './outputShader.ts';

/** The painting-space box a content texture covers (u1 may pass 1 across the seam). */
export interface ContentBox {
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

/** Settings of the output pass that are not calibration. */
export interface OutputOptions {
  /** Apply the blend map (default true). */
  readonly blend?: boolean;
  /** Ordered dither before 8-bit quantisation (default true). */
  readonly dither?: boolean;
}

const BLACK = new THREE.DataTexture(new Float32Array([0, 0, 0, 1]), 1, 1, THREE.RGBAFormat, THREE.FloatType);
BLACK.needsUpdate = true;

/** A blend map as RG float texels: weight, projector count. */
function blendTexels(blend: BlendMap): Float32Array {
  const data = new Float32Array(blend.gridW * blend.gridH * 2);
  for (let i = 0; i < blend.gridW * blend.gridH; i++) {
    data[i * 2] = blend.weight[i]!;
    data[i * 2 + 1] = blend.count[i]!;
  }
  return data;
}

/** The output shader's defines (see OUTPUT_FRAGMENT), bit i of a variant's index standing for entry i. */
const VARIANT_DEFINES = ['PATTERNS', 'WARP', 'DISTORTION', 'SURFACE_PLANE'] as const;

/**
 * One projector's output pass as a three.js mesh: a full-screen triangle with the output shader.
 * Calibration (intrinsics, pose, surface, warp, blend) becomes uniforms and two small float textures;
 * render() draws into whatever the renderer targets (the projector's canvas, or a render target).
 */
export class OutputPass {
  /** The uniforms every variant of the shader shares. */
  private readonly uniforms: OutputUniforms;
  /** Compiled variants by the bits of their defines (VARIANT_DEFINES), made on first use and kept. */
  private readonly variants: (THREE.RawShaderMaterial | undefined)[] = [];
  private readonly mesh: THREE.Mesh;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private warpTexture: THREE.DataTexture;
  private blendTexture: THREE.DataTexture;
  private readonly geometry: THREE.BufferGeometry;

  constructor(
    inst: Installation,
    /** The projector's model (replaced by setCalibration). */
    public projector: ProjectorModel,
    config: ProjectorConfig,
    blend: BlendMap,
    maxOverlap: number,
    options: OutputOptions = {},
  ) {
    const warp = projector.warp;
    this.warpTexture = new THREE.DataTexture(Float32Array.from(warp.offsets), warp.cols, warp.rows, THREE.RGFormat, THREE.FloatType);
    this.warpTexture.needsUpdate = true;
    this.blendTexture = new THREE.DataTexture(blendTexels(blend), blend.gridW, blend.gridH, THREE.RGFormat, THREE.FloatType);
    this.blendTexture.needsUpdate = true;
    this.uniforms = createOutputUniforms(inst, projector, config, { warp: this.warpTexture, blend: this.blendTexture, content: BLACK }, blend, maxOverlap, options);
    this.geometry = new THREE.BufferGeometry();
    this.geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    this.mesh = new THREE.Mesh(this.geometry, this.material);
    this.mesh.frustumCulled = false;
    this.scene.add(this.mesh);
  }

  /** The shader variant for what is drawn now: only the code this projector and pattern need (no allocation once made). */
  get material(): THREE.RawShaderMaterial {
    const u = this.uniforms;
    const k = u.uK.value;
    const mask = (u.uPattern.value !== PATTERNS.content ? 1 : 0) | (u.uWarpOn.value ? 2 : 0) | (k.x !== 0 || k.y !== 0 ? 4 : 0) | (u.uSurface.value === 1 ? 8 : 0);
    let m = this.variants[mask];
    if (!m) {
      const defines = Object.fromEntries(VARIANT_DEFINES.filter((_, bit) => mask & (1 << bit)).map((name) => [name, '']));
      m = new THREE.RawShaderMaterial({ glslVersion: THREE.GLSL3, vertexShader: OUTPUT_VERTEX, fragmentShader: OUTPUT_FRAGMENT, depthTest: false, depthWrite: false, uniforms: u, defines });
      this.variants[mask] = m;
    }
    return m;
  }

  /** Uses `texture` (linear light over painting-space box `box`) as the content. */
  setContent(texture: THREE.Texture, box: ContentBox): void {
    this.uniforms.uContent.value = texture;
    this.uniforms.uRegion.value.set(box.u0, box.u1, box.v0, box.v1);
  }

  /**
   * Shows the show, a fixed test pattern (in raw output pixels or through the calibration, as the
   * pattern says) or a Gray-code frame. Throws on a Gray-code bit past the output's size.
   */
  setPattern(pattern: OutputPattern): void {
    const u = this.uniforms;
    if (pattern.type === 'content') {
      u.uPattern.value = PATTERNS.content;
      u.uRaw.value = false;
    } else if (pattern.type === 'pattern') {
      u.uPattern.value = PATTERNS[pattern.name];
      u.uRaw.value = pattern.raw;
    } else {
      const g = pattern.frame;
      const size = g.axis === 'x' ? this.projector.width : this.projector.height;
      const nbits = Math.max(1, Math.ceil(Math.log2(size)));
      if (g.bit < 0 || g.bit >= nbits) throw new Error(`grayCode.bit: ${g.bit} is past the ${nbits} bits of a ${size} px output`);
      u.uPattern.value = GRAY_CODE_PATTERN;
      u.uGray.value.set(g.axis === 'x' ? 0 : 1, nbits - 1 - g.bit, g.inverse ? 1 : 0);
    }
  }

  /**
   * Applies a projector's new calibration live (pose, lens, warp grid, blend gamma, black level, gains)
   * as uniforms and the warp texture; the shader is recompiled only when the warp grid stops being the
   * identity or the lens gains distortion (the first time each happens). The resolution must not change.
   */
  setCalibration(config: ProjectorConfig): void {
    if (config.resolution.width !== this.projector.width || config.resolution.height !== this.projector.height) {
      throw new Error(`setCalibration: projector ${config.id} changed resolution (${this.projector.width}×${this.projector.height} → ${config.resolution.width}×${config.resolution.height}); rebuild the output`);
    }
    const p = new ProjectorModel(config);
    this.projector = p;
    const u = this.uniforms;
    setProjectorUniforms(u, p);
    const warp = p.warp;
    this.warpTexture = this.refill(this.warpTexture, Float32Array.from(warp.offsets), warp.cols, warp.rows);
    u.uWarp.value = this.warpTexture;
    u.uWarpSize.value.set(warp.cols, warp.rows);
    u.uWarpOn.value = !warp.identity;
    setConfigUniforms(u, config);
  }

  /** Replaces the blend map (weights and counts) and the hall's largest overlap, live. */
  setBlend(blend: BlendMap, maxOverlap: number): void {
    const u = this.uniforms;
    this.blendTexture = this.refill(this.blendTexture, blendTexels(blend), blend.gridW, blend.gridH);
    u.uBlend.value = this.blendTexture;
    u.uBlendSize.value.set(blend.gridW, blend.gridH);
    u.uMaxN.value = Math.max(1, maxOverlap);
  }

  /** New RG float texels for a texture: in place when the size is the same, else a new texture (the old one freed). */
  private refill(texture: THREE.DataTexture, data: Float32Array, width: number, height: number): THREE.DataTexture {
    if (width === texture.image.width && height === texture.image.height) {
      (texture.image.data as Float32Array).set(data);
      texture.needsUpdate = true;
      return texture;
    }
    const fresh = new THREE.DataTexture(data, width, height, THREE.RGFormat, THREE.FloatType);
    fresh.needsUpdate = true;
    texture.dispose();
    return fresh;
  }

  /** Turns the blend map or the dither on or off (for technicians' checks and for tests). */
  setOptions(options: OutputOptions): void {
    if (options.blend !== undefined) this.uniforms.uBlendOn.value = options.blend;
    if (options.dither !== undefined) this.uniforms.uDither.value = options.dither;
  }

  /**
   * Renders at reduced resolution for previews: each fragment stands for `scale` projector pixels
   * (the target must then be width/scale × height/scale). 1 for a real output.
   */
  setPixelScale(scale: number): void {
    this.uniforms.uPixelScale.value = scale;
  }

  /** Draws the pass into the renderer's current target (the canvas by default). */
  render(renderer: THREE.WebGLRenderer, target: THREE.WebGLRenderTarget | null = null): void {
    this.mesh.material = this.material;
    renderer.setRenderTarget(target);
    renderer.render(this.scene, this.camera);
  }

  /** Frees the pass's GPU resources (compiled variants, geometry, warp and blend textures). */
  dispose(): void {
    for (const m of this.variants) m?.dispose();
    this.variants.length = 0;
    this.geometry.dispose();
    this.warpTexture.dispose();
    this.blendTexture.dispose();
  }
}
