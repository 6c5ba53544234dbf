import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Installation } from '../../core/geometry/Installation.ts';
import { parseProfileValue } from '../../core/profile/parseProfile.ts';
import { footprintRects } from './HallSimulator.ts';

function installation(name: string): Installation {
  const r = parseProfileValue(JSON.parse(readFileSync(new URL(`../../../calibration/profiles/${name}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(`${name} does not parse`);
  return new Installation(r.value);
}

describe('footprintRects (the light pass draws only where a projector can reach)', () => {
  for (const [name, width] of [['dien-bien-phu', 2048], ['preview-3', 1024]] as const) {
    it(`${name}: every pixel of every projector that lands on the wall falls inside its rects`, () => {
      const inst = installation(name);
      const height = Math.round((width * inst.surface.heightM) / inst.surface.widthM);
      let straddling = 0;
      for (const p of inst.projectors) {
        const rects = footprintRects(inst, p.id, width, height);
        expect(rects.length).toBeGreaterThan(0);
        if (rects.length === 2) straddling++;
        let covered = 0;
        for (const [x, y, w, h] of rects) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(y).toBeGreaterThanOrEqual(0);
          expect(x + w).toBeLessThanOrEqual(width);
          expect(y + h).toBeLessThanOrEqual(height);
          covered += w * h;
        }
        // A real saving: a projector of a many-projector hall reaches a small part of the view.
        if (inst.projectors.length > 3) expect(covered).toBeLessThan((width * height) / 4);
        const n = 160;
        for (let j = 0; j <= n; j++) {
          for (let i = 0; i <= n; i++) {
            const hit = inst.pixelToWall(p, (i / n) * p.width, (j / n) * p.height);
            if (!hit || !hit.onWall) continue;
            const px = Math.min(width - 1, Math.floor(hit.u * width));
            const py = Math.min(height - 1, Math.floor(hit.v * height));
            const inside = rects.some(([x, y, w, h]) => px >= x && px < x + w && py >= y && py < y + h);
            if (!inside) throw new Error(`${p.id}: pixel (${(i / n) * p.width}, ${(j / n) * p.height}) lands at view (${px}, ${py}), outside ${JSON.stringify(rects)}`);
          }
        }
      }
      if (inst.surface.wrapsU) expect(straddling).toBeGreaterThan(0);
    });
  }
});
