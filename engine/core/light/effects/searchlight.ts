import { color, intensity, param, paramInto, softness, spec } from '../../show/paramSpecs.ts';
import { defineLightEffect, resolveLight, setVec, softEdge, wrapDelta } from './effectModule.ts';

const DEG = Math.PI / 180;

/** State of a searchlight beam. */
export interface SearchlightState {
  /** Colour × intensity × gain, linear RGB. */
  readonly light: [number, number, number];
  /** Where the beam starts, painting space. */
  readonly origin: [number, number];
  /** Direction, unit vector in wall-height space. */
  readonly dir: [number, number];
  /** Half the beam width, radians. */
  halfWidth: number;
  /** Length, wall heights. */
  length: number;
  softness: number;
}

const params = {
  intensity: intensity(1.5),
  color: color([0.85, 0.9, 1]),
  origin: spec(2, [0.5, 0], -1, 2, 'painting-space point the beam starts from [u, v]', 'painting uv'),
  angleDeg: spec(1, 90, -3600, 3600, 'beam direction in painting space, degrees (0 = along +u, 90 = straight up)', 'degrees'),
  widthDeg: spec(1, 4, 0.1, 90, 'beam width, degrees', 'degrees'),
  length: spec(1, 1, 0, 10, 'beam length in wall heights', 'wall heights'),
  softness: softness(0.3),
};

/** A searchlight beam sweeping the sky: a soft-edged wedge from an origin, fading towards its length. */
export const searchlight = defineLightEffect({
  name: 'searchlight',
  doc: 'searchlight beam: a soft wedge from an origin, fading out towards its length',
  params,
  program: 'beam',
  defaultBlend: 'add',
  newState: (): SearchlightState => ({ light: [0, 0, 0], origin: [0, 0], dir: [1, 0], halfWidth: 0, length: 0, softness: 0 }),
  resolve(layer, out) {
    const p = layer.params;
    resolveLight(layer, params, out.light);
    const a = param(p, params, 'angleDeg') * DEG;
    paramInto(p, params, 'origin', out.origin);
    out.dir[0] = Math.cos(a);
    out.dir[1] = Math.sin(a);
    out.halfWidth = (param(p, params, 'widthDeg') / 2) * DEG;
    out.length = param(p, params, 'length');
    out.softness = param(p, params, 'softness');
    return out;
  },
  pack(state, _ctx, out) {
    setVec(out.light, state.light);
    setVec(out.center, state.origin);
    setVec(out.dir, state.dir);
    out.halfWidth = state.halfWidth;
    out.length = state.length;
    out.softness = state.softness;
  },
  shade(state, { aspect, wrapsU }, points, _multiply, out) {
    const [ou, ov] = state.origin;
    const [dirX, dirY] = state.dir;
    const [lr, lg, lb] = state.light;
    const { halfWidth, length, softness: soft } = state;
    for (let i = 0, j = 0; i < points.count; i++, j += 3) {
      const px = wrapDelta(points.u[i]! - ou, wrapsU) * aspect, py = points.v[i]! - ov;
      const along = px * dirX + py * dirY;
      const across = Math.abs(dirX * py - dirY * px);
      // Rounded to float32 as the light field's shape buffer always was: the budget's numbers stay put.
      const s = along <= 0 ? 0 : Math.fround(softEdge(Math.atan2(across, along), halfWidth, soft) * softEdge(along, length, 0.1 + 0.4 * soft));
      out[j] = lr * s;
      out[j + 1] = lg * s;
      out[j + 2] = lb * s;
    }
  },
});
