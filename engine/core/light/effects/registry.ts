import type { ParamSpec } from '../../show/paramSpecs.ts';
import type { AnyLightEffect, LightProgram } from './effectModule.ts';
import { flash } from './flash.ts';
import { flicker } from './flicker.ts';
import { haze } from './haze.ts';
import { searchlight } from './searchlight.ts';
import { spot } from './spot.ts';
import { wash } from './wash.ts';

/**
 * Every light effect, in the order the schema lists them. Adding an effect: write its module in this
 * folder and add it here; the schema, the validator, the evaluator, the GPU compositor, the CPU light
 * field (light budget) and the docs table all read this list.
 */
export const LIGHT_EFFECT_MODULES = [wash, spot, flash, flicker, searchlight, haze] as const;

type Modules = (typeof LIGHT_EFFECT_MODULES)[number];

/** A light effect name. */
export type LightEffect = Modules['name'];

/** Parameters of light layers, by effect. Light adds to (or multiplies) the light map over painting space. */
export const LIGHT_PARAMS = Object.fromEntries(LIGHT_EFFECT_MODULES.map((m) => [m.name, m.params])) as { readonly [M in Modules as M['name']]: M['params'] };

/** All light effect names. */
export const LIGHT_EFFECTS: readonly LightEffect[] = LIGHT_EFFECT_MODULES.map((m) => m.name);

/** The GPU light programs the registry's effects use, each once, in registry order. */
export const LIGHT_PROGRAMS: readonly LightProgram[] = [...new Set(LIGHT_EFFECT_MODULES.map((m) => m.program))];

/** Every effect's module by name. */
export const LIGHT_EFFECT_BY_NAME = Object.fromEntries(LIGHT_EFFECT_MODULES.map((m) => [m.name, m])) as { readonly [M in Modules as M['name']]: M };

/** The module of an effect. */
export function lightEffectModule(name: LightEffect): AnyLightEffect {
  return LIGHT_EFFECT_BY_NAME[name];
}

/** The module of an effect by a name read from elsewhere; undefined for a name no module defines. */
export function findLightEffect(name: string): AnyLightEffect | undefined {
  return Object.hasOwn(LIGHT_EFFECT_BY_NAME, name) ? lightEffectModule(name as LightEffect) : undefined;
}

function formatValue(v: ParamSpec['default']): string {
  return typeof v === 'number' ? String(v) : `[${v.join(', ')}]`;
}

/**
 * The effects' parameters as markdown table rows (header and separator first): effect, parameter,
 * meaning, unit, range, default. For the reference docs, so they never drift from the code.
 */
export function effectParamTable(): string[] {
  const rows = ['| effect | parameter | meaning | unit | range | default |', '| --- | --- | --- | --- | --- | --- |'];
  for (const m of LIGHT_EFFECT_MODULES) {
    for (const [name, s] of Object.entries(m.params as Readonly<Record<string, ParamSpec>>)) {
      rows.push(`| \`${m.name}\` | \`${name}\` | ${s.doc} | ${s.unit || '—'} | ${s.min} … ${s.max} | ${formatValue(s.default)} |`);
    }
  }
  return rows;
}
