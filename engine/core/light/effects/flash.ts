import { center, color, intensity, radius, softness } from '../../show/paramSpecs.ts';
import { discEffect } from './disc.ts';

/** An artillery flash: a bright, warm, very soft disc (its clip's fades make the flash). */
export const flash = discEffect({
  name: 'flash',
  doc: 'artillery flash: a bright warm soft disc, shaped in time by the clip fades',
  params: { intensity: intensity(4), color: color([1, 0.85, 0.6]), center, radius: radius(0.1), softness: softness(0.8) },
});
