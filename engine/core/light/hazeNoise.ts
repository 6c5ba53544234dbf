import { lowbias32 } from '../timeline/noise.ts';

/**
 * The haze (smoke) noise of the GPU compositor, bit for bit in its integer part: the same lowbias32
 * lattice hash, four octaves of quintic value noise, seamless round the wall, drifting with localS
 * (engine/render/content/lightPrograms.ts, haze).
 */

const TWO_POW_32 = 4294967296;

/** The lattice a haze layer's noise is drawn on at one show time: its size and drift offset. */
export interface HazeLattice {
  /** Lattice cells per painting unit in u and v. */
  cellsX: number;
  cellsY: number;
  /** Cells round the wall (0 = no wrap), so the smoke is seamless at u = 0/1. */
  period: number;
  /** Drift offset in cells, integer part (mod 2^32) and fractional part. */
  offIntX: number;
  offIntY: number;
  offFracX: number;
  offFracY: number;
}

/** Per-layer constants of the smoke pattern at one show time, for the CPU noise. */
export interface HazeSetup extends Readonly<HazeLattice> {
  readonly seed: number;
  readonly wrapsU: boolean;
  /** The lattice seed of each of the four octaves. */
  readonly octaveSeeds: Uint32Array;
  /** Scratch: per octave the last lattice row and its two row hashes (points in a row share them). */
  readonly rowCache: Float64Array;
}

/** The shader's lattice(seed, (ix, iy)) with the row hash lowbias32(iy + 0x68e31da4) computed once per row. */
function lattice2(seed: number, ix: number, rowHash: number): number {
  const h = lowbias32(seed ^ lowbias32(ix ^ rowHash));
  return (h >>> 8) * (1 / 16777216);
}

const mod32 = (n: number): number => ((n % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;

/** An empty lattice to compute into. */
export function newHazeLattice(): HazeLattice {
  return { cellsX: 1, cellsY: 1, period: 0, offIntX: 0, offIntY: 0, offFracX: 0, offFracY: 0 };
}

/**
 * The smoke pattern at time localS is noise(position − drift·localS): it moves with the drift. The
 * offset is split into integer and fractional lattice cells in double precision here, so a 24-hour loop
 * keeps full detail; on a round wall the lattice has a whole number of cells per turn. The one lattice
 * setup of the GPU uniforms and the CPU noise alike. scaleV: billow size in wall heights; drift in
 * painting units per second.
 */
export function hazeLattice(scaleV: number, driftU: number, driftV: number, localS: number, aspect: number, wrapsU: boolean, out: HazeLattice): HazeLattice {
  const scale = Math.max(scaleV, 1e-3);
  let cellsX = aspect / scale;
  let period = 0;
  if (wrapsU) {
    period = Math.max(1, Math.round(cellsX));
    cellsX = period;
  }
  const cellsY = 1 / scale;
  let ox = -driftU * localS * cellsX;
  const oy = -driftV * localS * cellsY;
  if (period > 0) ox -= period * Math.floor(ox / period);
  const ix = Math.floor(ox);
  const iy = Math.floor(oy);
  out.cellsX = cellsX;
  out.cellsY = cellsY;
  out.period = period;
  out.offIntX = mod32(ix);
  out.offIntY = mod32(iy);
  out.offFracX = ox - ix;
  out.offFracY = oy - iy;
  return out;
}

/** The CPU noise's constants for a lattice and a layer seed. */
export function hazeSetup(lattice: HazeLattice, layerSeed: number, wrapsU: boolean): HazeSetup {
  const seed = layerSeed >>> 0;
  const octaveSeeds = Uint32Array.from([0, 1, 2, 3], (k) => lowbias32((seed + Math.imul(k, 0x9e3779b9)) >>> 0));
  return { ...lattice, seed, wrapsU, octaveSeeds, rowCache: new Float64Array(12).fill(NaN) };
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
