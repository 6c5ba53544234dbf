import { describe, expect, it } from 'vitest';
import type { Profile, ProjectorConfig } from '../profile/profileSchema.ts';
import { Installation } from './Installation.ts';
import { ProjectorModel, undistortRadius } from './ProjectorModel.ts';

const W = 1920;
const H = 1200;
const R = 21;

type Over = Omit<Partial<ProjectorConfig>, 'pose' | 'lens'> & { pose?: Partial<ProjectorConfig['pose']>; lens?: Partial<ProjectorConfig['lens']> };

function projector(over: Over = {}): ProjectorConfig {
  return {
    id: over.id ?? 'P',
    resolution: { width: W, height: H },
    lens: { throwRatio: 1, ...over.lens },
    pose: { positionM: [0, 10, 0], yawDeg: 0, pitchDeg: 0, rollDeg: 0, ...over.pose },
    ...(over.mount ? { mount: over.mount } : {}),
    ...(over.warp ? { warp: over.warp } : {}),
  } as ProjectorConfig;
}

function hall(projectors: ProjectorConfig[], surface: Profile['hall']['surface'] = { type: 'cylinder', radiusM: R, bottomM: 0, topM: 20 }, ref = 0): Installation {
  return new Installation({ schemaVersion: 1, id: 'h', hall: { surface, referenceAzimuthDeg: ref, eyeM: [0, 1.6, 0] }, content: { widthPx: 8192, heightPx: 1280 }, projectors } as Profile);
}

const close = (a: number, b: number, eps = 1e-9) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(eps);

describe('projector model, hand-solved cases', () => {
  it('centre projector: the central pixel hits the wall straight ahead', () => {
    const inst = hall([projector()]);
    const p = inst.projectors[0]!;
    expect(p.f).toBe(1920); // f = throw ratio × width
    const hit = inst.pixelToWall(p, W / 2, H / 2)!;
    close(hit.point[0], 21);
    close(hit.point[1], 10);
    close(hit.point[2], 0);
    close(hit.u, 0);
    close(hit.v, 0.5);
    // A pixel 480 px right of centre: ray (480/1920, 0, 1) in camera space, i.e. towards +z (right of +x).
    const right = inst.pixelToWall(p, W / 2 + 480, H / 2)!;
    const theta = Math.atan(0.25); // on the axis the horizontal distance is always R
    close(right.point[0], R * Math.cos(theta));
    close(right.point[2], R * Math.sin(theta));
    close(right.u, theta / (2 * Math.PI));
    // A pixel 300 px above centre: ray slope 300/1920 up, meets the wall at height 10 + R·300/1920.
    const up = inst.pixelToWall(p, W / 2, H / 2 - 300)!;
    close(up.point[1], 10 + (R * 300) / 1920);
  });

  it('lens shift both ways and both conventions', () => {
    const full = new ProjectorModel(projector({ lens: { throwRatio: 1, shiftY: 0.5, shiftX: 0.1 } }));
    expect(full.cy).toBe(H / 2 + 0.5 * H); // shifting up puts the lens axis below the image centre
    expect(full.cx).toBe(W / 2 - 0.1 * W);
    const half = new ProjectorModel(projector({ lens: { throwRatio: 1, shiftY: 0.5, shiftConvention: 'halfImage' } }));
    expect(half.cy).toBe(H / 2 + 0.25 * H);
    const down = new ProjectorModel(projector({ lens: { throwRatio: 1, shiftY: -0.3 } }));
    expect(down.cy).toBe(H / 2 - 0.3 * H);
    const ceiling = new ProjectorModel(projector({ lens: { throwRatio: 1, shiftY: 0.5, shiftX: 0.1 }, mount: 'ceiling' }));
    expect(ceiling.cy).toBe(H / 2 - 0.5 * H);
    expect(ceiling.cx).toBe(W / 2 + 0.1 * W);
    // With a full-image shift of +0.5 the image centre row sits 0.5·H/f above the axis.
    const inst = hall([projector({ lens: { throwRatio: 1, shiftY: 0.5 } })]);
    const hit = inst.pixelToWall(inst.projectors[0]!, W / 2, H / 2)!;
    close(hit.point[1], 10 + (R * (0.5 * H)) / 1920);
  });

  it('a projector off the axis, yawed and pitched', () => {
    const C: [number, number, number] = [1, 2, 0.5];
    const yaw = 30;
    const pitch = 10;
    const inst = hall([projector({ pose: { positionM: C, yawDeg: yaw, pitchDeg: pitch } })]);
    const hit = inst.pixelToWall(inst.projectors[0]!, W / 2, H / 2)!;
    const y = (yaw * Math.PI) / 180;
    const p = (pitch * Math.PI) / 180;
    const d = [Math.cos(p) * Math.cos(y), Math.sin(p), Math.cos(p) * Math.sin(y)];
    // Solve |C_xz + t d_xz| = R by hand: a t² + b t + c = 0.
    const a = d[0]! ** 2 + d[2]! ** 2;
    const b = 2 * (C[0] * d[0]! + C[2] * d[2]!);
    const c = C[0] ** 2 + C[2] ** 2 - R * R;
    const t = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
    close(hit.t, t);
    close(hit.point[0], C[0] + t * d[0]!);
    close(hit.point[1], C[1] + t * d[1]!);
    close(hit.point[2], C[2] + t * d[2]!);
    close(hit.u, Math.atan2(hit.point[2], hit.point[0]) / (2 * Math.PI));
    close(hit.v, hit.point[1] / 20);
  });

  it('rays either side of the 360° seam get u just below 1 and just above 0', () => {
    const inst = hall([projector()]);
    const p = inst.projectors[0]!;
    const left = inst.pixelToWall(p, W / 2 - 10, H / 2)!;
    const right = inst.pixelToWall(p, W / 2 + 10, H / 2)!;
    expect(left.u).toBeGreaterThan(0.999);
    expect(left.u).toBeLessThan(1);
    expect(right.u).toBeGreaterThan(0);
    expect(right.u).toBeLessThan(0.001);
    close(1 - left.u, right.u, 1e-12);
    // The inverse finds the same pixel from either side of the seam.
    const [hitL] = inst.uvToPixels(left.u, left.v);
    close(hitL!.x, W / 2 - 10, 1e-6);
    // A reference azimuth moves u = 0.
    const turned = hall([projector()], undefined, 90);
    close(turned.pixelToWall(turned.projectors[0]!, W / 2, H / 2)!.u, 0.75);
  });

  it('roll +90° turns the image top toward the left (smaller u)', () => {
    const inst = hall([projector({ pose: { rollDeg: 90 } })]);
    const p = inst.projectors[0]!;
    const top = inst.pixelToWall(p, W / 2, 0)!;
    const right = inst.pixelToWall(p, W, H / 2)!;
    expect(top.u).toBeGreaterThan(0.9); // left of u = 0, across the seam
    expect(right.v).toBeGreaterThan(0.5); // image right points up
  });

  it('a flat wall maps u left to right and v bottom to top', () => {
    const inst = hall([projector({ pose: { positionM: [0, 2, 0] } })], { type: 'plane', originM: [5, 0, -4], widthM: 8, heightM: 4, yawDeg: 90 });
    const hit = inst.pixelToWall(inst.projectors[0]!, W / 2, H / 2)!;
    close(hit.point[0], 5);
    close(hit.u, 0.5);
    close(hit.v, 0.5);
  });

  it('round trip pixel → wall → pixel within 1e-6, with distortion, lens shift and a warp', () => {
    const offsets: [number, number][] = Array.from({ length: 81 }, (_, i) => [Math.sin(i) * 6, Math.cos(i * 1.3) * 4]);
    const cfgs = [
      projector({ id: 'A', lens: { throwRatio: 0.8, k1: -0.08, k2: 0.02, shiftY: 0.2 }, pose: { positionM: [0.4, 9, -0.3], yawDeg: 200, pitchDeg: 5, rollDeg: 3 } }),
      projector({ id: 'B', lens: { throwRatio: 1.3, k1: 0.05 }, pose: { positionM: [-0.2, 11, 0.1], yawDeg: -20, pitchDeg: -4, rollDeg: 90 }, warp: { cols: 9, rows: 9, offsetsPx: offsets } }),
    ];
    const inst = hall(cfgs, { type: 'cylinder', radiusM: R, bottomM: -10, topM: 40 });
    let worst = 0;
    for (const p of inst.projectors) {
      for (let j = 0; j <= 20; j++) {
        for (let i = 0; i <= 20; i++) {
          const x = 20 + (i / 20) * (W - 40);
          const y = 20 + (j / 20) * (H - 40);
          const hit = inst.pixelToWall(p, x, y);
          expect(hit, `${p.id} ${x},${y}`).not.toBeNull();
          const back = inst.uvToPixels(hit!.u, hit!.v).find((h) => h.projectorId === p.id)!;
          worst = Math.max(worst, Math.hypot(back.x - x, back.y - y));
        }
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('undistortion inverts the distortion polynomial', () => {
    for (const [k1, k2] of [[-0.2, 0.05], [0.1, 0], [0, -0.01]] as const) {
      for (const r of [0, 0.1, 0.4, 0.7]) {
        const rd = r * (1 + k1 * r * r + k2 * r ** 4);
        close(undistortRadius(rd, k1, k2)!, r, 1e-12);
      }
    }
  });

  it('coverage straddles the seam for a projector facing u = 0', () => {
    const inst = hall([projector()]);
    const cov = inst.coverage(inst.projectors[0]!)!;
    expect(cov.u0).toBeGreaterThan(0.9);
    expect(cov.u1).toBeGreaterThan(1);
    close(cov.u0 + cov.u1, 2, 1e-9); // symmetric about u = 1 ≡ 0
  });
});
