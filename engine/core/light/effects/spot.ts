import { center, color, intensity, radius, softness } from '../../show/paramSpecs.ts';
import { discEffect } from './disc.ts';

/** A soft round spot that can follow the narration across the painting. */
export const spot = discEffect({
  name: 'spot',
  doc: 'soft round spot of light, round on the wall',
  params: { intensity: intensity(1), color: color([1, 1, 1]), center, radius: radius(0.15), softness: softness(0.5) },
});
