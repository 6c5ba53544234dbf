import { BlendCache } from '../../engine/core/blend/blendCache.ts';
import type { Blend, BlendMap } from '../../engine/core/blend/computeBlend.ts';
import type { Installation } from '../../engine/core/geometry/Installation.ts';

/**
 * Blend maps depend on every projector's pose: after live calibration changes they are recomputed
 * once the changes stop for this long (a technician dragging a warp point sends many).
 */
export const BLEND_DEBOUNCE_MS = 150;

/** What the client tells its page. */
export interface BlendEvents {
  /** The installation shown now (answers for any other are dropped). */
  current(): Installation | null;
  /** New maps for `inst`, requested at `t0` (performance.now()). */
  blend(inst: Installation, blend: Blend, t0: number): void;
  /** The worker failed to compute them. */
  error(message: string): void;
}

/**
 * The output page's side of `blendWorker.ts`: blend maps for the documents are taken from a cache on
 * load; after live calibration changes they are recomputed, debounced, in a Web Worker started on the
 * first need (on the main thread where workers fail, the picture holding for the duration). Only the
 * answer to the latest request, for the installation still shown, is used.
 */
export class BlendClient {
  private readonly cache = new BlendCache(2);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private worker: Worker | null = null;
  private workerFailed = false;
  private request = 0;

  constructor(private readonly events: BlendEvents) {}

  /** The maps for the documents just loaded (cached: a reload of the same profile computes none). */
  initial(inst: Installation): Blend {
    return this.cache.get(inst);
  }

  /** Recomputes the current installation's maps BLEND_DEBOUNCE_MS after the last call. */
  schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.recompute(), BLEND_DEBOUNCE_MS);
  }

  /** New documents: an answer still on its way is for the previous ones and is dropped. */
  cancel(): void {
    this.request++;
  }

  /** True when maps are computed in the worker (false before the first live change, or where workers fail). */
  get inWorker(): boolean {
    return this.worker !== null;
  }

  private recompute(): void {
    this.timer = null;
    const inst = this.events.current();
    if (!inst) return;
    const t0 = performance.now();
    const worker = this.start();
    if (!worker) {
      // No worker (blocked by the browser): computed here; the picture holds for the duration.
      this.events.blend(inst, this.cache.get(inst), t0);
      return;
    }
    const id = ++this.request;
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const r = e.data as { id?: unknown; maps?: unknown; maxOverlap?: unknown; error?: unknown };
      if (r.id !== this.request || this.events.current() !== inst) return;
      if (typeof r.error === 'string' || !Array.isArray(r.maps) || typeof r.maxOverlap !== 'number') {
        this.events.error(`Blend maps could not be recomputed: ${typeof r.error === 'string' ? r.error : 'bad answer from the worker'}`);
        return;
      }
      this.events.blend(inst, { maps: r.maps as BlendMap[], maxOverlap: r.maxOverlap }, t0);
    };
    worker.postMessage({ id, profile: inst.profile });
  }

  private start(): Worker | null {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      this.worker = new Worker(new URL('./blendWorker.ts', import.meta.url), { type: 'module' });
      this.worker.onerror = () => {
        this.workerFailed = true;
        this.worker?.terminate();
        this.worker = null;
        this.recompute();
      };
    } catch {
      this.workerFailed = true;
    }
    return this.worker;
  }
}
