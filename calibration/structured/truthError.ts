import { Installation } from '../../engine/core/geometry/Installation.ts';
import { deltaU } from '../../engine/core/geometry/surfaces.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';

/**
 * Simulation only: how far the content a projector draws lands from where it belongs, painting px.
 * Over a grid of output pixels p: the wall point the TRUE projector lights at p (its fine warp counted
 * as real optics, as SimulatedCamera does) against the painting point the calibrated pipeline draws at
 * p. Only output pixels that really land on the painted wall count. Unlike measureHall this sees a
 * single projector's error and a true warp; zero for a perfect calibration.
 */
export function contentErrorVsTruth(calibrated: Profile, truth: Profile, projectorId: string, samples = 48): { max: number; median: number; count: number } {
  const cal = new Installation(calibrated);
  const tru = new Installation(truth);
  const pc = cal.projector(projectorId);
  const pt = tru.projector(projectorId);
  const { widthPx, heightPx } = calibrated.content;
  const errs: number[] = [];
  for (let j = 0; j <= samples; j++) {
    for (let i = 0; i <= samples; i++) {
      const x = (i / samples) * pt.width;
      const y = (j / samples) * pt.height;
      const real = tru.pixelToWall(pt, x, y);
      if (real === null || !real.onWall) continue;
      const drawn = cal.pixelToWall(pc, x, y);
      if (drawn === null) {
        errs.push(Infinity);
        continue;
      }
      errs.push(Math.hypot(deltaU(real.u, drawn.u, cal.surface.wrapsU) * widthPx, (drawn.v - real.v) * heightPx));
    }
  }
  errs.sort((a, b) => a - b);
  return { max: errs.length ? errs[errs.length - 1]! : 0, median: errs.length ? errs[errs.length >> 1]! : 0, count: errs.length };
}
