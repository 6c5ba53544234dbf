/**
 * CPU rasterisation of a named region's polygon into a feathered single-channel mask, done once per
 * region: the shader then pays one texture fetch instead of a point-in-polygon test per pixel.
 * Pure TypeScript (no three, no DOM) so it is unit-tested in Node.
 */
import { DEFAULT_FEATHER_V } from '../../core/light/regionMask.ts';
import { copiesNear, regionOutline } from '../../core/light/regionOutline.ts';

export { DEFAULT_FEATHER_V };

/** Mask resolution: one texel per this many wall heights, until the side cap is reached. */
export const MASK_TEXEL_WALL_HEIGHTS = 0.002;
/** Largest side of a mask raster, in texels (huge regions get coarser texels, never a huge texture). */
export const MASK_MAX_SIDE = 2048;

/** A region mask over its bounding box: row 0 is the BOTTOM (v0), values 0..255 (255 = inside). */
export interface RegionMaskRaster {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Painting-space box the raster covers, texel centres at (i + 0.5) / width across it. */
  readonly u0: number;
  readonly v0: number;
  readonly u1: number;
  readonly v1: number;
}

/**
 * Rasterises a polygon ([u, v] painting space, u may pass 1) with a soft edge of width featherV
 * (wall heights) centred on the edge: 1 inside, 0.5 on the edge, 0 beyond featherV / 2 outside.
 * Distances are taken in wall heights (u scaled by aspect) so the feather is equally wide on every side.
 * On a closed round hall (`wrapsU`) the raster holds the union of the polygon's copies one turn apart,
 * feathered only at the union's edges (engine/core/light/regionOutline.ts, as the CPU model), so a
 * region spanning or crossing the seam is continuous across it.
 */
export function rasteriseRegionMask(polygon: readonly (readonly [number, number])[], featherV: number, aspect: number, wrapsU = false): RegionMaskRaster {
  const n = polygon.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let k = 0; k < n; k++) {
    const p = polygon[k] as readonly [number, number];
    xs[k] = p[0] * aspect;
    ys[k] = p[1];
    xMin = Math.min(xMin, xs[k]!);
    xMax = Math.max(xMax, xs[k]!);
    yMin = Math.min(yMin, ys[k]!);
    yMax = Math.max(yMax, ys[k]!);
  }
  const feather = Math.max(0, featherV);
  const half = feather / 2;
  // Two spare texels a side keep the outermost texels at 0, so clamp-to-edge sampling fades to nothing.
  const margin = 2;
  const extentX = xMax - xMin + 2 * half;
  const extentY = yMax - yMin + 2 * half;
  const texelX = Math.max(MASK_TEXEL_WALL_HEIGHTS, extentX / (MASK_MAX_SIDE - 2 * margin));
  const texelY = Math.max(MASK_TEXEL_WALL_HEIGHTS, extentY / (MASK_MAX_SIDE - 2 * margin));
  const width = Math.min(MASK_MAX_SIDE, Math.ceil(extentX / texelX) + 2 * margin);
  const height = Math.min(MASK_MAX_SIDE, Math.ceil(extentY / texelY) + 2 * margin);
  const x0 = (xMin + xMax) / 2 - (width * texelX) / 2;
  const y0 = (yMin + yMax) / 2 - (height * texelY) / 2;

  const outline = regionOutline(polygon, wrapsU);
  const [kMin, kMax] = copiesNear(outline, x0 / aspect, (x0 + width * texelX) / aspect, half / aspect);
  const inside = new Uint8Array(width * height);
  const shifted = new Float64Array(n);
  // Every copy of the polygon one turn apart that reaches the raster (only k = 0 off a round wall).
  for (let k = kMin; k <= kMax; k++) {
    for (let i = 0; i < n; i++) shifted[i] = xs[i]! + k * aspect;
    fillEvenOdd(shifted, ys, x0, y0, texelX, texelY, width, height, inside);
  }

  // Distance to the nearest boundary edge, only inside the feather band (elsewhere the hard fill is exact).
  const dist = new Float32Array(width * height).fill(Infinity);
  const e = outline.edges;
  if (half > 0) {
    for (let k = kMin; k <= kMax; k++) {
      for (let i = 0; i < e.length; i += 4) bandDistances((e[i]! + k) * aspect, e[i + 1]!, (e[i + 2]! + k) * aspect, e[i + 3]!, half, x0, y0, texelX, texelY, width, height, dist);
    }
  }

  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const d = dist[i]!;
    const isIn = inside[i] === 1;
    if (!(d < half)) {
      data[i] = isIn ? 255 : 0;
      continue;
    }
    const s = Math.min(1, Math.max(0, 0.5 + (isIn ? d : -d) / feather));
    data[i] = Math.round(s * s * (3 - 2 * s) * 255);
  }
  return { data, width, height, u0: x0 / aspect, v0: y0, u1: (x0 + width * texelX) / aspect, v1: y0 + height * texelY };
}

/** Scanline even-odd fill at texel centres; crossings use the half-open rule so shared vertices count once. */
function fillEvenOdd(xs: Float64Array, ys: Float64Array, x0: number, y0: number, tx: number, ty: number, w: number, h: number, out: Uint8Array): void {
  const n = xs.length;
  const crossings = new Float64Array(n);
  for (let j = 0; j < h; j++) {
    const y = y0 + (j + 0.5) * ty;
    let c = 0;
    for (let a = 0; a < n; a++) {
      const b = (a + 1) % n;
      const ya = ys[a]!, yb = ys[b]!;
      if (ya <= y !== yb <= y) crossings[c++] = xs[a]! + ((y - ya) * (xs[b]! - xs[a]!)) / (yb - ya);
    }
    const row = crossings.subarray(0, c).sort();
    for (let k = 0; k + 1 < c; k += 2) {
      const iStart = Math.max(0, Math.ceil((row[k]! - x0) / tx - 0.5));
      const iEnd = Math.min(w - 1, Math.ceil((row[k + 1]! - x0) / tx - 0.5) - 1);
      for (let i = iStart; i <= iEnd; i++) out[j * w + i] = 1;
    }
  }
}

/** Writes min(distance to segment) into texels within `half` of it, visiting only the segment's band. */
function bandDistances(ax: number, ay: number, bx: number, by: number, half: number, x0: number, y0: number, tx: number, ty: number, w: number, h: number, dist: Float32Array): void {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const jStart = Math.max(0, Math.floor((Math.min(ay, by) - half - y0) / ty - 0.5));
  const jEnd = Math.min(h - 1, Math.ceil((Math.max(ay, by) + half - y0) / ty - 0.5));
  for (let j = jStart; j <= jEnd; j++) {
    const y = y0 + (j + 0.5) * ty;
    // x-range of the segment inside the slab [y - half, y + half], widened by half: a superset of the capsule's row.
    let xLo: number, xHi: number;
    if (dy === 0) {
      xLo = Math.min(ax, bx);
      xHi = Math.max(ax, bx);
    } else {
      const t0 = Math.min(1, Math.max(0, (y - half - ay) / dy));
      const t1 = Math.min(1, Math.max(0, (y + half - ay) / dy));
      xLo = ax + Math.min(t0, t1) * dx;
      xHi = ax + Math.max(t0, t1) * dx;
      if (xLo > xHi) [xLo, xHi] = [xHi, xLo];
    }
    const iStart = Math.max(0, Math.floor((xLo - half - x0) / tx - 0.5));
    const iEnd = Math.min(w - 1, Math.ceil((xHi + half - x0) / tx - 0.5));
    for (let i = iStart; i <= iEnd; i++) {
      const x = x0 + (i + 0.5) * tx;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      const ex = x - (ax + t * dx), ey = y - (ay + t * dy);
      const d = Math.sqrt(ex * ex + ey * ey);
      const k = j * w + i;
      if (d < dist[k]!) dist[k] = d;
    }
  }
}
