import * as THREE from 'three';
import type { BlendMap } from '../../core/blend/computeBlend.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import type { ProjectorModel } from '../../core/geometry/ProjectorModel.ts';
import { CylinderSurface } from '../../core/geometry/surfaces.ts';
import { deg } from '../../core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../core/profile/profileSchema.ts';
import { packGlyphs } from './glyphs.ts';
import { PATTERNS } from './outputShader.ts';

type U<T> = THREE.IUniform<T>;

/** Every uniform of the output shader (OUTPUT_FRAGMENT), typed: read and set without string lookups. */
export type OutputUniforms = {
  uRes: U<THREE.Vector2>;
  uF: U<number>;
  uPP: U<THREE.Vector2>;
  uK: U<THREE.Vector2>;
  uCamToWorld: U<THREE.Matrix3>;
  uPos: U<THREE.Vector3>;
  /** 0 cylinder, 1 plane. */
  uSurface: U<number>;
  uCyl: U<THREE.Vector4>;
  uRef: U<number>;
  uWrapU: U<boolean>;
  uPlaneO: U<THREE.Vector3>;
  uPlaneE: U<THREE.Vector3>;
  uPlaneN: U<THREE.Vector3>;
  uPlaneSize: U<THREE.Vector2>;
  uWarp: U<THREE.DataTexture>;
  uWarpSize: U<THREE.Vector2>;
  uWarpOn: U<boolean>;
  uBlend: U<THREE.DataTexture>;
  uBlendSize: U<THREE.Vector2>;
  uBlendOn: U<boolean>;
  uContent: U<THREE.Texture>;
  uRegion: U<THREE.Vector4>;
  uGamma: U<number>;
  uBeta: U<number>;
  uMaxN: U<number>;
  uGains: U<THREE.Vector3>;
  uPattern: U<number>;
  uDither: U<boolean>;
  uPixelScale: U<number>;
  /** Flat Int32Array: three passes integer vector arrays to uniform2iv as they are. */
  uGlyphs: U<Int32Array>;
  uGlyphCount: U<number>;
  /** Fixed patterns in raw output pixels (OutputPattern.raw). */
  uRaw: U<boolean>;
  /** Gray-code frame: axis (0 x, 1 y), shift (nbits − 1 − bit), inverse (0/1). */
  uGray: U<THREE.Vector3>;
};

/** Sets the projector's lens and pose uniforms (intrinsics, distortion, camera → world, centre). */
export function setProjectorUniforms(u: OutputUniforms, p: ProjectorModel): void {
  const R = p.R;
  u.uF.value = p.f;
  u.uPP.value.set(p.cx, p.cy);
  u.uK.value.set(p.k1, p.k2);
  // Camera → world is Rᵀ: its columns are R's rows (right, down, forward). Matrix3.set takes rows.
  u.uCamToWorld.value.set(R[0]!, R[3]!, R[6]!, R[1]!, R[4]!, R[7]!, R[2]!, R[5]!, R[8]!);
  u.uPos.value.set(...p.C);
}

/** Sets the per-projector output settings of its config: blend gamma, black level, colour gains. */
export function setConfigUniforms(u: OutputUniforms, config: ProjectorConfig): void {
  u.uGamma.value = config.blend?.gamma ?? 2.2;
  u.uBeta.value = config.blackLevel ?? 0.001;
  u.uGains.value.set(...(config.colorGains ?? [1, 1, 1]));
}

/** The output shader's uniforms for one projector of an installation (the show's content black until set). */
export function createOutputUniforms(
  inst: Installation,
  p: ProjectorModel,
  config: ProjectorConfig,
  textures: { readonly warp: THREE.DataTexture; readonly blend: THREE.DataTexture; readonly content: THREE.Texture },
  blend: BlendMap,
  maxOverlap: number,
  options: { readonly blend?: boolean; readonly dither?: boolean },
): OutputUniforms {
  const surface = inst.surface;
  const hall = inst.profile.hall;
  const cyl = surface instanceof CylinderSurface;
  const plane = hall.surface.type === 'plane' ? hall.surface : null;
  const yaw = plane ? deg(plane.yawDeg) : 0;
  const e = new THREE.Vector3(Math.cos(yaw), 0, Math.sin(yaw));
  const glyphs = packGlyphs(p.id);
  const u: OutputUniforms = {
    uRes: { value: new THREE.Vector2(p.width, p.height) },
    uF: { value: 0 },
    uPP: { value: new THREE.Vector2() },
    uK: { value: new THREE.Vector2() },
    uCamToWorld: { value: new THREE.Matrix3() },
    uPos: { value: new THREE.Vector3() },
    uSurface: { value: cyl ? 0 : 1 },
    uCyl: { value: cyl ? new THREE.Vector4(surface.radiusM, surface.bottomM, surface.topM, deg(hall.surface.type === 'cylinder' ? (hall.surface.spanDeg ?? 360) : 360)) : new THREE.Vector4() },
    uRef: { value: deg(hall.referenceAzimuthDeg ?? 0) },
    uWrapU: { value: surface.wrapsU },
    uPlaneO: { value: plane ? new THREE.Vector3(...plane.originM) : new THREE.Vector3() },
    uPlaneE: { value: e },
    uPlaneN: { value: new THREE.Vector3(-e.z, 0, e.x) },
    uPlaneSize: { value: plane ? new THREE.Vector2(plane.widthM, plane.heightM) : new THREE.Vector2(1, 1) },
    uWarp: { value: textures.warp },
    uWarpSize: { value: new THREE.Vector2(p.warp.cols, p.warp.rows) },
    uWarpOn: { value: !p.warp.identity },
    uBlend: { value: textures.blend },
    uBlendSize: { value: new THREE.Vector2(blend.gridW, blend.gridH) },
    uBlendOn: { value: options.blend ?? true },
    uContent: { value: textures.content },
    uRegion: { value: new THREE.Vector4(0, 1, 0, 1) },
    uGamma: { value: 2.2 },
    uBeta: { value: 0.001 },
    uMaxN: { value: Math.max(1, maxOverlap) },
    uGains: { value: new THREE.Vector3(1, 1, 1) },
    uPattern: { value: PATTERNS.content },
    uDither: { value: options.dither ?? true },
    uPixelScale: { value: 1 },
    uGlyphs: { value: glyphs.packed },
    uGlyphCount: { value: glyphs.length },
    uRaw: { value: false },
    uGray: { value: new THREE.Vector3(0, 0, 0) },
  };
  setProjectorUniforms(u, p);
  setConfigUniforms(u, config);
  return u;
}
