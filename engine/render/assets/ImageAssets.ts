import * as THREE from 'three';
import type { Show } from '../../core/show/showSchema.ts';
import type { ContentAssets, ContentImage } from '../content/ContentCompositor.ts';

/** The largest tile edge the engine uploads (well under every GPU's texture limit). */
export const TILE_PX = 4096;

/**
 * Images for image layers, fetched from the asset server (`/assets/<path>`), decoded off the main
 * thread and split into tiles of at most TILE_PX, so no texture is ever larger than the GPU allows.
 * A missing or undecodable image is reported once and its layers stay dark.
 */
export class ImageAssets implements ContentAssets {
  private readonly images = new Map<string, ContentImage | null>();
  /** Problems met while loading, one line each ("paintings/x.png: HTTP 404"). */
  readonly problems: string[] = [];

  constructor(private readonly baseUrl = '/assets/') {}

  image(src: string): ContentImage | null {
    return this.images.get(src) ?? null;
  }

  /** Loads every image the show's image clips use. */
  async preload(show: Show): Promise<void> {
    const srcs = new Set<string>();
    for (const track of show.tracks) if (track.type === 'image') for (const clip of track.clips) srcs.add(clip.src);
    await Promise.all([...srcs].map((s) => this.load(s)));
  }

  private async load(src: string): Promise<void> {
    if (this.images.has(src)) return;
    this.images.set(src, null);
    try {
      const res = await fetch(this.baseUrl + src.split('/').map(encodeURIComponent).join('/'));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      const tiles: ContentImage['tiles'] = [];
      for (let y = 0; y < bitmap.height; y += TILE_PX) {
        for (let x = 0; x < bitmap.width; x += TILE_PX) {
          const w = Math.min(TILE_PX, bitmap.width - x);
          const h = Math.min(TILE_PX, bitmap.height - y);
          const piece = w === bitmap.width && h === bitmap.height ? bitmap : await createImageBitmap(bitmap, x, y, w, h, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
          const texture = new THREE.Texture(piece);
          texture.colorSpace = THREE.SRGBColorSpace;
          texture.flipY = false;
          texture.generateMipmaps = false;
          texture.minFilter = THREE.LinearFilter;
          texture.needsUpdate = true;
          tiles.push({ x, y, w, h, texture });
        }
      }
      this.images.set(src, { width: bitmap.width, height: bitmap.height, tiles });
    } catch (err) {
      this.problems.push(`${src}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
