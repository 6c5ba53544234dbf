import * as THREE from 'three';
import type { Blend } from '../../core/blend/computeBlend.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import { deg } from '../../core/geometry/vec3.ts';
import type { Show } from '../../core/show/showSchema.ts';
import type { FrameState } from '../../core/timeline/FrameState.ts';
import { ContentCompositor, type ContentAssets } from '../content/ContentCompositor.ts';
import type { PatternName } from '../output/outputShader.ts';
import { namedPattern } from '../output/outputPattern.ts';
import { MAX_TEXTURE_PX, ProjectorRenderer } from '../ProjectorRenderer.ts';
import { SIM_ENCODE_FRAGMENT, SIM_LIGHT_FRAGMENT, SIM_VERTEX } from './simShaders.ts';

/** The hall simulator's light-pass uniforms for a view of width × height on a hall (the projector's own set per draw). */
function simLightUniforms(width: number, height: number, hall: Installation['profile']['hall']) {
  const plane = hall.surface.type === 'plane' ? hall.surface : null;
  const cyl = hall.surface.type === 'cylinder' ? hall.surface : null;
  const yaw = plane ? deg(plane.yawDeg) : 0;
  return {
    uView: { value: new THREE.Vector2(width, height) },
    uEmitted: { value: null as THREE.Texture | null },
    uRes: { value: new THREE.Vector2() },
    uF: { value: 1 },
    uPP: { value: new THREE.Vector2() },
    uK: { value: new THREE.Vector2() },
    uWorldToCam: { value: new THREE.Matrix3() },
    uPos: { value: new THREE.Vector3() },
    uSurface: { value: cyl ? 0 : 1 },
    uCyl: { value: cyl ? new THREE.Vector4(cyl.radiusM, cyl.bottomM, cyl.topM, deg(cyl.spanDeg ?? 360)) : new THREE.Vector4() },
    uRef: { value: deg(hall.referenceAzimuthDeg ?? 0) },
    uPlaneO: { value: plane ? new THREE.Vector3(...plane.originM) : new THREE.Vector3() },
    uPlaneE: { value: new THREE.Vector3(Math.cos(yaw), 0, Math.sin(yaw)) },
    uPlaneSize: { value: plane ? new THREE.Vector2(plane.widthM, plane.heightM) : new THREE.Vector2(1, 1) },
    uGamma: { value: 2.2 },
    uBeta: { value: 0.001 },
  };
}

/** The light pass's uniforms, typed. */
type SimLightUniforms = ReturnType<typeof simLightUniforms>;

/**
 * The hall simulator's picture: every projector renders its real output (the calibrated pipeline),
 * then that light is thrown onto the wall from the projector's TRUE pose and summed, giving the
 * unwrapped wall as a visitor would see it lit (double images and seams included). Projectors are
 * rendered one at a time into one reused target, so memory stays at one output.
 *
 * On a "painted" canvas (profile hall.canvas) the wall carries the picture: the projectors emit light
 * only (their compositors leave painting-mode image layers out) and the view is reflectance × received
 * light, the reflectance being the frame's painting-mode image layers composed alone over the wall
 * (white where there are none, and white for a test pattern without a frame).
 */
export class HallSimulator {
  readonly width: number;
  readonly height: number;
  private readonly renderers: ProjectorRenderer[];
  private readonly emitted: THREE.WebGLRenderTarget[] = [];
  private readonly light: THREE.WebGLRenderTarget;
  private readonly lightMaterial: THREE.RawShaderMaterial;
  /** The light pass's uniforms (SIM_LIGHT_FRAGMENT), set per projector. */
  private readonly lightU: SimLightUniforms;
  private readonly encodeMaterial: THREE.RawShaderMaterial;
  /** Painted canvas only: the wall's reflectance target and the compositor that draws it. */
  private readonly reflectance: { readonly target: THREE.WebGLRenderTarget; readonly compositor: ContentCompositor } | null;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly mesh: THREE.Mesh;
  /** Per projector, the light target's pixel rects its true footprint can reach (two across the seam). */
  private readonly footprints: (readonly [number, number, number, number])[][];

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    calibrated: Installation,
    blend: Blend,
    private readonly truth: Installation,
    show: Show | null,
    assets: ContentAssets,
    viewWidth = 4096,
    /** Content texels per projector pixel, relative (default 1; the virtual visit uses less on a software GPU). */
    contentScale = 1,
  ) {
    const surf = calibrated.surface;
    this.width = Math.min(MAX_TEXTURE_PX, Math.round(viewWidth));
    this.height = Math.max(16, Math.min(MAX_TEXTURE_PX, Math.round((this.width * surf.heightM) / surf.widthM)));
    this.renderers = calibrated.projectors.map((p) => new ProjectorRenderer(renderer, calibrated, p.id, blend, show, assets, { contentScale }));
    this.light = new THREE.WebGLRenderTarget(this.width, this.height, { type: THREE.FloatType, depthBuffer: false });
    this.footprints = this.renderers.map((pr) => footprintRects(truth, pr.model.id, this.width, this.height));
    const hall = calibrated.profile.hall;
    this.lightU = simLightUniforms(this.width, this.height, hall);
    this.lightMaterial = new THREE.RawShaderMaterial({
      glslVersion: THREE.GLSL3,
      vertexShader: SIM_VERTEX,
      fragmentShader: SIM_LIGHT_FRAGMENT,
      blending: THREE.AdditiveBlending,
      depthTest: false,
      depthWrite: false,
      uniforms: this.lightU,
    });
    this.reflectance =
      hall.canvas === 'painted' && show
        ? {
            target: new THREE.WebGLRenderTarget(this.width, this.height, { type: THREE.HalfFloatType, depthBuffer: false, minFilter: THREE.LinearFilter, magFilter: THREE.LinearFilter }),
            compositor: new ContentCompositor(renderer, { regions: show.regions, aspect: surf.widthM / surf.heightM, wrapsU: surf.wrapsU, assets, canvas: 'painted' }),
          }
        : null;
    this.encodeMaterial = new THREE.RawShaderMaterial({
      glslVersion: THREE.GLSL3,
      vertexShader: SIM_VERTEX,
      fragmentShader: SIM_ENCODE_FRAGMENT,
      depthTest: false,
      depthWrite: false,
      uniforms: {
        uLight: { value: this.light.texture },
        uReflect: { value: this.reflectance ? this.reflectance.target.texture : this.light.texture },
        uPainted: { value: this.reflectance !== null },
        uView: { value: new THREE.Vector2(this.width, this.height) },
      },
    });
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    this.mesh = new THREE.Mesh(geometry, this.lightMaterial);
    this.mesh.frustumCulled = false;
    this.scene.add(this.mesh);
  }

  /**
   * Renders the visitor's view of `frame` (or of a test pattern) into the canvas, sized width × height,
   * or into `target` (the virtual visit maps it onto the 3D wall). Leaves `target` as the render target.
   */
  render(frame: FrameState | null, pattern: PatternName = 'content', target: THREE.WebGLRenderTarget | null = null): void {
    const r = this.renderer;
    this.light.scissorTest = false;
    r.setRenderTarget(this.light);
    r.setClearColor(0x000000, 1);
    r.clear();
    const cfg = this.truth.profile.projectors;
    this.renderers.forEach((pr, index) => {
      const rects = this.footprints[index]!;
      if (rects.length === 0) return; // lights nothing of the wall
      const model = pr.model;
      const truthModel = this.truth.projector(model.id);
      const emitted = this.emittedTarget(model.width, model.height);
      pr.setPattern(namedPattern(pattern));
      pr.render(pattern === 'content' ? frame : null, emitted);
      const u = this.lightU;
      const R = truthModel.R;
      u.uEmitted.value = emitted.texture;
      u.uRes.value.set(truthModel.width, truthModel.height);
      u.uF.value = truthModel.f;
      u.uPP.value.set(truthModel.cx, truthModel.cy);
      u.uK.value.set(truthModel.k1, truthModel.k2);
      u.uWorldToCam.value.set(R[0]!, R[1]!, R[2]!, R[3]!, R[4]!, R[5]!, R[6]!, R[7]!, R[8]!);
      u.uPos.value.set(...truthModel.C);
      const c = cfg.find((p) => p.id === model.id);
      u.uGamma.value = c?.blend?.gamma ?? 2.2;
      u.uBeta.value = c?.blackLevel ?? 0.001;
      this.mesh.material = this.lightMaterial;
      // Accumulate: the light target must not be cleared between projectors. Only the projector's
      // footprint is drawn (everything outside it is discarded anyway): on a software rasteriser a
      // twelve-projector round costs a twelfth of full-view passes.
      const autoClear = r.autoClear;
      r.autoClear = false;
      this.light.scissorTest = true;
      for (const [x, y, w, h] of rects) {
        this.light.scissor.set(x, y, w, h);
        r.setRenderTarget(this.light);
        r.render(this.scene, this.camera);
      }
      this.light.scissorTest = false;
      r.autoClear = autoClear;
    });
    if (this.reflectance) {
      const { target: rt, compositor } = this.reflectance;
      if (frame) compositor.renderReflectance(frame, WHOLE_WALL, rt);
      else {
        r.setRenderTarget(rt);
        r.setClearColor(0xffffff, 1);
        r.clear();
        r.setClearColor(0x000000, 1);
      }
    }
    this.mesh.material = this.encodeMaterial;
    r.setRenderTarget(target);
    r.render(this.scene, this.camera);
  }

  private emittedTarget(width: number, height: number): THREE.WebGLRenderTarget {
    // One target per distinct resolution, reused by every projector that has it.
    const found = this.emitted.find((t) => t.width === width && t.height === height);
    if (found) return found;
    const t = new THREE.WebGLRenderTarget(width, height, { type: THREE.UnsignedByteType, depthBuffer: false, minFilter: THREE.LinearFilter, magFilter: THREE.LinearFilter });
    this.emitted.push(t);
    return t;
  }

  dispose(): void {
    for (const r of this.renderers) r.dispose();
    for (const t of this.emitted) t.dispose();
    this.light.dispose();
    this.reflectance?.target.dispose();
    this.reflectance?.compositor.dispose();
    this.lightMaterial.dispose();
    this.encodeMaterial.dispose();
  }
}

const WHOLE_WALL = { u0: 0, u1: 1, v0: 0, v1: 1 } as const;

/**
 * The pixel rects of a width × height painting view that a projector's true footprint can reach: its
 * sampled coverage widened by one sampling cell and two pixels (the sampled box can fall just inside
 * the real edge), split in two where it straddles the seam of a round wall. Empty when it misses the wall.
 */
export function footprintRects(truth: Installation, projectorId: string, width: number, height: number): (readonly [number, number, number, number])[] {
  const cov = truth.coverage(truth.projector(projectorId));
  if (!cov) return [];
  const mu = (cov.u1 - cov.u0) / 24 + 2 / width;
  const mv = (cov.v1 - cov.v0) / 24 + 2 / height;
  const y0 = Math.max(0, Math.floor((cov.v0 - mv) * height));
  const y1 = Math.min(height, Math.ceil((cov.v1 + mv) * height));
  let x0 = Math.floor((cov.u0 - mu) * width);
  let x1 = Math.ceil((cov.u1 + mu) * width);
  if (!truth.surface.wrapsU || x1 - x0 >= width) return [[Math.max(0, x0), y0, Math.min(width, x1) - Math.max(0, x0), y1 - y0]];
  if (x0 < 0) {
    x0 += width;
    x1 += width;
  }
  if (x1 <= width) return [[x0, y0, x1 - x0, y1 - y0]];
  return [
    [x0, y0, width - x0, y1 - y0],
    [0, y0, x1 - width, y1 - y0],
  ];
}
