import { describe, expect, it } from 'vitest';
import { dragView, keyView, makeView, MAX_ELEVATION_DEG, MAX_FOV_DEG, MIN_FOV_DEG, viewDirection, viewToward, wheelView } from './lookView.ts';

describe('lookView', () => {
  const v = makeView(90, 0, 60);

  it('wraps the azimuth and clamps elevation and field of view; non-finite input keeps the old value', () => {
    expect(makeView(-30, 200, 5)).toEqual({ azimuthDeg: 330, elevationDeg: MAX_ELEVATION_DEG, fovDeg: MIN_FOV_DEG });
    expect(makeView(725, -200, 500)).toEqual({ azimuthDeg: 5, elevationDeg: -MAX_ELEVATION_DEG, fovDeg: MAX_FOV_DEG });
    expect(makeView(NaN, Infinity, NaN, v)).toEqual(v);
  });

  it('turns left on ArrowLeft and on a drag to the right, one field of view per viewport height', () => {
    expect(keyView(v, 'ArrowLeft')!.azimuthDeg).toBe(85);
    expect(keyView(v, 'ArrowRight', true)!.azimuthDeg).toBe(115);
    expect(keyView(v, 'ArrowUp')!.elevationDeg).toBe(5);
    expect(keyView(v, 'a')).toBeNull();
    const d = dragView(v, 300, -150, 300);
    expect(d.azimuthDeg).toBeCloseTo(30, 9);
    expect(d.elevationDeg).toBeCloseTo(-30, 9);
  });

  it('widens the field of view when the wheel turns toward the user', () => {
    expect(wheelView(v, 100).fovDeg).toBeCloseTo(66, 9);
    expect(wheelView(v, -100).fovDeg).toBeCloseTo(60 / 1.1, 9);
  });

  it('looks along azimuth from +x toward +z, and toward a point from the eye', () => {
    const [x, y, z] = viewDirection(makeView(90, 0, 60));
    expect(x).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(0, 12);
    expect(z).toBeCloseTo(1, 12);
    const t = viewToward([0, 1.6, 0], [-4, 1.6 + 4, 0], 50);
    expect(t.azimuthDeg).toBeCloseTo(180, 9);
    expect(t.elevationDeg).toBeCloseTo(45, 9);
  });
});
