/**
 * Computes a hall's blend maps off the output page's main thread: after live calibration changes
 * every output needs new maps, and for a large hall (twelve 4K projectors) that is seconds of work
 * that must not freeze the picture. Input: { id, profile } (a profile the page already holds, so
 * already validated); output: { id, maps, maxOverlap, ms } with the typed arrays transferred.
 */
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';

interface Request {
  readonly id: number;
  readonly profile: Profile;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: unknown, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  const { id, profile } = e.data;
  const t0 = performance.now();
  try {
    const blend = computeBlend(new Installation(profile));
    const transfer: Transferable[] = [];
    for (const m of blend.maps) transfer.push(m.weight.buffer as ArrayBuffer, m.count.buffer as ArrayBuffer);
    scope.postMessage({ id, maps: blend.maps, maxOverlap: blend.maxOverlap, ms: performance.now() - t0 }, transfer);
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }, []);
  }
};
