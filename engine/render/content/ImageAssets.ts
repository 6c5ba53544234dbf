import * as THREE from 'three';
import { chooseLevel, parsePyramidManifestValue, tilePath, tilesInBox, type PaintingBox, type PyramidLevel, type PyramidManifest } from '../../core/painting/tilePyramid.ts';
import type { Installation } from '../../core/geometry/Installation.ts';
import { formatProblem } from '../../core/json/parseJsonText.ts';
import type { Show } from '../../core/show/showSchema.ts';
import type { ContentAssets, ContentImage, ContentTile } from './ContentCompositor.ts';
import { contentBoxFor, contentTargetSize } from '../ProjectorRenderer.ts';

/** The largest tile edge the engine uploads (well under every GPU's texture limit). */
export const TILE_PX = 4096;
/** Without a stated need, a pyramid shows at its coarsest level at least this wide (whole painting). */
export const DEFAULT_PYRAMID_WIDTH_PX = 8192;
/** Tiles fetched and decoded at once. */
const PARALLEL_FETCHES = 6;

/**
 * What one content texture needs from the painting: the painting-space box it composes and its size
 * in texels (ProjectorRenderer's content target). The painting level is chosen so that box is never
 * magnified, and only the tiles under the box are fetched.
 */
export interface ContentNeed {
  readonly box: PaintingBox;
  readonly widthPx: number;
  readonly heightPx: number;
}

/** The content needs of some projectors of an installation (all when `ids` is omitted), at a content scale (previews use less than 1). */
export function projectorNeeds(inst: Installation, ids?: readonly string[], contentScale = 1): ContentNeed[] {
  return (ids ?? inst.projectors.map((p) => p.id)).map((id) => {
    const model = inst.projector(id);
    const box = contentBoxFor(inst.coverage(model) ?? { u0: 0, u1: 1, v0: 0, v1: 1 }, inst.surface.wrapsU);
    const size = contentTargetSize(model, box, inst.surface.widthM, inst.surface.heightM, contentScale);
    return { box, widthPx: size.width, heightPx: size.height };
  });
}

/** What was loaded for one pyramid (for logs and tests). */
export interface PyramidLoad {
  readonly src: string;
  readonly level: PyramidLevel;
  readonly tilesLoaded: number;
  readonly tilesInLevel: number;
}

/** Options of preload: what the outputs will compose, and whether u wraps round the hall. */
export interface PreloadOptions {
  readonly needs?: readonly ContentNeed[];
  readonly wrapsU?: boolean;
}

function textureOf(bitmap: ImageBitmap): THREE.Texture {
  const texture = new THREE.Texture(bitmap);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.flipY = false;
  texture.generateMipmaps = false;
  texture.minFilter = THREE.LinearFilter;
  texture.needsUpdate = true;
  return texture;
}

const DECODE: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/**
 * Images for image layers, fetched from the asset server (`/assets/<path>`), decoded off the main
 * thread, no texture larger than TILE_PX a side. A `src` ending in `.json` is a tile pyramid manifest
 * (`npm run assets:import`): the level that fits the outputs' content resolution is chosen and only
 * the tiles under their boxes are fetched. A plain image is split into TILE_PX tiles. A missing or
 * undecodable image is reported once and its layers stay dark; a missing tile leaves a dark hole.
 */
export class ImageAssets implements ContentAssets {
  private readonly images = new Map<string, ContentImage | null>();
  /** Problems met while loading, one line each ("paintings/x.png: HTTP 404"). */
  readonly problems: string[] = [];
  /** The level and tiles loaded for each pyramid. */
  readonly pyramids: PyramidLoad[] = [];

  constructor(private readonly baseUrl = '/assets/') {}

  image(src: string): ContentImage | null {
    return this.images.get(src) ?? null;
  }

  /** Loads every image the show's image clips use; pyramids at the level and extent `options.needs` asks for. */
  async preload(show: Show, options: PreloadOptions = {}): Promise<void> {
    const srcs = new Map<string, boolean>();
    for (const track of show.tracks) {
      if (track.type !== 'image') continue;
      // Only painting-mode layers cover the wall 1:1, so only they may skip tiles outside the boxes.
      for (const clip of track.clips) srcs.set(clip.src, (srcs.get(clip.src) ?? true) && clip.mode === 'painting');
    }
    await Promise.all([...srcs].map(([s, painting]) => this.load(s, painting ? options : { wrapsU: options.wrapsU ?? false })));
  }

  private url(path: string): string {
    return this.baseUrl + path.split('/').map(encodeURIComponent).join('/');
  }

  private async load(src: string, options: PreloadOptions): Promise<void> {
    if (this.images.has(src)) return;
    this.images.set(src, null);
    try {
      const res = await fetch(this.url(src));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (src.toLowerCase().endsWith('.json')) this.images.set(src, await this.loadPyramid(src, await res.json(), options));
      else this.images.set(src, await this.loadImage(await res.blob()));
    } catch (err) {
      this.problems.push(`${src}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async loadImage(blob: Blob): Promise<ContentImage> {
    const bitmap = await createImageBitmap(blob, DECODE);
    const tiles: ContentTile[] = [];
    for (let y = 0; y < bitmap.height; y += TILE_PX) {
      for (let x = 0; x < bitmap.width; x += TILE_PX) {
        const w = Math.min(TILE_PX, bitmap.width - x);
        const h = Math.min(TILE_PX, bitmap.height - y);
        const piece = w === bitmap.width && h === bitmap.height ? bitmap : await createImageBitmap(bitmap, x, y, w, h, DECODE);
        tiles.push({ x, y, w, h, texture: textureOf(piece) });
      }
    }
    return { width: bitmap.width, height: bitmap.height, tiles };
  }

  private async loadPyramid(src: string, json: unknown, options: PreloadOptions): Promise<ContentImage> {
    const parsed = parsePyramidManifestValue(json);
    if (!parsed.ok) throw new Error(`not a usable tile pyramid: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}`);
    const m: PyramidManifest = parsed.value;
    const needs = options.needs ?? [];
    let wantW = 0;
    let wantH = 0;
    for (const n of needs) {
      wantW = Math.max(wantW, n.widthPx / Math.max(1e-9, Math.abs(n.box.u1 - n.box.u0)));
      wantH = Math.max(wantH, n.heightPx / Math.max(1e-9, Math.abs(n.box.v1 - n.box.v0)));
    }
    const level = needs.length > 0 ? chooseLevel(m, wantW, wantH) : chooseLevel(m, Math.min(DEFAULT_PYRAMID_WIDTH_PX, m.width), 0);
    const keys = new Set<string>();
    if (needs.length === 0) for (let r = 0; r < level.rows; r++) for (let c = 0; c < level.columns; c++) keys.add(`${c},${r}`);
    for (const n of needs) for (const k of tilesInBox(level, m.tileSize, n.box, options.wrapsU ?? false)) keys.add(k);
    const folder = src.slice(0, src.lastIndexOf('/') + 1);
    const queue = [...keys].map((k) => k.split(',').map(Number) as [number, number]);
    const tiles: ContentTile[] = [];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [c, r] = next;
        const path = folder + tilePath(m, level.level, c, r);
        try {
          const res = await fetch(this.url(path));
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const bitmap = await createImageBitmap(await res.blob(), DECODE);
          const x = c * m.tileSize;
          const y = r * m.tileSize;
          const w = Math.min(m.tileSize, level.width - x);
          const h = Math.min(m.tileSize, level.height - y);
          if (bitmap.width !== w || bitmap.height !== h) throw new Error(`is ${bitmap.width} × ${bitmap.height} px, expected ${w} × ${h}`);
          tiles.push({ x, y, w, h, texture: textureOf(bitmap) });
        } catch (err) {
          this.problems.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker));
    this.pyramids.push({ src, level, tilesLoaded: tiles.length, tilesInLevel: level.tiles });
    return { width: level.width, height: level.height, tiles };
  }
}
