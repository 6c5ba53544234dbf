import { describe, expect, it } from 'vitest';
import { KeyframeTrack } from './KeyframeTrack.ts';

describe('KeyframeTrack', () => {
  const kfs = [
    { t: 0, v: 0 },
    { t: 2, v: 10 },
    { t: 4, v: 10, ease: 'hold' },
    { t: 5, v: 20, ease: 'hold' },
    { t: 7, v: 0, ease: 'power2.in' },
  ];

  it('matches hand-computed values at and between keyframes', () => {
    const track = new KeyframeTrack(kfs, 1, -100, 100);
    expect(track.evaluate(-1)).toBe(0);
    expect(track.evaluate(0)).toBe(0);
    expect(track.evaluate(1)).toBe(5); // linear half way
    expect(track.evaluate(2)).toBe(10);
    expect(track.evaluate(4.999)).toBe(10); // hold keeps the previous value…
    expect(track.evaluate(5)).toBe(20); // …and jumps at the keyframe
    // GSAP's power2.in is cubic (power1 = quad): at t = 6, p = 0.5, eased 0.125, value 20 − 20 × 0.125 = 17.5
    expect(track.evaluate(6)).toBeCloseTo(17.5, 12);
    expect(track.evaluate(7)).toBe(0);
    expect(track.evaluate(100)).toBe(0);
  });

  it('interpolates vectors component by component and clamps to the range', () => {
    const track = new KeyframeTrack([{ t: 0, v: [0, 1, 2] }, { t: 1, v: [2, 3, 4], ease: 'back.out(3)' }], 3, 0, 3.5);
    const mid = track.evaluate(0.5) as number[];
    expect(mid).toHaveLength(3);
    expect(Math.max(...mid)).toBeLessThanOrEqual(3.5); // back.out overshoots; the range clamps it
    expect(track.evaluate(1)).toEqual([2, 3, 3.5]);
  });

  it('gives the same values in random order as in sequence (the segment cache never changes a result)', () => {
    const seq = new KeyframeTrack(kfs, 1, -100, 100);
    const rnd = new KeyframeTrack(kfs, 1, -100, 100);
    const times = Array.from({ length: 800 }, (_, i) => -0.5 + i * 0.01);
    const expected = times.map((t) => seq.evaluate(t));
    const order = times.map((_, i) => (i * 7919) % times.length);
    for (const i of order) expect(rnd.evaluate(times[i]!)).toBe(expected[i]);
  });

  it('treats equal keyframe times as an instant jump', () => {
    const track = new KeyframeTrack([{ t: 0, v: 1 }, { t: 1, v: 1 }, { t: 1, v: 5 }], 1, 0, 10);
    expect(track.evaluate(0.999)).toBe(1);
    expect(track.evaluate(1)).toBe(5);
  });
});
