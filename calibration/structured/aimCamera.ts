import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';

/** Options for aiming the platform camera at a projector. */
export interface AimOptions {
  /** Pixels along the camera's longer side (default 1280); the other side follows the footprint's shape. */
  readonly longSidePx?: number;
  /** Extra field around the footprint, fraction of its angular size on each side (default 0.08). */
  readonly margin?: number;
  /** Lens distortion of the camera (default k1 −0.05, k2 0). */
  readonly k1?: number;
  readonly k2?: number;
  /** Camera position (default the profile's eye point). */
  readonly positionM?: Vec3;
}

/** Unit directions from the eye to the painted-wall footprint of a projector (a 33 × 33 grid over its image). */
function footprintDirections(inst: Installation, projectorId: string, eye: Vec3): Vec3[] {
  const proj = inst.projector(projectorId);
  const dirs: Vec3[] = [];
  const N = 32;
  for (let j = 0; j <= N; j++) {
    for (let i = 0; i <= N; i++) {
      const hit = inst.pixelToWall(proj, (i / N) * proj.width, (j / N) * proj.height);
      if (hit === null) continue;
      // Clamp to the painted wall: the camera needs the lit part of the painting.
      const P = hit.onWall ? hit.point : inst.surface.pointAt(hit.u, Math.min(1, Math.max(0, hit.v)));
      const d: Vec3 = [P[0] - eye[0], P[1] - eye[1], P[2] - eye[2]];
      const l = Math.hypot(d[0], d[1], d[2]);
      dirs.push([d[0] / l, d[1] / l, d[2] / l]);
    }
  }
  return dirs;
}

/** The camera's yaw and pitch (radians) at the middle of the directions' angular box, and the box (normalised image coordinates). */
function aimAtBox(eye: Vec3, dirs: readonly Vec3[]): { yaw: number; pitch: number; ext: { x0: number; x1: number; y0: number; y1: number } } {
  // Start at the mean direction, then two more passes: the box is measured in the camera's own frame.
  let yaw = 0;
  let pitch = 0;
  {
    const m = dirs.reduce<Vec3>((a, d) => [a[0] + d[0], a[1] + d[1], a[2] + d[2]], [0, 0, 0]);
    yaw = Math.atan2(m[2], m[0]);
    pitch = Math.atan2(m[1], Math.hypot(m[0], m[2]));
  }
  let ext = { x0: 0, x1: 0, y0: 0, y1: 0 };
  for (let pass = 0; pass < 3; pass++) {
    const cam = new ProjectorModel(cameraConfig(eye, yaw, pitch, 100, 100, 100, 0, 0));
    ext = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    for (const d of dirs) {
      const R = cam.R;
      const X = R[0]! * d[0] + R[1]! * d[1] + R[2]! * d[2];
      const Y = R[3]! * d[0] + R[4]! * d[1] + R[5]! * d[2];
      const Z = R[6]! * d[0] + R[7]! * d[1] + R[8]! * d[2];
      ext.x0 = Math.min(ext.x0, X / Z);
      ext.x1 = Math.max(ext.x1, X / Z);
      ext.y0 = Math.min(ext.y0, Y / Z);
      ext.y1 = Math.max(ext.y1, Y / Z);
    }
    // Turn toward the middle of the box (x right, y down in the camera frame).
    yaw += Math.atan((ext.x0 + ext.x1) / 2);
    pitch -= Math.atan((ext.y0 + ext.y1) / 2);
  }
  return { yaw, pitch, ext };
}

/**
 * A camera config (ProjectorConfig-shaped, id "camera") on the eye point, aimed at the painted-wall
 * footprint of projector `projectorId` of `profile`, with the field and resolution to see all of it.
 */
export function aimCameraAt(profile: Profile, projectorId: string, options: AimOptions = {}): ProjectorConfig {
  const inst = new Installation(profile);
  const eye = options.positionM ?? profile.hall.eyeM;
  const dirs = footprintDirections(inst, projectorId, eye);
  if (dirs.length === 0) throw new Error(`projector ${projectorId} lights none of the wall of profile ${profile.id}: the camera has nothing to aim at`);
  const { yaw, pitch, ext } = aimAtBox(eye, dirs);
  const margin = options.margin ?? 0.08;
  const hx = ((ext.x1 - ext.x0) / 2) * (1 + 2 * margin);
  const hy = ((ext.y1 - ext.y0) / 2) * (1 + 2 * margin);
  const long = options.longSidePx ?? 1280;
  const f = long / (2 * Math.max(hx, hy));
  const width = Math.max(16, Math.round(2 * hx * f));
  const height = Math.max(16, Math.round(2 * hy * f));
  return cameraConfig(eye, yaw, pitch, f, width, height, options.k1 ?? -0.05, options.k2 ?? 0);
}

function cameraConfig(eye: Vec3, yawRad: number, pitchRad: number, focalPx: number, width: number, height: number, k1: number, k2: number): ProjectorConfig {
  return {
    id: 'camera',
    name: 'Platform camera',
    resolution: { width, height },
    lens: { focalPx, k1, k2 },
    pose: { positionM: [eye[0], eye[1], eye[2]], yawDeg: (yawRad * 180) / Math.PI, pitchDeg: (pitchRad * 180) / Math.PI, rollDeg: 0 },
  };
}
