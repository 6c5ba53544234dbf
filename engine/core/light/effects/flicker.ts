import { center, color, intensity, param, radius, softness, spec } from '../../show/paramSpecs.ts';
import { fractalNoise1 } from '../../timeline/noise.ts';
import { discEffect } from './disc.ts';

const params = {
  intensity: intensity(1),
  color: color([1, 0.55, 0.2]),
  center,
  radius: radius(0.12),
  softness: softness(0.7),
  amount: spec(1, 0.6, 0, 1, 'share of the light that flickers, 0..1'),
  frequencyHz: spec(1, 6, 0.01, 60, 'typical flicker rate in hertz', 'Hz'),
};

/**
 * Fire light: a warm disc whose gain wanders with seeded fractal noise (the clip id's seed and show
 * time), so every window and every machine sees the same flames.
 */
export const flicker = discEffect({
  name: 'flicker',
  doc: 'fire light: a warm disc whose level wanders with seeded noise',
  params,
  gainAt(p, seed, t) {
    const amount = param(p, params, 'amount');
    const hz = param(p, params, 'frequencyHz');
    return 1 - amount + amount * fractalNoise1(seed, t * hz);
  },
});
