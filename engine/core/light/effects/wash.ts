import { color, intensity } from '../../show/paramSpecs.ts';
import { defineLightEffect, resolveLight, setVec } from './effectModule.ts';

/** State of a wash: its light everywhere. */
export interface WashState {
  /** Colour × intensity × gain, linear RGB. */
  readonly light: [number, number, number];
}

const params = { intensity: intensity(1), color: color([1, 1, 1]) };

/** An even light over the whole painting (or its region). */
export const wash = defineLightEffect({
  name: 'wash',
  doc: 'even light over the whole painting, or over its region',
  params,
  program: 'wash',
  defaultBlend: 'add',
  newState: (): WashState => ({ light: [0, 0, 0] }),
  resolve(layer, out) {
    resolveLight(layer, params, out.light);
    return out;
  },
  pack(state, _ctx, out) {
    setVec(out.light, state.light);
  },
  shade(state, _ctx, points, _multiply, out) {
    const [r, g, b] = state.light;
    for (let i = 0, j = 0; i < points.count; i++, j += 3) {
      out[j] = r;
      out[j + 1] = g;
      out[j + 2] = b;
    }
  },
});
