import * as THREE from 'three';
import type { BlendMap } from '../../core/blend/computeBlend.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import { ProjectorModel } from '../../core/geometry/ProjectorModel.ts';
import { CylinderSurface } from '../../core/geometry/surfaces.ts';
import { deg } from '../../core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../core/profile/profileSchema.ts';
import type { TestPattern } from '../../core/protocol/commands.ts';
import { packGlyphs } from './glyphs.ts';
import { GRAY_CODE_PATTERN, OUTPUT_FRAGMENT, OUTPUT_VERTEX, PATTERNS, type PatternName } from './outputShader.ts';

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

/** The output shader's defines (see OUTPUT_FRAGMENT), bit i of a variant's index standing for entry i. */
const VARIANT_DEFINES = ['PATTERNS', 'WARP', 'DISTORTION', 'SURFACE_PLANE'] as const;

/**
 * One projector's output pass as a three.js mesh: a full-screen triangle with the output shader.
 * Calibration (intrinsics, pose, surface, warp, blend) becomes uniforms and two small float textures;
 * render() draws into whatever the renderer targets (the projector's canvas, or a render target).
 */
export class OutputPass {
  /** The uniforms every variant of the shader shares. */
  private readonly uniforms: Record<string, THREE.IUniform>;
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
    const p = projector;
    const warp = p.warp;
    this.warpTexture = new THREE.DataTexture(Float32Array.from(warp.offsets), warp.cols, warp.rows, THREE.RGFormat, THREE.FloatType);
    this.warpTexture.needsUpdate = true;
    const blendData = new Float32Array(blend.gridW * blend.gridH * 2);
    for (let i = 0; i < blend.gridW * blend.gridH; i++) {
      blendData[i * 2] = blend.weight[i]!;
      blendData[i * 2 + 1] = blend.count[i]!;
    }
    this.blendTexture = new THREE.DataTexture(blendData, blend.gridW, blend.gridH, THREE.RGFormat, THREE.FloatType);
    this.blendTexture.needsUpdate = true;
    const R = p.R;
    // Camera → world is Rᵀ: its columns are R's rows (right, down, forward). Matrix3.set takes rows.
    const camToWorld = new THREE.Matrix3().set(R[0]!, R[3]!, R[6]!, R[1]!, R[4]!, R[7]!, R[2]!, R[5]!, R[8]!);
    const surface = inst.surface;
    const hall = inst.profile.hall;
    const cyl = surface instanceof CylinderSurface;
    const plane = hall.surface.type === 'plane' ? hall.surface : null;
    const yaw = plane ? deg(plane.yawDeg) : 0;
    const e = new THREE.Vector3(Math.cos(yaw), 0, Math.sin(yaw));
    const glyphs = packGlyphs(p.id);
    // three passes integer vector arrays to uniform2iv as they are: give it the flat Int32Array.
    const glyphUniform = glyphs.packed;
    this.uniforms = {
      uRes: { value: new THREE.Vector2(p.width, p.height) },
      uF: { value: p.f },
      uPP: { value: new THREE.Vector2(p.cx, p.cy) },
      uK: { value: new THREE.Vector2(p.k1, p.k2) },
      uCamToWorld: { value: camToWorld },
      uPos: { value: new THREE.Vector3(...p.C) },
      uSurface: { value: cyl ? 0 : 1 },
      uCyl: { value: cyl ? new THREE.Vector4(surface.radiusM, surface.bottomM, surface.topM, deg(hall.surface.type === 'cylinder' ? (hall.surface.spanDeg ?? 360) : 360)) : new THREE.Vector4() },
      uRef: { value: deg(hall.referenceAzimuthDeg ?? 0) },
      uWrapU: { value: surface.wrapsU },
      uPlaneO: { value: plane ? new THREE.Vector3(...plane.originM) : new THREE.Vector3() },
      uPlaneE: { value: e },
      uPlaneN: { value: new THREE.Vector3(-e.z, 0, e.x) },
      uPlaneSize: { value: plane ? new THREE.Vector2(plane.widthM, plane.heightM) : new THREE.Vector2(1, 1) },
      uWarp: { value: this.warpTexture },
      uWarpSize: { value: new THREE.Vector2(warp.cols, warp.rows) },
      uWarpOn: { value: !warp.identity },
      uBlend: { value: this.blendTexture },
      uBlendSize: { value: new THREE.Vector2(blend.gridW, blend.gridH) },
      uBlendOn: { value: options.blend ?? true },
      uContent: { value: BLACK },
      uRegion: { value: new THREE.Vector4(0, 1, 0, 1) },
      uGamma: { value: config.blend?.gamma ?? 2.2 },
      uBeta: { value: config.blackLevel ?? 0.001 },
      uMaxN: { value: Math.max(1, maxOverlap) },
      uGains: { value: new THREE.Vector3(...(config.colorGains ?? [1, 1, 1])) },
      uPattern: { value: PATTERNS.content },
      uDither: { value: options.dither ?? true },
      uPixelScale: { value: 1 },
      uGlyphs: { value: glyphUniform },
      uGlyphCount: { value: glyphs.length },
      uRaw: { value: false },
      uGray: { value: new THREE.Vector3(0, 0, 0) },
    };
    this.geometry = new THREE.BufferGeometry();
    this.geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    this.mesh = new THREE.Mesh(this.geometry, this.material);
    this.mesh.frustumCulled = false;
    this.scene.add(this.mesh);
  }

  /** The shader variant for what is drawn now: only the code this projector and pattern need (no allocation once made). */
  get material(): THREE.RawShaderMaterial {
    const u = this.uniforms;
    const k = u['uK']!.value as THREE.Vector2;
    const mask =
      (u['uPattern']!.value !== PATTERNS.content ? 1 : 0) | (u['uWarpOn']!.value === true ? 2 : 0) | (k.x !== 0 || k.y !== 0 ? 4 : 0) | (u['uSurface']!.value === 1 ? 8 : 0);
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
    this.uniforms['uContent']!.value = texture;
    (this.uniforms['uRegion']!.value as THREE.Vector4).set(box.u0, box.u1, box.v0, box.v1);
  }

  /** Shows a test pattern instead of the content ('content' returns to the show). */
  setPattern(name: PatternName): void {
    this.uniforms['uPattern']!.value = PATTERNS[name];
    this.uniforms['uRaw']!.value = false;
  }

  /**
   * Shows what the calibration asks for: 'content', a test pattern or a Gray-code frame, in raw output
   * pixels (no warp, blend, gains, gamma or dither: full white is 255, black 0) — except 'paintingGrid',
   * which is drawn through the calibration (it shows where the painting's grid falls). Throws on a
   * Gray-code bit past the output's size.
   */
  setTestPattern(pattern: TestPattern): void {
    const u = this.uniforms;
    if (typeof pattern === 'string') {
      u['uPattern']!.value = PATTERNS[pattern];
      u['uRaw']!.value = true;
      return;
    }
    const g = pattern.grayCode;
    const size = g.axis === 'x' ? this.projector.width : this.projector.height;
    const nbits = Math.max(1, Math.ceil(Math.log2(size)));
    if (g.bit < 0 || g.bit >= nbits) throw new Error(`grayCode.bit: ${g.bit} is past the ${nbits} bits of a ${size} px output`);
    u['uPattern']!.value = GRAY_CODE_PATTERN;
    (u['uGray']!.value as THREE.Vector3).set(g.axis === 'x' ? 0 : 1, nbits - 1 - g.bit, g.inverse ? 1 : 0);
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
    u['uF']!.value = p.f;
    (u['uPP']!.value as THREE.Vector2).set(p.cx, p.cy);
    (u['uK']!.value as THREE.Vector2).set(p.k1, p.k2);
    const R = p.R;
    (u['uCamToWorld']!.value as THREE.Matrix3).set(R[0]!, R[3]!, R[6]!, R[1]!, R[4]!, R[7]!, R[2]!, R[5]!, R[8]!);
    (u['uPos']!.value as THREE.Vector3).set(...p.C);
    const warp = p.warp;
    if (warp.cols === this.warpTexture.image.width && warp.rows === this.warpTexture.image.height) {
      (this.warpTexture.image.data as Float32Array).set(warp.offsets);
      this.warpTexture.needsUpdate = true;
    } else {
      const old = this.warpTexture;
      this.warpTexture = new THREE.DataTexture(Float32Array.from(warp.offsets), warp.cols, warp.rows, THREE.RGFormat, THREE.FloatType);
      this.warpTexture.needsUpdate = true;
      u['uWarp']!.value = this.warpTexture;
      old.dispose();
    }
    (u['uWarpSize']!.value as THREE.Vector2).set(warp.cols, warp.rows);
    u['uWarpOn']!.value = !warp.identity;
    u['uGamma']!.value = config.blend?.gamma ?? 2.2;
    u['uBeta']!.value = config.blackLevel ?? 0.001;
    (u['uGains']!.value as THREE.Vector3).set(...(config.colorGains ?? [1, 1, 1]));
  }

  /** Replaces the blend map (weights and counts) and the hall's largest overlap, live. */
  setBlend(blend: BlendMap, maxOverlap: number): void {
    const data = new Float32Array(blend.gridW * blend.gridH * 2);
    for (let i = 0; i < blend.gridW * blend.gridH; i++) {
      data[i * 2] = blend.weight[i]!;
      data[i * 2 + 1] = blend.count[i]!;
    }
    const u = this.uniforms;
    if (blend.gridW === this.blendTexture.image.width && blend.gridH === this.blendTexture.image.height) {
      (this.blendTexture.image.data as Float32Array).set(data);
      this.blendTexture.needsUpdate = true;
    } else {
      const old = this.blendTexture;
      this.blendTexture = new THREE.DataTexture(data, blend.gridW, blend.gridH, THREE.RGFormat, THREE.FloatType);
      this.blendTexture.needsUpdate = true;
      u['uBlend']!.value = this.blendTexture;
      old.dispose();
    }
    (u['uBlendSize']!.value as THREE.Vector2).set(blend.gridW, blend.gridH);
    u['uMaxN']!.value = Math.max(1, maxOverlap);
  }

  /** Turns the blend map or the dither on or off (for technicians' checks and for tests). */
  setOptions(options: OutputOptions): void {
    if (options.blend !== undefined) this.uniforms['uBlendOn']!.value = options.blend;
    if (options.dither !== undefined) this.uniforms['uDither']!.value = options.dither;
  }

  /**
   * Renders at reduced resolution for previews: each fragment stands for `scale` projector pixels
   * (the target must then be width/scale × height/scale). 1 for a real output.
   */
  setPixelScale(scale: number): void {
    this.uniforms['uPixelScale']!.value = scale;
  }

  /** Draws the pass into the renderer's current target (the canvas by default). */
  render(renderer: THREE.WebGLRenderer, target: THREE.WebGLRenderTarget | null = null): void {
    this.mesh.material = this.material;
    renderer.setRenderTarget(target);
    renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    for (const m of this.variants) m?.dispose();
    this.variants.length = 0;
    this.geometry.dispose();
    this.warpTexture.dispose();
    this.blendTexture.dispose();
  }
}
