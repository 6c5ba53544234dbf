import { color, param, paramInto, spec } from '../../show/paramSpecs.ts';
import { hazeLattice, hazeNoise, hazeSetup, newHazeLattice } from '../hazeNoise.ts';
import { defineLightEffect, setVec } from './effectModule.ts';

/** State of a haze layer: drifting smoke that shadows (or tints) the light below. */
export interface HazeState {
  /** Shadow density where the smoke is thickest: intensity × gain. */
  amount: number;
  /** Colour of the smoke, linear RGB (black: a pure shadow). */
  readonly color: [number, number, number];
  /** Billow size, wall heights. */
  scale: number;
  /** Drift, painting units per second [du, dv]. */
  readonly drift: [number, number];
  /** Seconds since the clip started (the drift's clock). */
  localS: number;
  /** The clip's noise seed. */
  seed: number;
}

const params = {
  intensity: spec(1, 0.5, 0, 1, 'shadow density, 0 = clear, 1 = full shadow where the smoke is thickest'),
  color: color([0, 0, 0]),
  scale: spec(1, 0.2, 0.001, 10, 'size of the smoke billows in wall heights', 'wall heights'),
  drift: spec(2, [0.01, 0.002], -1, 1, 'drift of the smoke in painting units per second [du, dv]', 'painting units/s'),
};

// The GPU path packs a lattice every frame: one scratch, no allocation.
const _lattice = newHazeLattice();

/**
 * Smoke: four octaves of seeded value noise drifting over the wall, seamless round a closed hall,
 * the same bits on the GPU and the CPU (hazeNoise.ts). Multiplies the light below by default.
 */
export const haze = defineLightEffect({
  name: 'haze',
  doc: 'drifting smoke that shadows the light below (multiplies by default)',
  params,
  program: 'haze',
  defaultBlend: 'multiply',
  newState: (): HazeState => ({ amount: 0, color: [0, 0, 0], scale: 0, drift: [0, 0], localS: 0, seed: 0 }),
  resolve(layer, out) {
    const p = layer.params;
    out.amount = param(p, params, 'intensity') * layer.gain;
    paramInto(p, params, 'color', out.color);
    out.scale = param(p, params, 'scale');
    paramInto(p, params, 'drift', out.drift);
    out.localS = layer.localS;
    out.seed = layer.seed;
    return out;
  },
  pack(state, { aspect, wrapsU }, out) {
    const l = hazeLattice(state.scale, state.drift[0], state.drift[1], state.localS, aspect, wrapsU, _lattice);
    out.seed = state.seed >>> 0;
    out.cells[0] = l.cellsX;
    out.cells[1] = l.cellsY;
    out.period = l.period;
    out.offInt[0] = l.offIntX;
    out.offInt[1] = l.offIntY;
    out.offFrac[0] = l.offFracX;
    out.offFrac[1] = l.offFracY;
    out.hazeAmount = state.amount;
    setVec(out.hazeColor, state.color);
  },
  shade(state, { aspect, wrapsU }, points, multiply, out) {
    const h = hazeSetup(hazeLattice(state.scale, state.drift[0], state.drift[1], state.localS, aspect, wrapsU, newHazeLattice()), state.seed, wrapsU);
    const [cr, cg, cb] = state.color;
    const k = state.amount;
    for (let i = 0, j = 0; i < points.count; i++, j += 3) {
      const amt = Math.min(1, Math.max(0, k * hazeNoise(h, points.u[i]!, points.v[i]!)));
      out[j] = multiply ? 1 + (cr - 1) * amt : cr * amt;
      out[j + 1] = multiply ? 1 + (cg - 1) * amt : cg * amt;
      out[j + 2] = multiply ? 1 + (cb - 1) * amt : cb * amt;
    }
  },
});
