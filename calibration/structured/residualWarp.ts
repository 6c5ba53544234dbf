import type { WarpGridConfig } from '../../engine/core/profile/profileSchema.ts';

/** A measured image displacement at an output pixel: the projector should show, at p, what the model shows at p − offset. */
export interface OffsetSample {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
}

/**
 * A fine-warp grid (cols × rows control points over a width × height output, corners included) fitted
 * to scattered offset samples: at each control point, a Gaussian-weighted linear fit (moving least
 * squares, σ half the control spacing) of the samples near it; where the point lies outside the
 * measured area (off the painted wall), the weighted mean of the nearest samples (constant
 * extrapolation, never a runaway slope). Offsets rounded to 0.001 px.
 */
export function fitWarpGrid(samples: readonly OffsetSample[], width: number, height: number, cols: number, rows: number): WarpGridConfig {
  const sx = width / (cols - 1);
  const sy = height / (rows - 1);
  const sigma = Math.max(sx, sy) / 2;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of samples) {
    x0 = Math.min(x0, s.x);
    x1 = Math.max(x1, s.x);
    y0 = Math.min(y0, s.y);
    y1 = Math.max(y1, s.y);
  }
  const offsetsPx: [number, number][] = [];
  const r3 = (v: number) => Math.round(v * 1000) / 1000 || 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const px = c * sx;
      const py = r * sy;
      if (samples.length === 0) {
        offsetsPx.push([0, 0]);
        continue;
      }
      const inside = px >= x0 - sigma && px <= x1 + sigma && py >= y0 - sigma && py <= y1 + sigma;
      const fit = inside ? linearFit(samples, px, py, sigma) : null;
      const o = fit ?? nearestMean(samples, px, py, 24);
      offsetsPx.push([r3(o[0]), r3(o[1])]);
    }
  }
  return { cols, rows, offsetsPx };
}

/** Weighted linear fit of the offsets about (px, py), evaluated there; null with too little support. */
function linearFit(samples: readonly OffsetSample[], px: number, py: number, sigma: number): [number, number] | null {
  const lim = 3 * sigma;
  // Normal equations of [1, x, y] (centred on the control point), for dx and dy.
  let s0 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  let a0 = 0, ax = 0, ay = 0, b0 = 0, bx = 0, by = 0;
  let n = 0;
  for (const s of samples) {
    const x = s.x - px;
    const y = s.y - py;
    if (x > lim || x < -lim || y > lim || y < -lim) continue;
    const w = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
    if (w < 1e-6) continue;
    n++;
    s0 += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y; syy += w * y * y;
    a0 += w * s.dx; ax += w * x * s.dx; ay += w * y * s.dx;
    b0 += w * s.dy; bx += w * x * s.dy; by += w * y * s.dy;
  }
  if (n < 12) return null;
  const det = s0 * (sxx * syy - sxy * sxy) - sx * (sx * syy - sxy * sy) + sy * (sx * sxy - sxx * sy);
  if (!(Math.abs(det) > 1e-9 * s0 * sxx * syy)) return null;
  // Only the constant term is needed: the first row of the inverse.
  const i0 = (sxx * syy - sxy * sxy) / det;
  const i1 = -(sx * syy - sxy * sy) / det;
  const i2 = (sx * sxy - sxx * sy) / det;
  return [i0 * a0 + i1 * ax + i2 * ay, i0 * b0 + i1 * bx + i2 * by];
}

/** Inverse-distance mean of the k nearest samples. */
function nearestMean(samples: readonly OffsetSample[], px: number, py: number, k: number): [number, number] {
  const d = samples.map((s, i) => ({ i, d: Math.hypot(s.x - px, s.y - py) }));
  d.sort((a, b) => a.d - b.d);
  let w = 0, dx = 0, dy = 0;
  for (const { i, d: dist } of d.slice(0, k)) {
    const wi = 1 / (dist + 1);
    w += wi;
    dx += wi * samples[i]!.dx;
    dy += wi * samples[i]!.dy;
  }
  return [dx / w, dy / w];
}
