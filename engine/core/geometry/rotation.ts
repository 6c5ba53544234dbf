import { deg, type Vec3 } from './vec3.ts';

/**
 * The camera axes of a projector in world space, from its yaw, pitch and roll (degrees).
 * Camera frame as in OpenCV: x right, y down, z forward (along the lens axis).
 * - yaw: azimuth of the lens axis, from +x toward +z (the same direction as painting u);
 * - pitch: + tilts the axis up;
 * - roll: + rotates the image counter-clockwise as seen from behind the projector (+90 makes a
 *   landscape projector portrait with the image top toward the left).
 */
export function cameraAxes(yawDeg: number, pitchDeg: number, rollDeg: number): { right: Vec3; down: Vec3; forward: Vec3 } {
  const y = deg(yawDeg);
  const p = deg(pitchDeg);
  const r = deg(rollDeg);
  const forward: Vec3 = [Math.cos(p) * Math.cos(y), Math.sin(p), Math.cos(p) * Math.sin(y)];
  const right0: Vec3 = [-Math.sin(y), 0, Math.cos(y)];
  // up0 = right0 × forward (the image's up before roll)
  const up0: Vec3 = [
    right0[1] * forward[2] - right0[2] * forward[1],
    right0[2] * forward[0] - right0[0] * forward[2],
    right0[0] * forward[1] - right0[1] * forward[0],
  ];
  const c = Math.cos(r);
  const s = Math.sin(r);
  const right: Vec3 = [c * right0[0] + s * up0[0], c * right0[1] + s * up0[1], c * right0[2] + s * up0[2]];
  const up: Vec3 = [c * up0[0] - s * right0[0], c * up0[1] - s * right0[1], c * up0[2] - s * right0[2]];
  return { right, down: [-up[0], -up[1], -up[2]], forward };
}
