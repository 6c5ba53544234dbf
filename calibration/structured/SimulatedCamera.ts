import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { hash2, hashString } from '../../engine/core/timeline/noise.ts';
import { SeededRandom } from '../math/prng.ts';
import { cameraFootprint, type CameraFootprint } from './cameraFootprint.ts';
import { gaussianBlur } from './gaussianBlur.ts';
import { frameName, grayBit, grayBitCount, type GrayImage, type StructuredFrame } from './grayCode.ts';

export { aimCameraAt, type AimOptions } from './aimCamera.ts';

/** What the simulated camera adds to the ideal picture; every effect can be turned off (0). */
export interface SimulatedCameraOptions {
  /** Seed of the sensor noise and of the wall's reflectance pattern (default 1). */
  readonly seed?: number;
  /** Camera value (0..1) of full projector white on a wall of reflectance 1 (default 0.85). */
  readonly exposure?: number;
  /** Hall light on the wall, as a fraction of projector white (default 0.03). */
  readonly ambient?: number;
  /** Light the concave wall throws back onto itself, as a fraction of the frame's mean emitted light (default 0.08). */
  readonly interReflection?: number;
  /** Optical blur, Gaussian σ in camera pixels (default 0.8). */
  readonly blurSigmaPx?: number;
  /** Read noise, Gaussian σ in 0..1 camera units (default 2/255). */
  readonly noiseSigma?: number;
  /** Photon (shot) noise σ at camera value 1, growing as √value (default 3/255). */
  readonly shotNoise?: number;
  /** Wall reflectance: a constant, or 'painted' for a seeded pattern from 0.45 to 0.9 in painting space (default 'painted'). */
  readonly reflectance?: number | 'painted';
  /** Sub-samples per camera pixel and axis for the area integral of the pattern (default: from the pixel's footprint, 2 to 6). */
  readonly supersample?: number;
}

/** Options of all effects off: the ideal camera (exact decoding is expected). */
export const IDEAL_CAMERA: SimulatedCameraOptions = { ambient: 0, interReflection: 0, blurSigmaPx: 0, noiseSigma: 0, shotNoise: 0, reflectance: 1, exposure: 1 };

/**
 * A camera on the visitor platform photographing one projector of the TRUE installation (a profile
 * with the bumped poses): for each camera pixel the wall point it sees, the true projector output
 * pixel lighting it (its fine warp included: the truth's warp stands for real optics), the frame's
 * pattern area-sampled over the pixel's footprint, × wall reflectance, + ambient and inter-reflected
 * light, then optical blur, read and shot noise (seeded by frame) and 8-bit quantisation.
 * Pure and deterministic; the stand-in for getUserMedia in tests, benches and the CLI.
 */
export class SimulatedCamera {
  readonly model: ProjectorModel;
  private readonly truth: Installation;
  private readonly footprints = new Map<string, CameraFootprint>();
  private readonly o: Required<SimulatedCameraOptions>;

  constructor(
    readonly config: ProjectorConfig,
    truth: Profile,
    options: SimulatedCameraOptions = {},
  ) {
    this.model = new ProjectorModel(config);
    this.truth = new Installation(truth);
    this.o = {
      seed: options.seed ?? 1,
      exposure: options.exposure ?? 0.85,
      ambient: options.ambient ?? 0.03,
      interReflection: options.interReflection ?? 0.08,
      blurSigmaPx: options.blurSigmaPx ?? 0.8,
      noiseSigma: options.noiseSigma ?? 2 / 255,
      shotNoise: options.shotNoise ?? 3 / 255,
      reflectance: options.reflectance ?? 'painted',
      supersample: options.supersample ?? 0,
    };
  }

  /** Camera image size. */
  get width(): number {
    return this.model.width;
  }

  get height(): number {
    return this.model.height;
  }

  /** The camera as a capture function for one projector (what recalibrateProjector takes). */
  capturer(projectorId: string): (frame: StructuredFrame) => Promise<GrayImage> {
    return (frame) => Promise.resolve(this.capture(projectorId, frame));
  }

  /** Photographs projector `projectorId` showing `frame` (every other projector dark). */
  capture(projectorId: string, frame: StructuredFrame): GrayImage {
    const g = this.footprintFor(projectorId);
    const W = this.model.width;
    const H = this.model.height;
    const o = this.o;
    const { table, index, mean } = patternTable(frame, g.projectorWidth, g.projectorHeight);
    const beta = g.blackLevel;
    const emittedMean = beta + (1 - beta) * mean;
    const n2 = g.n * g.n;
    const axisX = index === 0;
    const start = axisX ? g.colStart : g.rowStart;
    const idx = axisX ? g.colIdx : g.rowIdx;
    const cnt = axisX ? g.colCnt : g.rowCnt;
    const img = new Float32Array(W * H);
    for (let p = 0; p < W * H; p++) {
      const refl = g.reflectance[p]!;
      if (refl === 0) continue;
      let lit = 0;
      for (let e = start[p]!, end = start[p + 1]!; e < end; e++) lit += cnt[e]! * table[idx[e]!]!;
      const direct = (g.inside[p]! * beta + (1 - beta) * lit) / n2;
      img[p] = o.exposure * refl * (o.ambient + direct + o.interReflection * emittedMean * g.indirect[p]!);
    }
    const blurred = o.blurSigmaPx > 0 ? gaussianBlur(img, W, H, o.blurSigmaPx) : img;
    const rng = new SeededRandom(hash2(o.seed >>> 0, hashString(`${projectorId}:${frameName(frame)}`)));
    const data = new Uint8Array(W * H);
    for (let p = 0; p < W * H; p++) {
      let v = blurred[p]!;
      if (o.noiseSigma > 0 || o.shotNoise > 0) {
        const bits = rng.bits();
        v += o.noiseSigma * NORMAL[bits & 0xffff]! + o.shotNoise * Math.sqrt(Math.max(v, 0)) * NORMAL[bits >>> 16]!;
      }
      data[p] = Math.min(255, Math.max(0, Math.round(v * 255)));
    }
    return { width: W, height: H, data };
  }

  /** True projector output pixel (fine warp included) lighting the wall point camera pixel (u, v) sees, or null. */
  trueProjectorPixel(projectorId: string, u: number, v: number): [number, number] | null {
    const P = this.wallPoint(u, v);
    if (P === null) return null;
    const px = this.truth.projector(projectorId).worldToPixel(P);
    return px;
  }

  /** The painted-wall point camera pixel position (u, v) sees, or null. */
  wallPoint(u: number, v: number): Vec3 | null {
    const dir = this.model.unwarpedPixelToRay(u, v);
    if (dir === null) return null;
    const hit = this.truth.surface.intersect(this.model.C, dir);
    return hit !== null && hit.onWall ? hit.point : null;
  }

  private footprintFor(projectorId: string): CameraFootprint {
    let g = this.footprints.get(projectorId);
    if (!g) {
      g = cameraFootprint(this.model, this.truth, projectorId, this.o);
      this.footprints.set(projectorId, g);
    }
    return g;
  }
}

/** Per projector column (index 0) or row (index 1): 1 where the frame is white; and the frame's mean. */
function patternTable(frame: StructuredFrame, width: number, height: number): { table: Uint8Array; index: 0 | 1; mean: number } {
  const axisX = frame.kind !== 'gray' || frame.axis === 'x';
  const size = axisX ? width : height;
  const table = new Uint8Array(size);
  if (frame.kind === 'white') table.fill(1);
  else if (frame.kind === 'gray') {
    const nb = grayBitCount(size);
    for (let c = 0; c < size; c++) table[c] = grayBit(c, frame.bit, nb, frame.inverse);
  }
  let sum = 0;
  for (let c = 0; c < size; c++) sum += table[c]!;
  return { table, index: axisX ? 0 : 1, mean: sum / size };
}

/** 65,536 standard normal deviates (Box–Muller from a fixed seed): sensor noise draws 16 random bits per deviate. */
const NORMAL: Float32Array = (() => {
  const r = new SeededRandom(0x6a09e667);
  const out = new Float32Array(65536);
  for (let i = 0; i < out.length; i += 2) {
    const m = Math.sqrt(-2 * Math.log(1 - r.next()));
    const a = 2 * Math.PI * r.next();
    out[i] = m * Math.cos(a);
    out[i + 1] = m * Math.sin(a);
  }
  return out;
})();
