import * as THREE from 'three';
import type { Blend } from '../core/blend/computeBlend.ts';
import type { Coverage, Installation } from '../core/geometry/Installation.ts';
import type { ProjectorModel } from '../core/geometry/ProjectorModel.ts';
import type { Show } from '../core/show/showSchema.ts';
import type { FrameState } from '../core/timeline/FrameState.ts';
import { ContentCompositor, type ContentAssets } from './content/ContentCompositor.ts';
import { OutputPass, type ContentBox, type OutputOptions } from './output/OutputPass.ts';
import type { OutputPattern } from './output/outputPattern.ts';

/** The largest texture the engine creates on any machine (SwiftShader's limit; larger images are tiled). */
export const MAX_TEXTURE_PX = 8192;

/** The painting-space box to compose for a projector: its coverage plus a margin, kept on the wall. */
export function contentBoxFor(cov: Coverage, wrapsU: boolean): ContentBox {
  const mu = (cov.u1 - cov.u0) * 0.03 + 1e-4;
  const mv = (cov.v1 - cov.v0) * 0.03 + 1e-4;
  const u0 = wrapsU ? cov.u0 - mu : Math.max(0, cov.u0 - mu);
  const u1 = wrapsU ? cov.u1 + mu : Math.min(1, cov.u1 + mu);
  return { u0, u1, v0: Math.max(0, cov.v0 - mv), v1: Math.min(1, cov.v1 + mv) };
}

/**
 * Size of the content texture for a projector: about as many texels as the projector has pixels (×1.25),
 * shaped like the box on the wall, never over MAX_TEXTURE_PX a side.
 */
export function contentTargetSize(p: ProjectorModel, box: ContentBox, widthM: number, heightM: number, scale = 1): { width: number; height: number } {
  const aspect = ((box.u1 - box.u0) * widthM) / Math.max(1e-9, (box.v1 - box.v0) * heightM);
  const texels = p.width * p.height * 1.25 * scale * scale;
  const height = Math.sqrt(texels / aspect);
  const clamp = (x: number) => Math.max(16, Math.min(MAX_TEXTURE_PX, Math.round(x)));
  return { width: clamp(height * aspect), height: clamp(height) };
}

/**
 * Everything one projector output needs each frame: compose the show into content for the part of the
 * painting this projector lights, then run the output pass. One per output window.
 */
export class ProjectorRenderer {
  model: ProjectorModel;
  box: ContentBox;
  readonly output: OutputPass;
  private readonly compositor: ContentCompositor | null;
  private readonly target: THREE.WebGLRenderTarget | null;

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    inst: Installation,
    projectorId: string,
    blend: Blend,
    show: Show | null,
    assets: ContentAssets,
    options: OutputOptions & { /** Content texels relative to the projector's pixels (default 1; previews use less). */ readonly contentScale?: number } = {},
  ) {
    this.model = inst.projector(projectorId);
    const index = inst.projectors.indexOf(this.model);
    const cov = inst.coverage(this.model) ?? { u0: 0, u1: 1, v0: 0, v1: 1 };
    this.box = contentBoxFor(cov, inst.surface.wrapsU);
    this.output = new OutputPass(inst, this.model, inst.profile.projectors[index]!, blend.maps[index]!, blend.maxOverlap, options);
    if (show) {
      const size = contentTargetSize(this.model, this.box, inst.surface.widthM, inst.surface.heightM, options.contentScale ?? 1);
      this.target = new THREE.WebGLRenderTarget(size.width, size.height, {
        type: THREE.HalfFloatType,
        format: THREE.RGBAFormat,
        minFilter: THREE.LinearFilter,
        magFilter: THREE.LinearFilter,
        depthBuffer: false,
        generateMipmaps: false,
      });
      this.compositor = new ContentCompositor(renderer, { regions: show.regions, aspect: inst.surface.widthM / inst.surface.heightM, wrapsU: inst.surface.wrapsU, assets, canvas: inst.profile.hall.canvas ?? 'screen' });
      this.output.setContent(this.target.texture, this.box);
    } else {
      this.target = null;
      this.compositor = null;
    }
  }

  /** Shows the show, a test pattern or a Gray-code frame (OutputPass.setPattern). */
  setPattern(pattern: OutputPattern): void {
    this.output.setPattern(pattern);
  }

  /**
   * Applies this projector's new calibration live: the output pass's uniforms and warp texture, and the
   * painting box its content is composed for (the pose moved the part of the wall it lights). `inst`
   * is the installation with the new config; the blend maps follow separately (setBlend).
   */
  updateCalibration(inst: Installation): void {
    const model = inst.projector(this.model.id);
    const index = inst.projectors.indexOf(model);
    this.output.setCalibration(inst.profile.projectors[index]!);
    this.model = this.output.projector;
    const cov = inst.coverage(this.model) ?? { u0: 0, u1: 1, v0: 0, v1: 1 };
    this.box = contentBoxFor(cov, inst.surface.wrapsU);
    if (this.target) this.output.setContent(this.target.texture, this.box);
  }

  /** Replaces this projector's blend map from a blend of the whole hall. */
  setBlend(inst: Installation, blend: Blend): void {
    const index = inst.projectors.findIndex((p) => p.id === this.model.id);
    this.output.setBlend(blend.maps[index]!, blend.maxOverlap);
  }

  /** Renders one frame of the show (or the current pattern) into `target` (the canvas when null). */
  render(frame: FrameState | null, target: THREE.WebGLRenderTarget | null = null): void {
    if (frame && this.compositor && this.target) this.compositor.render(frame, this.box, this.target);
    this.output.render(this.renderer, target);
  }

  dispose(): void {
    this.output.dispose();
    this.compositor?.dispose();
    this.target?.dispose();
  }
}
