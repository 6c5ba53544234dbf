import { describe, expect, it } from 'vitest';
import { HILLS, landscapeRegions } from '../show/dienBienPhu/landscape.ts';
import { PLACEHOLDER_TEXT, placeholderSvg } from './placeholderPainting.ts';

describe('placeholder painting', () => {
  it('draws the same SVG every time (seeded), with the PLACEHOLDER banner and every named place labelled', () => {
    const a = placeholderSvg(2048);
    expect(placeholderSvg(2048)).toBe(a);
    expect(a).toContain('width="2048" height="320"');
    expect(a.split(PLACEHOLDER_TEXT.replace(/'/g, '&apos;')).length - 1).toBe(4);
    for (const h of HILLS) expect(a).toContain(h.label);
    for (const name of ['Sông Nậm Rốm', 'Sân bay Mường Thanh', 'Hầm De Castries', 'Giao thông hào']) expect(a).toContain(name);
  });

  it('gives every region a closed polygon inside painting space, hills standing on the valley floor', () => {
    const regions = landscapeRegions();
    expect(new Set(regions.map((r) => r.id)).size).toBe(regions.length);
    for (const r of regions) {
      expect(r.polygon.length, r.id).toBeGreaterThanOrEqual(3);
      for (const [u, v] of r.polygon) {
        expect(u, r.id).toBeGreaterThanOrEqual(0);
        expect(u, r.id).toBeLessThanOrEqual(1.05);
        expect(v, r.id).toBeGreaterThanOrEqual(0);
        expect(v, r.id).toBeLessThanOrEqual(1);
      }
    }
    for (const h of HILLS) {
      const poly = regions.find((r) => r.id === h.id)!.polygon;
      expect(Math.max(...poly.map((p) => p[1])), h.id).toBeCloseTo(h.crestV, 1);
    }
  });
});
