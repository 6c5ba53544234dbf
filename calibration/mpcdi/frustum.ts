import type { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { MpcdiCoordinateFrame, MpcdiFrustum } from './MpcdiDocument.ts';

const DEG = 180 / Math.PI;

/**
 * The coordinate frame this engine writes (MPCDI's "airplane" axes at zero yaw, pitch and roll, in hall
 * coordinates): the roll axis (forward) is +x, the pitch axis (right) +z, the yaw axis (down) −y; the
 * position is the lens centre in metres (origin on the floor at the hall centre).
 */
export const HALL_FRAME_AXES: { readonly yaw: Vec3; readonly pitch: Vec3; readonly roll: Vec3 } = { yaw: [0, -1, 0], pitch: [0, 0, 1], roll: [1, 0, 0] };

/**
 * A projector's MPCDI frustum. yaw and pitch are the profile's (MPCDI: yaw + turns right, i.e. toward
 * +z from +x, which is our azimuth; pitch + up); roll is the profile's negated (MPCDI: + lifts the left
 * side; ours: + turns the image counter-clockwise seen from behind, lifting the right side). Angles from
 * the intrinsics: left = atan(−cx/f), right = atan((W − cx)/f), up = atan(cy/f), down = atan((cy − H)/f),
 * degrees (left and down negative). Lens distortion is not in the frustum: the warp carries it.
 */
export function frustumOf(cfg: ProjectorConfig, model: ProjectorModel): MpcdiFrustum {
  const { f, cx, cy, width: W, height: H } = model;
  return {
    yawDeg: cfg.pose.yawDeg,
    pitchDeg: cfg.pose.pitchDeg,
    rollDeg: cfg.pose.rollDeg === 0 ? 0 : -cfg.pose.rollDeg,
    leftDeg: Math.atan(-cx / f) * DEG,
    rightDeg: Math.atan((W - cx) / f) * DEG,
    upDeg: Math.atan(cy / f) * DEG,
    downDeg: Math.atan((cy - H) / f) * DEG,
  };
}

/** The coordinate frame of a projector in the engine's convention (HALL_FRAME_AXES). */
export function coordinateFrameOf(cfg: ProjectorConfig): MpcdiCoordinateFrame {
  return { pos: cfg.pose.positionM, ...HALL_FRAME_AXES };
}

/** True when a frame uses the engine's axes (within 1e-6), so its position and the frustum angles are hall coordinates. */
export function isHallFrame(frame: MpcdiCoordinateFrame): boolean {
  const near = (a: Vec3, b: Vec3) => Math.abs(a[0] - b[0]) < 1e-6 && Math.abs(a[1] - b[1]) < 1e-6 && Math.abs(a[2] - b[2]) < 1e-6;
  return near(frame.yaw, HALL_FRAME_AXES.yaw) && near(frame.pitch, HALL_FRAME_AXES.pitch) && near(frame.roll, HALL_FRAME_AXES.roll);
}

/** Focal length and principal point (pixels) from a frustum's angles and the image width. */
export function intrinsicsOfFrustum(fr: MpcdiFrustum, width: number): { focalPx: number; cx: number; cy: number } {
  const t = (d: number) => Math.tan(d / DEG);
  const f = width / (t(fr.rightDeg) - t(fr.leftDeg));
  return { focalPx: f, cx: -f * t(fr.leftDeg), cy: f * t(fr.upDeg) };
}
