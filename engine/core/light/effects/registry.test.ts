import { describe, expect, it } from 'vitest';
import { LightClipSchema } from '../../show/showSchema.ts';
import type { LightLayerState } from '../../timeline/FrameState.ts';
import { newLightUniformValues } from './effectModule.ts';
import { effectParamTable, findLightEffect, LIGHT_EFFECT_MODULES, LIGHT_EFFECTS, LIGHT_PARAMS, LIGHT_PROGRAMS, lightEffectModule } from './registry.ts';

const layer = (effect: LightLayerState['effect'], params: LightLayerState['params'] = {}): LightLayerState => ({
  kind: 'light', clipId: 'c', trackId: 't', effect, region: null, blend: 'add', localS: 0, fade: 1, gain: 0.5, seed: 7, params,
});

describe('the light effect registry', () => {
  it('lists each effect once, and the schema accepts exactly its effects with their parameters', () => {
    expect(new Set(LIGHT_EFFECTS).size).toBe(LIGHT_EFFECT_MODULES.length);
    expect(LIGHT_EFFECTS).toEqual(['wash', 'spot', 'flash', 'flicker', 'searchlight', 'haze']);
    for (const m of LIGHT_EFFECT_MODULES) {
      expect(LIGHT_PARAMS[m.name]).toBe(m.params);
      expect(lightEffectModule(m.name)).toBe(m);
      const clip = { id: 'c', startS: 0, durationS: 1, effect: m.name, params: Object.fromEntries(Object.entries(m.params).map(([k, s]) => [k, s.default])) };
      expect(LightClipSchema.safeParse(clip).success, m.name).toBe(true);
      expect(LightClipSchema.safeParse({ ...clip, params: { nope: 1 } }).success, m.name).toBe(false);
    }
    expect(LightClipSchema.safeParse({ id: 'c', startS: 0, durationS: 1, effect: 'laser' }).success).toBe(false);
    expect(findLightEffect('laser')).toBeUndefined();
    expect(findLightEffect('toString')).toBeUndefined();
    expect(LIGHT_PROGRAMS).toEqual(['wash', 'disc', 'beam', 'haze']);
  });

  it('resolves a layer that omits its parameters to the spec defaults, intensity × gain applied', () => {
    const spot = lightEffectModule('spot');
    const out = newLightUniformValues();
    spot.pack(spot.resolve(layer('spot'), spot.newState()), { aspect: 6, wrapsU: true }, out);
    expect(out.light).toEqual([0.5, 0.5, 0.5]);
    expect(out.center).toEqual([0.5, 0.5]);
    expect([out.radius, out.softness]).toEqual([0.15, 0.5]);
    const haze = lightEffectModule('haze');
    haze.pack(haze.resolve(layer('haze', { intensity: 0.8 }), haze.newState()), { aspect: 6, wrapsU: true }, out);
    expect(out.hazeAmount).toBe(0.4);
    // 6 / 0.2 = 30 cells round a closed wall, 5 per wall height; the layer's seed unsigned.
    expect([out.cells, out.period, out.seed]).toEqual([[30, 5], 30, 7]);
  });

  it('gives the docs one markdown row per effect parameter, with unit, range and default', () => {
    const rows = effectParamTable();
    const count = LIGHT_EFFECT_MODULES.reduce((n, m) => n + Object.keys(m.params).length, 0);
    expect(rows).toHaveLength(2 + count);
    expect(rows[0]).toBe('| effect | parameter | meaning | unit | range | default |');
    for (const row of rows) expect(row.split(' | ')).toHaveLength(6);
    expect(rows).toContain('| `haze` | `drift` | drift of the smoke in painting units per second [du, dv] | painting units/s | -1 … 1 | [0.01, 0.002] |');
    expect(rows).toContain('| `flicker` | `frequencyHz` | typical flicker rate in hertz | Hz | 0.01 … 60 | 6 |');
  });

  it('modulates only the flicker gain, deterministically from the seed and show time', () => {
    for (const m of LIGHT_EFFECT_MODULES) if (m.name !== 'flicker') expect(m.gainAt, m.name).toBeUndefined();
    const gainAt = lightEffectModule('flicker').gainAt!;
    const p = { amount: 0.6, frequencyHz: 6 };
    expect(gainAt(p, 7, 12.3)).toBe(gainAt(p, 7, 12.3));
    expect(gainAt({ amount: 0, frequencyHz: 6 }, 7, 12.3)).toBe(1);
    const g = gainAt(p, 7, 12.3);
    expect(g).toBeGreaterThanOrEqual(0.4);
    expect(g).toBeLessThanOrEqual(1);
  });
});
