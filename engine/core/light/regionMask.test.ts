import { describe, expect, it } from 'vitest';
import type { Region } from '../show/showSchema.ts';
import { RegionMask } from './regionMask.ts';
import { regionOutline } from './regionOutline.ts';

const ASPECT = 132 / 20.5;
const sky: Region = { id: 'sky', name: 'Sky', polygon: [[0, 0.55], [1, 0.55], [1, 1], [0, 1]], featherV: 0.08 };
const s = (x: number) => x * x * (3 - 2 * x);

describe('RegionMask across the seam (u = 0 meets u = 1)', () => {
  it('a region spanning the whole turn has no edge at the seam on a closed hall: 1 on both sides and on it', () => {
    const m = new RegionMask(sky, ASPECT, true);
    for (const u of [0, 1e-6, 0.0005, 0.002, 0.5, 0.998, 0.9995, 1 - 1e-9, 1, 1.0004, -0.0004]) expect(m.at(u, 0.8), `u = ${u}`).toBe(1);
    // Its real edges keep their feather: the bottom at v = 0.55, the same at the seam as mid-wall.
    for (const u of [0, 0.3, 0.9999]) {
      expect(m.at(u, 0.55)).toBeCloseTo(0.5, 6);
      expect(m.at(u, 0.55 + 0.02)).toBeCloseTo(s(0.75), 6);
    }
    expect(regionOutline(sky.polygon, true).edges.length / 4).toBe(2);
  });

  it('keeps the seam an edge where the hall does not wrap (flat wall, partial arc)', () => {
    const m = new RegionMask(sky, ASPECT, false);
    expect(m.at(0, 0.8)).toBeCloseTo(0.5, 6);
    expect(m.at(1, 0.8)).toBeCloseTo(0.5, 6);
    expect(m.at(0.5, 0.8)).toBe(1);
    expect(regionOutline(sky.polygon, false).edges.length / 4).toBe(4);
  });

  it('a polygon crossing u = 1 is continuous across the seam; a region ending at the seam keeps that edge', () => {
    const crossing = new RegionMask({ id: 'c', name: 'c', polygon: [[0.95, 0.2], [1.05, 0.2], [1.05, 0.4], [0.95, 0.4]], featherV: 0.02 }, ASPECT, true);
    for (const u of [0.96, 0.9999, 0, 0.0001, 0.04]) expect(crossing.at(u, 0.3), `u = ${u}`).toBe(1);
    expect(crossing.at(0.5, 0.3)).toBe(0);
    const ending = new RegionMask({ id: 'e', name: 'e', polygon: [[0, 0.2], [0.1, 0.2], [0.1, 0.4], [0, 0.4]], featherV: 0.02 }, ASPECT, true);
    expect(ending.at(0, 0.3)).toBeCloseTo(0.5, 6);
    expect(ending.at(1 - 0.005 / ASPECT, 0.3)).toBeCloseTo(s(0.25), 6);
  });

  it('where the two sides differ in height, only the part they share is open: the rest is a real step', () => {
    const stepped: Region = { id: 's', name: 's', polygon: [[0, 0.5], [1, 0.6], [1, 1], [0, 1]], featherV: 0.02 };
    const edges = [...regionOutline(stepped.polygon, true).edges];
    // Bottom, top, and the seam only between v = 0.5 and 0.6.
    expect(edges.length / 4).toBe(3);
    const seamPart = [];
    for (let i = 0; i < edges.length; i += 4) if (edges[i] === edges[i + 2]) seamPart.push(edges.slice(i, i + 4));
    expect(seamPart).toHaveLength(1);
    expect([Math.min(seamPart[0]![1]!, seamPart[0]![3]!), Math.max(seamPart[0]![1]!, seamPart[0]![3]!)]).toEqual([0.5, 0.6]);
    const m = new RegionMask(stepped, ASPECT, true);
    expect(m.at(0, 0.8)).toBe(1);
    expect(m.at(0, 0.55)).toBeCloseTo(0.5, 6);
  });
});
