import { param, paramInto, type ParamSpec, type ParamTable } from '../../show/paramSpecs.ts';
import type { ResolvedValue } from '../../timeline/FrameState.ts';
import { defineLightEffect, resolveLight, setVec, softEdge, wrapDelta, type LightEffectModule } from './effectModule.ts';

/** State of a soft disc of light (spot, flash, flicker). */
export interface DiscState {
  /** Colour × intensity × gain, linear RGB. */
  readonly light: [number, number, number];
  /** Centre, painting space. */
  readonly center: [number, number];
  /** Radius, wall heights. */
  radius: number;
  softness: number;
}

/** The parameters every disc effect has (its own defaults); an effect may add more after them. */
export interface DiscParams extends ParamTable {
  readonly intensity: ParamSpec;
  readonly color: ParamSpec;
  readonly center: ParamSpec;
  readonly radius: ParamSpec;
  readonly softness: ParamSpec;
}

/** What an effect drawn as a disc says about itself. */
export interface DiscEffect<N extends string, P extends DiscParams> {
  readonly name: N;
  readonly doc: string;
  readonly params: P;
  readonly gainAt?: (params: Readonly<Record<string, ResolvedValue>>, seed: number, t: number) => number;
}

/**
 * A light effect drawn as a soft disc, round on the wall (distances in wall heights), continuing across
 * the seam of a round wall. Spot, flash and flicker differ only in their defaults (and flicker's gain).
 */
export function discEffect<N extends string, P extends DiscParams>(e: DiscEffect<N, P>): LightEffectModule<N, P, DiscState> {
  const specs: ParamTable = e.params;
  return defineLightEffect({
    ...e,
    program: 'disc',
    defaultBlend: 'add',
    newState: (): DiscState => ({ light: [0, 0, 0], center: [0, 0], radius: 0, softness: 0 }),
    resolve(layer, out) {
      const p = layer.params;
      resolveLight(layer, specs, out.light);
      paramInto(p, specs, 'center', out.center);
      out.radius = param(p, specs, 'radius');
      out.softness = param(p, specs, 'softness');
      return out;
    },
    pack(state, _ctx, out) {
      setVec(out.light, state.light);
      setVec(out.center, state.center);
      out.radius = state.radius;
      out.softness = state.softness;
    },
    shade(state, { aspect, wrapsU }, points, _multiply, out) {
      const [cu, cv] = state.center;
      const [lr, lg, lb] = state.light;
      const r = state.radius, soft = state.softness;
      for (let i = 0, j = 0; i < points.count; i++, j += 3) {
        const dx = wrapDelta(points.u[i]! - cu, wrapsU) * aspect, dy = points.v[i]! - cv;
        const d2 = dx * dx + dy * dy;
        // Rounded to float32 as the light field's shape buffer always was: the budget's numbers stay put.
        const s = Math.fround(d2 > r * r ? 0 : softEdge(Math.sqrt(d2), r, soft));
        out[j] = lr * s;
        out[j + 1] = lg * s;
        out[j + 2] = lb * s;
      }
    },
  });
}
