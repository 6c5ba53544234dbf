import { describe, expect, it } from 'vitest';
import { Installation } from '../geometry/Installation.ts';
import { computeBlend } from '../blend/computeBlend.ts';
import { ProfileSchema, type Profile } from '../profile/profileSchema.ts';
import { ShowSchema, type Show } from '../show/showSchema.ts';
import { budgetWarnings, computeLightBudget, formatShowTime, WHOLE_CANVAS } from './lightBudget.ts';
import { illuminance, pixelLightsAt } from './wallIlluminance.ts';

/**
 * One 6,000 lm 1920 × 1080 projector, throw ratio 1.5, lens 4.5 m from a flat wall 10 m × 6 m,
 * aimed straight at it (pitchDeg 0) or tilted up (pitchDeg 20).
 */
function flatWall(pitchDeg: number, extra: Partial<Profile> = {}): Profile {
  return ProfileSchema.parse({
    schemaVersion: 1,
    id: 'flat',
    // Seen from the projector (looking along +z) left to right runs toward −x: origin at x = +5.
    hall: { surface: { type: 'plane', originM: [5, 0, 4.5], widthM: 10, heightM: 6, yawDeg: 180 }, eyeM: [0, 1.6, 0] },
    content: { widthPx: 4096, heightPx: 2458 },
    projectors: [
      {
        id: 'P1',
        resolution: { width: 1920, height: 1080 },
        lens: { throwRatio: 1.5 },
        pose: { positionM: [0, 1.5, 0], yawDeg: 90, pitchDeg, rollDeg: 0 },
        blackLevel: 0.001,
        lumens: 6000,
      },
    ],
    ...extra,
  });
}

/** Lux at output pixel (x, y) at full white, through the light budget's own path (uv → pixels → footprint → drive). */
function luxAtPixel(profile: Profile, x: number, y: number): number {
  const inst = new Installation(profile);
  const blend = computeBlend(inst, { stepPx: 32 });
  const hit = inst.pixelToWall(inst.projectors[0]!, x, y)!;
  const lights = pixelLightsAt(inst, blend, hit.u, hit.v);
  expect(lights).toHaveLength(1);
  expect(lights[0]!.x).toBeCloseTo(x, 6);
  return illuminance(lights, 1, 1, 1, blend.maxOverlap);
}

describe('illuminance of one projector on a flat wall (hand calculation)', () => {
  /*
   * f = throwRatio × W = 1.5 × 1920 = 2880 px. Each pixel carries 6000 lm / (1920 × 1080) = 2.8935e-3 lm.
   * Straight at the wall (D = 4.5 m): the image is D / 1.5 = 3 m × 1.6875 m; one pixel is
   * (D / f)² = (4.5 / 2880)² = 2.4414e-6 m², so E = 2.8935e-3 / 2.4414e-6 = 1185.19 lux (= 6000 lm /
   * 5.0625 m²). A pinhole onto a plane square to its axis maps pixels to the wall linearly, so a corner
   * pixel has the same footprint: 1185.19 lux at (40, 40) too (the budget models no lens vignetting).
   *
   * Tilted up 20°: a pixel's footprint is r² cos³α / (f² cos i) with α the ray's angle off the lens
   * axis, i its incidence on the wall and r the throw along the ray.
   * Centre: α = 0, i = 20°, r = 4.5 / cos 20° = 4.7888 m → 2.9423e-6 m² → 983.43 lux (= 1185.19 cos³20°).
   * Pixel (40, 40): x_n = (40 − 960) / 2880 = −0.31944, y_n = (40 − 540) / 2880 = −0.17361;
   * |d| = √(1 + x_n² + y_n²) = 1.06404, cos α = 0.93981; the ray's component toward the wall is
   * cos 20° + sin 20° · y_n = 0.88031, cos i = 0.88031 / 1.06404 = 0.82733, r = 4.5 · 1.06404 / 0.88031
   * = 5.43918 m → 5.43918² · 0.93981³ / (2880² · 0.82733) = 3.5787e-6 m² → 808.54 lux.
   */
  it('matches at the centre and at a corner, square to the wall', () => {
    const p = flatWall(0);
    expect(luxAtPixel(p, 960, 540)).toBeCloseTo(1185.19, -1);
    expect(Math.abs(luxAtPixel(p, 960, 540) / 1185.19 - 1)).toBeLessThan(0.01);
    expect(Math.abs(luxAtPixel(p, 40, 40) / 1185.19 - 1)).toBeLessThan(0.01);
  });

  it('matches at the centre and at a corner, tilted up 20°', () => {
    const p = flatWall(20);
    expect(Math.abs(luxAtPixel(p, 960, 540) / 983.43 - 1)).toBeLessThan(0.01);
    expect(Math.abs(luxAtPixel(p, 40, 40) / 808.54 - 1)).toBeLessThan(0.01);
  });

  it('scales with the drive in linear light and keeps the black level', () => {
    const inst = new Installation(flatWall(0));
    const blend = computeBlend(inst, { stepPx: 32 });
    const lights = pixelLightsAt(inst, blend, 0.5, 0.25);
    // Black: the projector still leaks β = 0.001 of its white.
    expect(illuminance(lights, 0, 0, 0, 1)).toBeCloseTo(1185.19 * 0.001, 1);
    // Half white: β + (1 − β) · 0.5.
    expect(illuminance(lights, 0.5, 0.5, 0.5, 1) / (1185.19 * 0.5005)).toBeCloseTo(1, 2);
    // Pure green is 71.52 % of white's luminous flux (Rec. 709).
    expect(illuminance(lights, 0, 1, 0, 1) / (1185.19 * (0.001 + 0.999 * 0.7152))).toBeCloseTo(1, 2);
    // Content above 1 is clipped by the output pass.
    expect(illuminance(lights, 5, 5, 5, 1)).toBeCloseTo(illuminance(lights, 1, 1, 1, 1), 6);
  });
});

/** A 600 s show with one wash of intensity 0.5 inside region "mid" (in the middle of the projected image). */
function washShow(intensity: number): Show {
  return ShowSchema.parse({
    schemaVersion: 2,
    id: 'wash',
    title: { en: 'wash' },
    languages: ['en'],
    defaultLanguage: 'en',
    durationS: 600,
    chapters: [],
    regions: [{ id: 'mid', name: 'Middle', polygon: [[0.4, 0.15], [0.6, 0.15], [0.6, 0.35], [0.4, 0.35]] }],
    tracks: [{ id: 'light', type: 'light', clips: [{ id: 'w', startS: 0, durationS: 600, effect: 'wash', region: 'mid', params: { intensity } }] }],
  });
}

describe('light budget of a show', () => {
  const conservation = { maxLux: 300, maxLuxHoursPerYear: 20000, ambientLux: 2, schedule: { showingsPerDay: 10, daysPerYear: 300 } };

  it('integrates a constant wash to lux·hours per showing and per year', () => {
    const b = computeLightBudget(washShow(0.5), flatWall(0, { conservation }));
    // 1185.19 lux × (0.001 + 0.999 × 0.5) + 2 lux ambient = 595.19 lux for 600 s = 99.198 lux·h.
    const mid = b.regions.find((r) => r.id === 'mid')!;
    expect(mid.points).toBeGreaterThan(50);
    expect(mid.peakLux / 595.19).toBeCloseTo(1, 2);
    expect(mid.luxHoursPerShowing / 99.198).toBeCloseTo(1, 2);
    // A constant wash: every point of the region gets the same.
    expect(mid.meanLuxHoursPerShowing / mid.luxHoursPerShowing).toBeCloseTo(1, 3);
    expect(mid.luxHoursPerYear! / (99.198 * 10 * 300)).toBeCloseTo(1, 2);
    // Off the projected image only the ambient light: the whole canvas's mean is far below.
    const whole = b.regions.find((r) => r.id === WHOLE_CANVAS)!;
    expect(whole.luxHoursPerShowing).toBeCloseTo(mid.luxHoursPerShowing, 6);
    expect(whole.meanLuxHoursPerShowing).toBeLessThan(mid.luxHoursPerShowing / 3);
    expect(b.fullWhiteLux.max / 1185.19).toBeCloseTo(1, 2);
  });

  it('warns with the region and the moment a limit is exceeded', () => {
    const b = computeLightBudget(washShow(0.5), flatWall(0, { conservation }));
    const w = budgetWarnings(b);
    const peak = w.find((x) => x.kind === 'peakLux' && x.regionId === 'mid')!;
    expect(peak.message).toMatch(/^region "mid" \(Middle\): 595 lux at 00:\d\d\.\d \(u 0\.\d+, v 0\.\d+\), over conservation\.maxLux 300 from 00:00\.0$/);
    const annual = w.find((x) => x.kind === 'annualLuxHours' && x.regionId === 'mid')!;
    expect(annual.message).toMatch(/297\d{3} lux·h a year \(99\.\d per showing × 10 a day × 300 days\), over conservation\.maxLuxHoursPerYear 20000/);
    // Within the limits: no warning.
    const dim = computeLightBudget(washShow(0.1), flatWall(0, { conservation: { ...conservation, maxLuxHoursPerYear: 1e6 } }));
    expect(budgetWarnings(dim)).toEqual([]);
  });

  it('finds a short flash between integration steps and names its time', () => {
    const show = ShowSchema.parse({
      ...washShow(0.1),
      tracks: [
        { id: 'light', type: 'light', clips: [
          { id: 'w', startS: 0, durationS: 600, effect: 'wash', params: { intensity: 0.1 } },
          // 60 ms flash peaking at 123.43 s: between the 0.1 s steps.
          { id: 'f', startS: 123.4, durationS: 0.06, effect: 'flash', params: { color: [1, 1, 1], center: [0.5, 0.25], radius: 0.1, softness: 0, intensity: { keyframes: [{ t: 0, v: 0 }, { t: 0.03, v: 1 }, { t: 0.06, v: 0 }] } } },
        ] },
      ],
    });
    const b = computeLightBudget(show, flatWall(0, { conservation }));
    const whole = b.regions[0]!;
    expect(whole.peakAtS).toBeCloseTo(123.43, 6);
    // Wash 0.1 + flash 1 clips at full white: 1185.19 + 2 lux ambient.
    expect(whole.peakLux / 1187.19).toBeCloseTo(1, 2);
    expect(formatShowTime(whole.peakAtS)).toBe('02:03.4');
  });
});

describe('profile conservation block', () => {
  it('needs every projector\'s lumens when the profile has limits', () => {
    const p = { ...flatWall(0), conservation: { maxLux: 150, maxLuxHoursPerYear: 600000, schedule: { showingsPerDay: 10, daysPerYear: 300 } } };
    expect(ProfileSchema.safeParse(p).success).toBe(true);
    const { lumens: _dropped, ...noLumens } = p.projectors[0]!;
    const r = ProfileSchema.safeParse({ ...p, projectors: [noLumens] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['projectors', 0, 'lumens']);
  });
});
