import type { LightLayerState, ResolvedValue } from '../timeline/FrameState.ts';
import type { ParamSpec } from '../show/paramSpecs.ts';

/**
 * The haze (smoke) noise of the GPU compositor, bit for bit in its integer part: the same lowbias32
 * lattice hash, four octaves of quintic value noise, seamless round the wall, drifting with localS
 * (engine/render/content/contentShaders.ts NOISE and ContentCompositor.setHaze).
 */

const TWO_POW_32 = 4294967296;

/** Per-layer constants of the smoke pattern at one show time. */
export interface HazeSetup {
  readonly seed: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly period: number;
  readonly offIntX: number;
  readonly offIntY: number;
  readonly offFracX: number;
  readonly offFracY: number;
  readonly wrapsU: boolean;
  /** The lattice seed of each of the four octaves. */
  readonly octaveSeeds: Uint32Array;
  /** Scratch: per octave the last lattice row and its two row hashes (points in a row share them). */
  readonly rowCache: Float64Array;
}

function lowbias32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** The shader's lattice(seed, (ix, iy)) with the row hash lowbias32(iy + 0x68e31da4) computed once per row. */
function lattice2(seed: number, ix: number, rowHash: number): number {
  const h = lowbias32(seed ^ lowbias32(ix ^ rowHash));
  return (h >>> 8) * (1 / 16777216);
}

const mod32 = (n: number): number => ((n % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;

function num(params: Readonly<Record<string, ResolvedValue>>, specs: Readonly<Record<string, ParamSpec>>, name: string, i = 0): number {
  const v = params[name] ?? specs[name]?.default;
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : (v[i] ?? 0);
}

/** The lattice size and drift offset of a haze layer, as ContentCompositor.setHaze computes them. */
export function hazeSetup(layer: LightLayerState, p: Readonly<Record<string, ResolvedValue>>, specs: Readonly<Record<string, ParamSpec>>, aspect: number, wrapsU: boolean): HazeSetup {
  const scale = Math.max(num(p, specs, 'scale'), 1e-3);
  let cellsX = aspect / scale;
  let period = 0;
  if (wrapsU) {
    period = Math.max(1, Math.round(cellsX));
    cellsX = period;
  }
  const cellsY = 1 / scale;
  let ox = -num(p, specs, 'drift', 0) * layer.localS * cellsX;
  const oy = -num(p, specs, 'drift', 1) * layer.localS * cellsY;
  if (period > 0) ox -= period * Math.floor(ox / period);
  const ix = Math.floor(ox);
  const iy = Math.floor(oy);
  const seed = layer.seed >>> 0;
  const octaveSeeds = Uint32Array.from([0, 1, 2, 3], (k) => lowbias32((seed + Math.imul(k, 0x9e3779b9)) >>> 0));
  return { seed, cellsX, cellsY, period, offIntX: mod32(ix), offIntY: mod32(iy), offFracX: ox - ix, offFracY: oy - iy, wrapsU, octaveSeeds, rowCache: new Float64Array(12).fill(NaN) };
}

/** Fractal value noise in [0, 1) at painting point (u, v). */
export function hazeNoise(h: HazeSetup, u: number, v: number): number {
  const px = (h.wrapsU ? u - Math.floor(u) : u) * h.cellsX + h.offFracX;
  const py = v * h.cellsY + h.offFracY;
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  for (let k = 0; k < 4; k++) {
    const s = 1 << k;
    const qx = px * s, qy = py * s;
    const flx = Math.floor(qx), fly = Math.floor(qy);
    const fx = qx - flx, fy = qy - fly;
    let i0x = ((flx | 0) + Math.imul(h.offIntX, s)) >>> 0;
    const i0y = ((fly | 0) + Math.imul(h.offIntY, s)) >>> 0;
    let i1x = (i0x + 1) >>> 0;
    const i1y = (i0y + 1) >>> 0;
    if (h.period > 0) {
      const period = (h.period << k) >>> 0;
      i0x %= period;
      i1x %= period;
    }
    const seed = h.octaveSeeds[k]!;
    const wx = fx * fx * fx * (fx * (fx * 6 - 15) + 10);
    const wy = fy * fy * fy * (fy * (fy * 6 - 15) + 10);
    const cache = h.rowCache;
    if (cache[3 * k] !== i0y) {
      cache[3 * k] = i0y;
      cache[3 * k + 1] = lowbias32((i0y + 0x68e31da4) >>> 0);
      cache[3 * k + 2] = lowbias32((i1y + 0x68e31da4) >>> 0);
    }
    const r0 = cache[3 * k + 1]!;
    const r1 = cache[3 * k + 2]!;
    const a = lattice2(seed, i0x, r0);
    const b = lattice2(seed, i1x, r0);
    const c = lattice2(seed, i0x, r1);
    const d = lattice2(seed, i1x, r1);
    const lo = a + (b - a) * wx;
    const hi = c + (d - c) * wx;
    sum += amp * (lo + (hi - lo) * wy);
    norm += amp;
    amp *= 0.5;
  }
  return sum / norm;
}
