import type { Installation } from '../geometry/Installation.ts';
import { computeBlend, type Blend, type BlendOptions } from './computeBlend.ts';

/**
 * Blend maps cost seconds for a large hall, so they are computed once per profile content and reused:
 * the key is the profile's canonical JSON, so an edited profile (a moved projector, a new warp) gets new
 * maps and an unchanged one, even re-read from disk, does not. Keeps the few most recent profiles.
 */
export class BlendCache {
  private readonly entries = new Map<string, Blend>();
  /** How many blends were computed (not served from the cache). */
  computed = 0;

  constructor(private readonly capacity = 4) {}

  /** The blend for an installation, computed only when its profile (or the options) changed. */
  get(inst: Installation, options: BlendOptions = {}): Blend {
    const key = JSON.stringify([inst.profile.hall, inst.profile.projectors, options.stepPx ?? null]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const blend = computeBlend(inst, options);
    this.computed++;
    this.entries.set(key, blend);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return blend;
  }
}
