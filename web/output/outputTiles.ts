import * as THREE from 'three';
import type { Blend } from '../../engine/core/blend/computeBlend.ts';
import type { Installation } from '../../engine/core/geometry/Installation.ts';
import type { TestPattern } from '../../engine/core/protocol/commands.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import type { FrameState } from '../../engine/core/timeline/FrameState.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { calibrationPattern, CONTENT } from '../../engine/render/output/outputPattern.ts';
import { ProjectorRenderer } from '../../engine/render/ProjectorRenderer.ts';

/** One projector drawn by the page: straight to the canvas, or (preview) to a target blitted into its cell. */
interface Tile {
  readonly renderer: ProjectorRenderer;
  readonly target: THREE.WebGLRenderTarget | null;
  readonly viewport: THREE.Vector4 | null;
}

/** Smallest preview window (px): a tiny window still shows every tile at a readable size. */
const PREVIEW_MIN_W = 640;
const PREVIEW_MIN_H = 360;

/**
 * What an output page draws: one projector at its own resolution, or (the `?projector=all` preview)
 * every projector of the hall tiled in one window, each rendered at reduced resolution into a target
 * and blitted into its cell of a grid.
 */
export class OutputTiles {
  private tiles: Tile[] = [];
  /** Projector ids drawn, in tile order (empty before the documents, or when the projector is unknown). */
  ids: readonly string[] = [];
  private readonly blit = new THREE.Scene();
  private readonly blitCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly blitMaterial = new THREE.MeshBasicMaterial({ depthTest: false });

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    private readonly canvas: HTMLCanvasElement,
  ) {
    const blitQuad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), this.blitMaterial);
    blitQuad.frustumCulled = false;
    this.blit.add(blitQuad);
  }

  /** Releases every tile's GPU resources; nothing is drawn until the next `show`. */
  clear(): void {
    for (const t of this.tiles) {
      t.renderer.dispose();
      t.target?.dispose();
    }
    this.tiles = [];
    this.ids = [];
  }

  /** Builds the tiles for `ids`: one projector full size, several tiled to the window. */
  show(inst: Installation, ids: readonly string[], blend: Blend, show: Show, assets: ContentAssets): void {
    this.clear();
    this.ids = ids;
    if (ids.length === 1) {
      const pr = new ProjectorRenderer(this.renderer, inst, ids[0]!, blend, show, assets);
      this.renderer.setSize(pr.model.width, pr.model.height, false);
      this.tiles = [{ renderer: pr, target: null, viewport: null }];
      return;
    }
    const cols = Math.ceil(Math.sqrt(ids.length));
    const rows = Math.ceil(ids.length / cols);
    const W = Math.max(PREVIEW_MIN_W, Math.floor(window.innerWidth));
    const H = Math.max(PREVIEW_MIN_H, Math.floor(window.innerHeight));
    this.renderer.setSize(W, H, false);
    const tw = Math.floor(W / cols);
    const th = Math.floor(H / rows);
    this.tiles = ids.map((id, i) => {
      const model = inst.projector(id);
      const scale = Math.max(model.width / tw, model.height / th);
      const pr = new ProjectorRenderer(this.renderer, inst, id, blend, show, assets, { contentScale: Math.min(1, 1 / scale) });
      pr.output.setPixelScale(scale);
      const w = Math.floor(model.width / scale);
      const h = Math.floor(model.height / scale);
      const target = new THREE.WebGLRenderTarget(w, h, { depthBuffer: false });
      const c = i % cols;
      const r = Math.floor(i / cols);
      return { renderer: pr, target, viewport: new THREE.Vector4(c * tw + (tw - w) / 2, H - (r + 1) * th + (th - h) / 2, w, h) };
    });
  }

  /** A projector's calibration changed: its tile takes it at once (uniforms and warp texture, no rebuild). */
  updateCalibration(inst: Installation, projectorId: string): void {
    for (const t of this.tiles) if (t.renderer.model.id === projectorId) t.renderer.updateCalibration(inst);
  }

  /** New blend maps for every tile. */
  setBlend(inst: Installation, blend: Blend): void {
    for (const t of this.tiles) t.renderer.setBlend(inst, blend);
  }

  /**
   * Draws `frame` on every tile. A calibration pattern (raw output pixels) replaces the show on its
   * projector; the blackout wins over both, as raw black: 0 on every pixel (no black-level lift, no
   * dither), the projector dark.
   */
  draw(frame: FrameState | null, blackout: boolean, patterns: Readonly<Record<string, TestPattern>>): void {
    for (const t of this.tiles) {
      const pattern = blackout ? 'black' : patterns[t.renderer.model.id];
      t.renderer.setPattern(pattern !== undefined ? calibrationPattern(pattern) : CONTENT);
      t.renderer.output.setOptions({ blend: !blackout });
      t.renderer.render(pattern !== undefined ? null : frame, t.target);
      if (t.target && t.viewport) {
        this.blitMaterial.map = t.target.texture;
        this.renderer.setRenderTarget(null);
        this.renderer.setViewport(t.viewport);
        this.renderer.autoClear = false;
        this.renderer.render(this.blit, this.blitCamera);
        this.renderer.autoClear = true;
      }
    }
    if (this.tiles[0]?.target) this.renderer.setViewport(0, 0, this.canvas.width, this.canvas.height);
  }
}
