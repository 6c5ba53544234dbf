import { describe, expect, test } from 'vitest';
import { SYNTH_INSTRUMENTS } from '../core/audio/synthSpecs.ts';
import { artilleryShots, MAX_SYNTH_RENDER_S, renderSynth, synthesize } from './instruments.ts';

const SR = 48_000;

const rmsDb = (x: Float32Array, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return 10 * Math.log10(s / (to - from) + 1e-30);
};

describe('synthesized instruments', () => {
  test.each(SYNTH_INSTRUMENTS)('%s: the same seed renders identical samples, another seed different ones', (instrument) => {
    // Dense shots, so artillery is not mostly the silence before its first one.
    const params: Record<string, number> = instrument === 'artillery' ? { intervalS: 0.3 } : {};
    const a = renderSynth({ instrument, seed: 1234, params }, 4, SR).samples;
    const b = renderSynth({ instrument, seed: 1234, params }, 4, SR).samples;
    const c = renderSynth({ instrument, seed: 1235, params }, 4, SR).samples;
    expect(a.length).toBe(4 * SR);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== c[i]) differing++;
    expect(differing).toBeGreaterThan(a.length * 0.8);
  });

  test.each(SYNTH_INSTRUMENTS)('%s: a function of time since the clip start (a longer clip begins with the shorter one, a mid-way start agrees)', (instrument) => {
    const params: Record<string, number> = instrument === 'artillery' ? { intervalS: 0.7 } : {};
    const short = renderSynth({ instrument, seed: 7, params }, 3, SR).samples;
    const long = renderSynth({ instrument, seed: 7, params }, 5, SR).samples;
    expect(Buffer.from(long.buffer, 0, short.byteLength).equals(Buffer.from(short.buffer))).toBe(true);
    // Rendering from 2.5 s (after a seek) with the pre-roll gives the same sound as rendering from 0.
    const mid = synthesize({ instrument, seed: 7, params }, 2.5 * SR, SR, SR);
    let maxErr = 0;
    let peak = 0;
    for (let i = 0; i < mid.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(mid[i]! - long[2.5 * SR + i]!));
      peak = Math.max(peak, Math.abs(long[2.5 * SR + i]!));
    }
    expect(peak).toBeGreaterThan(0.01);
    expect(maxErr).toBeLessThan(peak * 1e-3);
  });

  test.each(SYNTH_INSTRUMENTS)('%s: a usable level at the defaults (−30 to −10 dBFS RMS, peaks below full scale)', (instrument) => {
    const x = renderSynth({ instrument, seed: 99, params: {} }, 30, SR).samples;
    const db = rmsDb(x);
    expect(db).toBeGreaterThan(-30);
    expect(db).toBeLessThan(-10);
    expect(x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1);
  });

  test('artillery shots fall at seeded times inside their slots, the same for any window', () => {
    const params = { intervalS: 4, jitter: 0.5 };
    const all = artilleryShots(5, params, 0, 40);
    expect(all).toHaveLength(10);
    all.forEach((s, k) => {
      expect(s.atS).toBeGreaterThanOrEqual((k + 0.25) * 4);
      expect(s.atS).toBeLessThan((k + 0.75) * 4);
      expect(s.level).toBeGreaterThanOrEqual(0.5);
    });
    expect(artilleryShots(5, params, 10, 30)).toEqual(all.filter((s) => s.atS >= 10 && s.atS < 30));
    expect(artilleryShots(6, params, 0, 40).map((s) => s.atS)).not.toEqual(all.map((s) => s.atS));
  });

  test('artillery: each shot is heard at its time (energy jumps right after the shot, near silence before the first)', () => {
    const params = { intervalS: 5, jitter: 0.8, distanceKm: 1, decayS: 0.5 };
    const x = renderSynth({ instrument: 'artillery', seed: 11, params }, 20, SR).samples;
    const shots = artilleryShots(11, { ...params }, 0, 20);
    expect(shots.length).toBeGreaterThanOrEqual(3);
    const first = Math.floor(shots[0]!.atS * SR);
    expect(rmsDb(x, 0, first)).toBeLessThan(-90);
    for (const s of shots) {
      const at = Math.floor(s.atS * SR);
      expect(rmsDb(x, at, at + 0.2 * SR)).toBeGreaterThan(rmsDb(x, at - 0.05 * SR, at) + 6);
    }
  });

  test('clips longer than the render limit loop a seamless render', () => {
    const r = renderSynth({ instrument: 'wind', seed: 3, params: {} }, MAX_SYNTH_RENDER_S + 60, 8000);
    expect(r.loops).toBe(true);
    expect(r.samples.length).toBe(MAX_SYNTH_RENDER_S * 8000);
    // Across the wrap the signal moves no more than it does between neighbouring samples elsewhere.
    const x = r.samples;
    let typical = 0;
    for (let i = 1; i < x.length; i++) typical = Math.max(typical, Math.abs(x[i]! - x[i - 1]!));
    expect(Math.abs(x[0]! - x[x.length - 1]!)).toBeLessThanOrEqual(typical);
    expect(renderSynth({ instrument: 'wind', seed: 3, params: {} }, 10, 8000).loops).toBe(false);
  });
});
