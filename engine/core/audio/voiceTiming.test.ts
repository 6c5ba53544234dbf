import { gsap } from 'gsap';
import { describe, expect, it } from 'vitest';
import type { AudioVoice } from './audioVoices.ts';
import { dbToGain, gainToDb, sourcePositionAt, voiceGainAt, voiceGainCurve } from './voiceTiming.ts';

const voice = (over: Partial<AudioVoice>): AudioVoice => ({
  key: 'v@-',
  clipId: 'v',
  trackId: 'A',
  source: { kind: 'file', src: 'a.wav' },
  language: null,
  text: null,
  startS: 10,
  endS: 20,
  sourceOffsetS: 0,
  loop: false,
  fadeIn: { s: 0, ease: 'sine.inOut' },
  fadeOut: { s: 0, ease: 'sine.inOut' },
  gainDb: [{ t: 0, v: 0, ease: 'linear' }],
  route: null,
  ...over,
});
const ease = (name: string) => gsap.parseEase(name) as (p: number) => number;

describe('sourcePositionAt', () => {
  it('is the source offset plus the time since the clip started (a seek lands at the right place)', () => {
    const v = voice({ sourceOffsetS: 3.25 });
    expect(sourcePositionAt(v, 10, 60)).toBe(3.25);
    expect(sourcePositionAt(v, 17.5, 60)).toBe(10.75);
    expect(sourcePositionAt(v, 17.5, null)).toBe(10.75);
  });

  it('runs on past the end of a non-looping recording (the engine plays silence there)', () => {
    expect(sourcePositionAt(voice({ sourceOffsetS: 1 }), 19, 4)).toBe(10);
  });

  it('wraps a looping voice round the whole recording, from the offset onwards', () => {
    const v = voice({ sourceOffsetS: 2.5, loop: true });
    // Recording of 4 s: 2.5 → 4 takes 1.5 s, then 0 → 4, 0 → 4 …
    expect(sourcePositionAt(v, 10, 4)).toBe(2.5);
    expect(sourcePositionAt(v, 11.4, 4)).toBeCloseTo(3.9, 12);
    expect(sourcePositionAt(v, 11.5, 4)).toBe(0);
    expect(sourcePositionAt(v, 13, 4)).toBeCloseTo(1.5, 12);
    expect(sourcePositionAt(v, 19.75, 4)).toBeCloseTo(0.25, 12); // 12.25 s in → 12.25 mod 4
    expect(sourcePositionAt(voice({ sourceOffsetS: 9, loop: true }), 10, 4)).toBe(1); // an offset past the end wraps too
    expect(sourcePositionAt(v, 13, null)).toBe(5.5); // length unknown yet: no wrap
  });
});

describe('voice gain', () => {
  it('converts decibels: −6.0206 dB is half, +20 dB is ten', () => {
    expect(dbToGain(-6.020599913279624)).toBeCloseTo(0.5, 12);
    expect(dbToGain(20)).toBeCloseTo(10, 12);
    expect(gainToDb(0.5)).toBeCloseTo(-6.0206, 4);
  });

  it('is the constant gain inside the clip and 0 outside [startS, endS)', () => {
    const v = voice({ gainDb: [{ t: 0, v: -12, ease: 'linear' }] });
    expect(voiceGainAt(v, 9.999)).toBe(0);
    expect(voiceGainAt(v, 10)).toBeCloseTo(0.251188643150958, 12);
    expect(voiceGainAt(v, 19.999)).toBeCloseTo(0.251188643150958, 12);
    expect(voiceGainAt(v, 20)).toBe(0);
  });

  it('follows gainDb keyframes in decibels with their eases (within 0.001 dB)', () => {
    const v = voice({ gainDb: [{ t: 0, v: -20, ease: 'linear' }, { t: 4, v: 0, ease: 'power2.in' }, { t: 8, v: -6, ease: 'linear' }] });
    for (const [showS, db] of [
      [10, -20],
      [12, -20 + 20 * ease('power2.in')(0.5)],
      [14, 0],
      [17, -4.5],
      [19.5, -6],
    ] as const) {
      expect(gainToDb(voiceGainAt(v, showS)), `at ${showS}`).toBeCloseTo(db, 3);
    }
  });

  it('shapes fades exactly as gsap.parseEase does: fade-in on the progress, fade-out on the time left', () => {
    const v = voice({ fadeIn: { s: 2, ease: 'power3.out' }, fadeOut: { s: 4, ease: 'expo.in' }, gainDb: [{ t: 0, v: -6, ease: 'linear' }] });
    const g = dbToGain(-6);
    expect(voiceGainAt(v, 10)).toBe(g * ease('power3.out')(0));
    for (const p of [0.1, 0.25, 0.5, 0.9]) expect(voiceGainAt(v, 10 + 2 * p)).toBeCloseTo(g * ease('power3.out')(p), 12);
    expect(voiceGainAt(v, 13)).toBeCloseTo(g, 12); // between the fades
    for (const left of [3.9, 2, 1, 0.1]) expect(voiceGainAt(v, 20 - left)).toBeCloseTo(g * ease('expo.in')(left / 4), 12);
    // Overlapping fades multiply.
    const short = voice({ startS: 0, endS: 1, fadeIn: { s: 0.6, ease: 'linear' }, fadeOut: { s: 0.6, ease: 'sine.inOut' } });
    expect(voiceGainAt(short, 0.5)).toBeCloseTo((0.5 / 0.6) * ease('sine.inOut')(0.5 / 0.6), 12);
  });

  it('clamps overshooting eases so a fade never boosts', () => {
    const v = voice({ fadeIn: { s: 2, ease: 'back.out(3)' } });
    const values = Array.from({ length: 200 }, (_, i) => voiceGainAt(v, 10 + i / 100));
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(ease('back.out(3)')(0.5)).toBeGreaterThan(1);
  });

  it('voiceGainCurve samples the gain evenly, both ends included, and ends on the clip\'s last value', () => {
    const v = voice({ fadeIn: { s: 1, ease: 'linear' }, gainDb: [{ t: 0, v: 0, ease: 'linear' }, { t: 10, v: -10, ease: 'linear' }] });
    const curve = voiceGainCurve(v, 10, 20, 11);
    expect(curve).toBeInstanceOf(Float32Array);
    expect(curve.length).toBe(11);
    expect(curve[0]).toBe(0);
    for (let i = 1; i < 10; i++) expect(curve[i]).toBeCloseTo(voiceGainAt(v, 10 + i), 6);
    expect(curve[10]).toBeCloseTo(dbToGain(-10), 6); // not 0: no fade-out
    const faded = voiceGainCurve(voice({ fadeOut: { s: 1, ease: 'linear' } }), 19, 20, 3);
    expect(Array.from(faded)).toEqual([1, 0.5, 0]);
    expect(Array.from(voiceGainCurve(v, 5, 9, 3))).toEqual([0, 0, 0]);
    expect(Array.from(voiceGainCurve(v, 15, 16, 1))).toEqual([Math.fround(voiceGainAt(v, 15))]);
  });
});
