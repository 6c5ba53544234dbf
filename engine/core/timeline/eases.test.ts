import { describe, expect, it } from 'vitest';
import { gsap } from 'gsap';
import { easeFn, parseEaseName } from './eases.ts';

describe('ease names', () => {
  it('accepts linear, hold and GSAP eases with configuration', () => {
    for (const name of ['linear', 'hold', 'none', 'power2.inOut', 'sine.out', 'expo.in', 'back.out(1.7)', 'elastic.out(1, 0.3)', 'steps(6)', 'bounce.inOut', 'circ', 'Power3.easeOut']) {
      expect(parseEaseName(name).ok, name).toBe(true);
    }
  });

  it('refuses unknown names, bad configuration and prototype keys', () => {
    for (const name of ['power9.out', 'power2.inOut ', '', 'rough', 'steps', 'steps(0)', 'steps(1.5)', 'back.out(abc)', 'back.out(1,2,3,4)', 'constructor', '__proto__', 'toString', 'power2.inOut(1e999)']) {
      expect(parseEaseName(name).ok, name).toBe(false);
    }
  });

  it('uses GSAP curves, not re-implementations', () => {
    for (const name of ['power2.inOut', 'back.out(1.7)', 'elastic.out(1, 0.3)', 'bounce.out', 'steps(4)']) {
      const ours = easeFn(name);
      const theirs = gsap.parseEase(name) as (p: number) => number;
      for (const p of [0, 0.1, 0.33, 0.5, 0.77, 1]) expect(ours(p)).toBe(theirs(p));
    }
  });

  it('linear is the identity and hold jumps only at the end', () => {
    expect(easeFn('linear')(0.37)).toBe(0.37);
    expect(easeFn('hold')(0.999)).toBe(0);
    expect(easeFn('hold')(1)).toBe(1);
  });
});
