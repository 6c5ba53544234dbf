import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { MpcdiDocument, MpcdiRegion } from './MpcdiDocument.ts';
import { mpcdiToProfile } from './mpcdiToProfile.ts';
import { profileToMpcdi } from './profileToMpcdi.ts';
import { mpcdiWarpAt, readMpcdi } from './readMpcdi.ts';
import { writeMpcdi } from './writeMpcdi.ts';

const root = resolve(import.meta.dirname, '../..');
const parsed = parseProfileText(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
if (!parsed.ok) throw new Error('preview-3 does not validate');
const profile: Profile = parsed.value;
const inst = new Installation(profile);
const exported = (kind: '2d' | 'a3') => profileToMpcdi(profile, computeBlend(inst), { kind }).document;

/** Largest pixel distance between the profile and another over a grid of painting points inside the wall. */
function maxError(other: Profile): number {
  const ib = new Installation(other);
  let max = 0;
  for (let j = 1; j < 40; j++) {
    for (let i = 0; i < 300; i++) {
      const hb = ib.uvToPixels(i / 300, j / 40);
      for (const h of inst.uvToPixels(i / 300, j / 40)) {
        const g = hb.find((q) => q.projectorId === h.projectorId);
        if (g) max = Math.max(max, Math.hypot(g.x - h.x, g.y - h.y));
        else if (inst.projector(h.projectorId).borderDistance(h.x, h.y) > 0.5) max = Infinity;
      }
    }
  }
  return max;
}

describe('importing files written by other tools', () => {
  it('a3 in millimetres about the eye point, without frustum or frame, regions renamed: matched by order and fitted', () => {
    const doc = exported('a3');
    const eye = profile.hall.eyeM;
    const regions: MpcdiRegion[] = doc.regions.map((r, k) => {
      const data = new Float32Array(r.warp.data.length);
      for (let i = 0; i < data.length; i++) data[i] = (r.warp.data[i]! - eye[i % 3]!) * 1000;
      const { frustum: _f, coordinateFrame: _c, ...rest } = r;
      void _f;
      void _c;
      return { ...rest, id: `proj-${k + 1}`, geometricUnit: 'mm', originOf3DData: 'idealEyePoint', warp: { ...r.warp, data } };
    });
    const vendor: MpcdiDocument = { ...doc, regions };
    const { document } = readMpcdi(writeMpcdi(vendor));
    const imported = mpcdiToProfile(document, profile);
    expect(imported.regions.map((r) => [r.regionId, r.projectorId, r.matchedBy])).toEqual([
      ['proj-1', 'P01', 'order'],
      ['proj-2', 'P02', 'order'],
      ['proj-3', 'P03', 'order'],
    ]);
    expect(imported.warnings.filter((w) => w.code === 'unmatched').map((w) => w.message)).toEqual([
      'region "proj-1" matches no projector id; given to P01 by order',
      'region "proj-2" matches no projector id; given to P02 by order',
      'region "proj-3" matches no projector id; given to P03 by order',
    ]);
    expect(maxError(imported.profile)).toBeLessThan(0.1);
  }, 120_000);

  it('a forward 2d warp (grid over the region, values = output coordinates) is detected, inverted and imported', () => {
    const doc = exported('2d');
    // Rewrite every region's warp the forward way: for each point of the region box, where the projector shows it.
    const regions = doc.regions.map((r) => {
      const contentAspect = (r.xSize * doc.buffers[0]!.xResolution) / (r.ySize * doc.buffers[0]!.yResolution);
      const rows = 41;
      const cols = Math.round((rows - 1) * contentAspect) + 1;
      const data = new Float32Array(cols * rows * 3).fill(NaN);
      for (let j = 0; j < rows; j++) {
        for (let i = 0; i < cols; i++) {
          const u = r.x + (i / (cols - 1)) * r.xSize;
          const v = 1 - (r.y + (j / (rows - 1)) * r.ySize);
          const hit = inst.uvToPixels(u, v).find((h) => h.projectorId === r.id);
          if (!hit) continue;
          data.set([hit.x / r.xResolution, hit.y / r.yResolution, 0], (j * cols + i) * 3);
        }
      }
      return { ...r, warp: { cols, rows, data } };
    });
    const { document, warnings } = readMpcdi(writeMpcdi({ ...doc, regions }));
    const said = warnings.filter((w) => w.code === 'warpDirection').map((w) => w.message);
    expect(said).toHaveLength(3);
    for (const m of said) expect(m).toMatch(/read as a forward warp: /);
    // The inverted grid gives back, at an output pixel, the region point the projector shows there.
    const r0 = document.regions[0]!;
    const [a, b] = mpcdiWarpAt(r0, 640, 400);
    const hit = inst.pixelToWall(inst.projector('P01'), 640, 400)!;
    expect(Math.abs(r0.x + a * r0.xSize - hit.u) * profile.content.widthPx).toBeLessThan(0.5);
    expect(Math.abs(1 - (r0.y + b * r0.ySize) - hit.v) * profile.content.heightPx).toBeLessThan(0.5);
    const imported = mpcdiToProfile(document, profile);
    expect(maxError(imported.profile)).toBeLessThan(0.1);
  }, 120_000);
});
