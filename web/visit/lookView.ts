/** Where the visitor looks from the platform: a hall azimuth, an elevation and a vertical field of view, degrees. */
export interface LookView {
  /** Hall azimuth of the view's centre, degrees from +x toward +z (the profile's convention), in [0, 360). */
  readonly azimuthDeg: number;
  /** Degrees above the horizon (+ up), within ±MAX_ELEVATION_DEG. */
  readonly elevationDeg: number;
  /** Vertical field of view, degrees, within [MIN_FOV_DEG, MAX_FOV_DEG]. */
  readonly fovDeg: number;
}

export const MIN_FOV_DEG = 20;
export const MAX_FOV_DEG = 100;
export const MAX_ELEVATION_DEG = 80;
/** Degrees turned per arrow-key press (Shift: five times as much). */
export const KEY_STEP_DEG = 5;

const wrap360 = (a: number): number => ((a % 360) + 360) % 360;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** A view, normalised: azimuth wrapped, elevation and field of view clamped (non-finite input keeps the old value). */
export function makeView(azimuthDeg: number, elevationDeg: number, fovDeg: number, prior: LookView = { azimuthDeg: 0, elevationDeg: 0, fovDeg: 60 }): LookView {
  return {
    azimuthDeg: Number.isFinite(azimuthDeg) ? wrap360(azimuthDeg) : prior.azimuthDeg,
    elevationDeg: Number.isFinite(elevationDeg) ? clamp(elevationDeg, -MAX_ELEVATION_DEG, MAX_ELEVATION_DEG) : prior.elevationDeg,
    fovDeg: Number.isFinite(fovDeg) ? clamp(fovDeg, MIN_FOV_DEG, MAX_FOV_DEG) : prior.fovDeg,
  };
}

/**
 * The view after a pointer drag of (dxPx, dyPx) (screen pixels, y down) on a viewport `heightPx` tall:
 * the wall follows the pointer, so dragging right turns the view left, and one viewport height of drag
 * turns by one field of view.
 */
export function dragView(v: LookView, dxPx: number, dyPx: number, heightPx: number): LookView {
  const degPerPx = v.fovDeg / Math.max(1, heightPx);
  // Seen from inside looking outward with y up, azimuth (toward +z) grows to the right, as painting u does.
  return makeView(v.azimuthDeg - dxPx * degPerPx, v.elevationDeg + dyPx * degPerPx, v.fovDeg, v);
}

/** The view after an arrow key (`ArrowLeft` looks left, toward lower azimuth and lower painting u), or null for another key. */
export function keyView(v: LookView, key: string, shift = false): LookView | null {
  const step = KEY_STEP_DEG * (shift ? 5 : 1);
  if (key === 'ArrowLeft') return makeView(v.azimuthDeg - step, v.elevationDeg, v.fovDeg, v);
  if (key === 'ArrowRight') return makeView(v.azimuthDeg + step, v.elevationDeg, v.fovDeg, v);
  if (key === 'ArrowUp') return makeView(v.azimuthDeg, v.elevationDeg + step, v.fovDeg, v);
  if (key === 'ArrowDown') return makeView(v.azimuthDeg, v.elevationDeg - step, v.fovDeg, v);
  return null;
}

/** The view after a wheel turn: deltaY > 0 (toward the user) widens the field of view, 100 units per 10 %. */
export function wheelView(v: LookView, deltaY: number): LookView {
  return makeView(v.azimuthDeg, v.elevationDeg, v.fovDeg * Math.pow(1.1, clamp(deltaY, -500, 500) / 100), v);
}

/** Unit direction of the view's centre in hall coordinates (y up). */
export function viewDirection(v: LookView): [number, number, number] {
  const a = (v.azimuthDeg * Math.PI) / 180;
  const e = (v.elevationDeg * Math.PI) / 180;
  return [Math.cos(e) * Math.cos(a), Math.sin(e), Math.cos(e) * Math.sin(a)];
}

/** The view from `eyeM` toward a hall point (e.g. a painting uv's world point), with field of view `fovDeg`. */
export function viewToward(eyeM: readonly [number, number, number], pointM: readonly [number, number, number], fovDeg: number): LookView {
  const d = [pointM[0] - eyeM[0], pointM[1] - eyeM[1], pointM[2] - eyeM[2]] as const;
  const az = (Math.atan2(d[2], d[0]) * 180) / Math.PI;
  const el = (Math.atan2(d[1], Math.hypot(d[0], d[2])) * 180) / Math.PI;
  return makeView(az, el, fovDeg);
}
