import * as THREE from 'three';
import type { BlendMap } from '../../core/blend/computeBlend.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import type { ProjectorModel } from '../../core/geometry/ProjectorModel.ts';
import { CylinderSurface } from '../../core/geometry/surfaces.ts';
import { deg } from '../../core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../core/profile/profileSchema.ts';
import { packGlyphs } from './glyphs.ts';
import { OUTPUT_FRAGMENT, OUTPUT_VERTEX, PATTERNS, type PatternName } from './outputShader.ts';

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

/**
 * One projector's output pass as a three.js mesh: a full-screen triangle with the output shader.
 * Calibration (intrinsics, pose, surface, warp, blend) becomes uniforms and two small float textures;
 * render() draws into whatever the renderer targets (the projector's canvas, or a render target).
 */
export class OutputPass {
  readonly material: THREE.RawShaderMaterial;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly warpTexture: THREE.DataTexture;
  private readonly blendTexture: THREE.DataTexture;
  private readonly geometry: THREE.BufferGeometry;

  constructor(
    inst: Installation,
    readonly projector: ProjectorModel,
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
    this.material = new THREE.RawShaderMaterial({
      glslVersion: THREE.GLSL3,
      vertexShader: OUTPUT_VERTEX,
      fragmentShader: OUTPUT_FRAGMENT,
      depthTest: false,
      depthWrite: false,
      uniforms: {
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
      },
    });
    this.geometry = new THREE.BufferGeometry();
    this.geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    const mesh = new THREE.Mesh(this.geometry, this.material);
    mesh.frustumCulled = false;
    this.scene.add(mesh);
  }

  /** Uses `texture` (linear light over painting-space box `box`) as the content. */
  setContent(texture: THREE.Texture, box: ContentBox): void {
    this.material.uniforms['uContent']!.value = texture;
    (this.material.uniforms['uRegion']!.value as THREE.Vector4).set(box.u0, box.u1, box.v0, box.v1);
  }

  /** Shows a test pattern instead of the content ('content' returns to the show). */
  setPattern(name: PatternName): void {
    this.material.uniforms['uPattern']!.value = PATTERNS[name];
  }

  /** Turns the blend map or the dither on or off (for technicians' checks and for tests). */
  setOptions(options: OutputOptions): void {
    if (options.blend !== undefined) this.material.uniforms['uBlendOn']!.value = options.blend;
    if (options.dither !== undefined) this.material.uniforms['uDither']!.value = options.dither;
  }

  /**
   * Renders at reduced resolution for previews: each fragment stands for `scale` projector pixels
   * (the target must then be width/scale × height/scale). 1 for a real output.
   */
  setPixelScale(scale: number): void {
    this.material.uniforms['uPixelScale']!.value = scale;
  }

  /** Draws the pass into the renderer's current target (the canvas by default). */
  render(renderer: THREE.WebGLRenderer, target: THREE.WebGLRenderTarget | null = null): void {
    renderer.setRenderTarget(target);
    renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.material.dispose();
    this.geometry.dispose();
    this.warpTexture.dispose();
    this.blendTexture.dispose();
  }
}
