import { describe, expect, it } from 'vitest';
import type { ProfileAudio } from '../profile/profileSchema.ts';
import { parseShowValue } from '../show/parseShow.ts';
import { routeProblems } from './routeProblems.ts';
import { deviceGains, foldDownMatrix, routeGains, speakerPlan, type Vec3M } from './speakerPlan.ts';

const EYE: Vec3M = [0, 1.6, 0];
/** n speakers evenly round a ring of radius r at height y, the first at azimuth 0 (+x); channel = index. */
const ring = (n: number, r: number, y: number): ProfileAudio => ({
  speakers: Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return { id: `S${i}`, positionM: [r * Math.cos(a), y, r * Math.sin(a)] as [number, number, number], channel: i };
  }),
});
const power = (g: readonly number[]) => g.reduce((a, v) => a + v * v, 0);
/** Matches a list of numbers to 12 decimals. */
const near = (values: readonly number[]) => values.map((v) => expect.closeTo(v, 12));

describe('speakerPlan', () => {
  it('a 21 m ring at ear height: every speaker 21 m away, no delays, the audio 61.2 ms early', () => {
    const plan = speakerPlan(ring(12, 21, 1.6), EYE);
    expect(plan.virtual).toBe(false);
    expect(plan.advanceS).toBeCloseTo(21 / 343, 12); // 0.0612245 s
    expect(plan.advanceS * 1000).toBeCloseTo(61.22, 2);
    for (const s of plan.speakers) {
      expect(s.delayS).toBeCloseTo(0, 12);
      expect(s.distanceM).toBeCloseTo(21, 12);
      expect(s.gain).toBe(1);
    }
    expect(plan.speakers.map((s) => Math.round(s.azimuthDeg))).toEqual([0, 30, 60, 90, 120, 150, 180, -150, -120, -90, -60, -30]);
  });

  it('speakers 6 m up: √(21² + 4.4²) = 21.456 m, 62.55 ms', () => {
    const plan = speakerPlan(ring(12, 21, 6), EYE);
    expect(plan.speakers[0]!.distanceM).toBeCloseTo(21.45600, 5);
    expect(plan.advanceS * 1000).toBeCloseTo(62.554, 3);
  });

  it('an eye 3 m off centre: the near speaker (18 m) waits (24 − 18) / 343 = 17.49 ms for the far one (24 m)', () => {
    const plan = speakerPlan(ring(4, 21, 1.6), [3, 1.6, 0]);
    const [east, south, west] = plan.speakers;
    expect(east!.distanceM).toBeCloseTo(18, 12);
    expect(west!.distanceM).toBeCloseTo(24, 12);
    expect(plan.advanceS).toBeCloseTo(24 / 343, 12); // 69.97 ms
    expect(east!.delayS).toBeCloseTo(6 / 343, 12);
    expect(west!.delayS).toBe(0);
    expect(south!.delayS).toBeCloseTo((24 - Math.hypot(3, 21)) / 343, 12);
    // Every speaker's sound arrives together: delay + distance / c = advance.
    for (const s of plan.speakers) expect(s.delayS + s.distanceM / 343).toBeCloseTo(plan.advanceS, 12);
  });

  it('applies trims, gains and the speed of sound; a negative trim moves everything later', () => {
    const audio = ring(4, 21, 1.6);
    const speakers = audio.speakers.map((s, i) => (i === 1 ? { ...s, delayTrimMs: 5, gainDb: -6 } : i === 2 ? { ...s, delayTrimMs: -10 } : s));
    const plan = speakerPlan({ speakers, speedOfSoundMps: 340 }, EYE);
    expect(plan.advanceS).toBeCloseTo(21 / 340 + 0.01, 12);
    expect(plan.speakers.map((s) => s.delayS * 1000)).toEqual([expect.closeTo(10, 9), expect.closeTo(15, 9), expect.closeTo(0, 9), expect.closeTo(10, 9)]);
    expect(plan.speakers[1]!.gain).toBeCloseTo(0.501187, 6);
  });

  it('without speakers: a virtual stereo pair at ±30° (left on channel 0), 2 m away, no delay', () => {
    for (const audio of [undefined, { speakers: [] }]) {
      const plan = speakerPlan(audio, EYE);
      expect(plan.virtual).toBe(true);
      expect(plan.advanceS).toBe(0);
      expect(plan.speakers.map((s) => [s.id, s.channel, s.azimuthDeg, s.delayS])).toEqual([
        ['left', 0, -30, 0],
        ['right', 1, 30, 0],
      ]);
      expect(plan.speakers[0]!.positionM[0]).toBeCloseTo(2 * Math.cos(Math.PI / 6), 12);
      expect(plan.speakers[0]!.positionM[2]).toBeCloseTo(-1, 12);
    }
    expect(speakerPlan({ speakers: [], frontAzimuthDeg: 90 }, EYE).speakers.map((s) => s.azimuthDeg)).toEqual([60, 120]);
  });
});

describe('routeGains', () => {
  const plan = speakerPlan(ring(4, 10, 1.6), EYE); // S0 at 0°, S1 at 90°, S2 at 180°, S3 at −90°

  it('default: every speaker at equal power; a speaker list: those at equal power', () => {
    expect(routeGains(null, plan, EYE)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(routeGains({ speakers: ['S1', 'S3'] }, plan, EYE)).toEqual(near([0, Math.SQRT1_2, 0, Math.SQRT1_2]));
    expect(routeGains({ speakers: ['S1', 'nope'] }, plan, EYE)).toEqual([0, 1, 0, 0]);
    expect(routeGains({ speakers: ['nope'] }, plan, EYE)).toEqual([0.5, 0.5, 0.5, 0.5]); // unknown here: reported at load, heard everywhere
  });

  it('pans a direction between the two speakers that bracket it, constant power (hand-worked)', () => {
    const g = (az: number) => routeGains({ azimuthDeg: az }, plan, EYE);
    expect(g(0)).toEqual([1, 0, 0, 0]);
    expect(g(90)).toEqual([0, 1, 0, 0]);
    expect(g(45)[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g(45)[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g(30)).toEqual([expect.closeTo(Math.cos(Math.PI / 6), 12), expect.closeTo(0.5, 12), 0, 0]); // a third of the way: cos 30°, sin 30°
    expect(g(-10)).toEqual([expect.closeTo(Math.sin((80 * Math.PI) / 180), 12), 0, 0, expect.closeTo(Math.cos((80 * Math.PI) / 180), 12)]);
    expect(g(350)).toEqual(g(-10));
    expect(g(-190)[1]).toBeCloseTo(Math.sin((10 * Math.PI) / 180), 12); // 170°: between 90° and 180°
    for (let az = -400; az <= 400; az += 7.3) expect(power(g(az))).toBeCloseTo(1, 12);
  });

  it('a spread widens the source, keeping constant power, up to all speakers equal at 360°', () => {
    const narrow = routeGains({ azimuthDeg: 0, spreadDeg: 20 }, plan, EYE);
    expect(narrow[0]).toBeGreaterThan(0.95);
    expect(narrow[1]).toBeCloseTo(narrow[3]!, 12);
    expect(narrow[1]).toBeGreaterThan(0);
    expect(narrow[2]).toBe(0);
    const wide = routeGains({ azimuthDeg: 0, spreadDeg: 180 }, plan, EYE);
    expect(wide[0]).toBeGreaterThan(wide[1]!);
    expect(wide[2]).toBe(0);
    for (const spreadDeg of [20, 90, 180, 270, 359]) expect(power(routeGains({ azimuthDeg: 33, spreadDeg }, plan, EYE))).toBeCloseTo(1, 12);
    for (const v of routeGains({ azimuthDeg: 17, spreadDeg: 360 }, plan, EYE)) expect(v).toBeCloseTo(0.5, 12);
  });

  it('on the virtual stereo pair: ahead in the middle, beside the listener on that side, behind in the middle', () => {
    const stereo = speakerPlan(undefined, EYE);
    const g = (az: number) => routeGains({ azimuthDeg: az }, stereo, EYE);
    expect(g(0)[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g(-30)).toEqual(near([1, 0]));
    expect(g(90)).toEqual(near([0, 1])); // +z is on the right when facing +x (x × y = z)
    expect(g(-90)).toEqual(near([1, 0]));
    expect(g(180)[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g(135)[1]).toBeGreaterThan(g(135)[0]!);
    for (let az = -180; az <= 180; az += 5) expect(power(g(az))).toBeCloseTo(1, 12);
  });
});

describe('foldDownMatrix', () => {
  const plan = speakerPlan(ring(12, 21, 1.6), EYE);

  it('is the identity by channel when the device has the channels', () => {
    const m = foldDownMatrix(plan, 16);
    expect(m).toHaveLength(12);
    m.forEach((row, i) => expect(row).toEqual(Array.from({ length: 16 }, (_, c) => (c === i ? 1 : 0))));
    expect(foldDownMatrix(speakerPlan(undefined, EYE), 2)).toEqual([[1, 0], [0, 1]]);
  });

  it('folds to stereo by direction with constant power: right to the right, left to the left, ahead and behind in the middle', () => {
    const m = foldDownMatrix(plan, 2);
    // S0 ahead (0°), S3 at +90° (right), S6 behind, S9 at −90° (left), S1 at 30°.
    expect(m[0]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[0]![1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[3]).toEqual([expect.closeTo(0, 12), 1]);
    expect(m[9]).toEqual([1, expect.closeTo(0, 12)]);
    expect(m[6]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[1]).toEqual([expect.closeTo(Math.cos((67.5 * Math.PI) / 180), 12), expect.closeTo(Math.sin((67.5 * Math.PI) / 180), 12)]);
    for (const row of m) expect(power(row)).toBeCloseTo(1, 12);
    // Straight ahead is the profile's front.
    const turned = foldDownMatrix(speakerPlan({ ...ring(12, 21, 1.6), frontAzimuthDeg: 90 }, EYE), 2);
    expect(turned[6]).toEqual([expect.closeTo(0, 12), 1]); // 180° is on the right when facing +z
  });

  it('folds to a mono device and to more than 2 but too few channels (first two used)', () => {
    expect(foldDownMatrix(plan, 1).every((row) => row.length === 1 && row[0] === 1)).toBe(true);
    const m = foldDownMatrix(plan, 6);
    expect(m[3]!.slice(0, 2)).toEqual([expect.closeTo(0, 12), 1]);
    expect(m.every((row) => row.slice(2).every((v) => v === 0))).toBe(true);
    expect(foldDownMatrix(plan, 0).every((row) => row.length === 0)).toBe(true);
  });

  it('deviceGains keeps a voice\'s power when one signal from many speakers folds together', () => {
    const m = foldDownMatrix(plan, 2);
    const everywhere = deviceGains(routeGains(null, plan, EYE), m);
    expect(power(everywhere)).toBeCloseTo(1, 12);
    expect(everywhere[0]).toBeCloseTo(everywhere[1]!, 12);
    const right = deviceGains(routeGains({ azimuthDeg: 90 }, plan, EYE), m);
    expect(right).toEqual([expect.closeTo(0, 12), expect.closeTo(1, 12)]);
    expect(deviceGains(routeGains({ azimuthDeg: 40 }, plan, EYE), foldDownMatrix(plan, 12))).toEqual(routeGains({ azimuthDeg: 40 }, plan, EYE).map((v) => expect.closeTo(v, 12)));
    expect(deviceGains([0, 0], [[1, 0], [0, 1]])).toEqual([0, 0]);
  });
});

describe('routeProblems', () => {
  it('names every route speaker the profile lacks, with the show field', () => {
    const r = parseShowValue({
      schemaVersion: 2, id: 's', title: { en: 's' }, languages: ['en'], defaultLanguage: 'en', durationS: 60, chapters: [], regions: [],
      tracks: [{ id: 'A', type: 'audio', clips: [
        { id: 'a', startS: 0, durationS: 5, source: { type: 'file', src: 'a.wav' }, route: { speakers: ['S1', 'S99'] } },
        { id: 'b', startS: 0, durationS: 5, source: { type: 'file', src: 'a.wav' }, route: { azimuthDeg: 10 } },
        { id: 'c', startS: 0, durationS: 5, source: { type: 'file', src: 'a.wav' }, route: { speakers: ['left'] } },
      ] }],
    });
    if (!r.ok) throw new Error('show did not parse');
    expect(routeProblems(r.value.show, ring(3, 10, 1.6))).toEqual([
      { path: 'tracks.0.clips.0.route.speakers.1', message: '"S99" is not a speaker of the installation profile', expected: 'one of S0, S1, S2' },
      { path: 'tracks.0.clips.2.route.speakers.0', message: '"left" is not a speaker of the installation profile', expected: 'one of S0, S1, S2' },
    ]);
    expect(routeProblems(r.value.show, undefined)).toEqual([]);
  });
});
