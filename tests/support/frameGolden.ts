import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import type { FrameState } from '../../engine/core/timeline/FrameState.ts';

/** Show times probed for cross-machine determinism: chapter edges, inside eases, flicker, seam region. */
export const GOLDEN_TIMES = [0, 0.5, 2, 3.999, 10, 22.5, 35, 40, 42.25, 50.1, 50.3, 53.5, 60, 66.6, 77.77, 85, 88, 95.5, 100, 110, 119.9];

/** Evaluates a show document (as parsed JSON) at the golden times, as one JSON string. */
export function goldenFrames(showJson: unknown): string {
  const r = parseShowValue(showJson);
  if (!r.ok) throw new Error('golden show is invalid');
  const ev = new TimelineEvaluator(r.value.show);
  const frames: FrameState[] = GOLDEN_TIMES.map((t) => ev.evaluate(t));
  return JSON.stringify(frames, null, 1) + '\n';
}
