import { Installation } from '../../engine/core/geometry/Installation.ts';
import { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { hash2, hashString, valueNoise1 } from '../../engine/core/timeline/noise.ts';
import { frameName, grayBit, grayBitCount, type GrayImage, type StructuredFrame } from './grayCode.ts';
import { SeededRandom } from '../math/prng.ts';

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
 * Per (camera, projector), computed once: for each camera pixel, how many of its n × n sub-samples
 * fall in each projector column and each projector row (compressed rows: start index per pixel, then
 * (index, count) entries), so a frame costs a few look-ups per pixel.
 */
interface Geometry {
  readonly n: number;
  readonly colStart: Int32Array;
  readonly colIdx: Int16Array;
  readonly colCnt: Uint8Array;
  readonly rowStart: Int32Array;
  readonly rowIdx: Int16Array;
  readonly rowCnt: Uint8Array;
  /** Sub-samples of each camera pixel on the projector's image. */
  readonly inside: Uint8Array;
  /** Wall reflectance seen by each camera pixel (0 where the camera sees no painted wall). */
  readonly reflectance: Float32Array;
  /** Smooth spatial shape of inter-reflected light (0..1). */
  readonly indirect: Float32Array;
  readonly projectorWidth: number;
  readonly projectorHeight: number;
  readonly blackLevel: number;
}

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
  private readonly geometry = new Map<string, Geometry>();
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
    const g = this.geometryFor(projectorId);
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

  private geometryFor(projectorId: string): Geometry {
    let g = this.geometry.get(projectorId);
    if (!g) {
      g = this.computeGeometry(projectorId);
      this.geometry.set(projectorId, g);
    }
    return g;
  }

  private computeGeometry(projectorId: string): Geometry {
    const W = this.model.width;
    const H = this.model.height;
    const proj = this.truth.projector(projectorId);
    const cfg = this.truth.profile.projectors.find((p) => p.id === projectorId)!;
    // Projector output position of every camera pixel corner (NaN where nothing is lit there).
    const cx = new Float64Array((W + 1) * (H + 1)).fill(NaN);
    const cy = new Float64Array((W + 1) * (H + 1)).fill(NaN);
    for (let j = 0; j <= H; j++) {
      for (let i = 0; i <= W; i++) {
        // The surface continues past the painted wall, so pixels straddling its edge keep their sub-samples.
        const dir = this.model.unwarpedPixelToRay(i, j);
        const hit = dir === null ? null : this.truth.surface.intersect(this.model.C, dir);
        if (hit === null) continue;
        const q = proj.worldToPixel(hit.point);
        if (q === null) continue;
        cx[j * (W + 1) + i] = q[0];
        cy[j * (W + 1) + i] = q[1];
      }
    }
    let n = this.o.supersample;
    if (n <= 0) {
      // Footprint of a camera pixel in projector pixels (median over the lit pixels) sets the sampling.
      const sizes: number[] = [];
      for (let j = 0; j < H; j += 7) {
        for (let i = 0; i < W; i += 7) {
          const a = j * (W + 1) + i;
          const s = Math.hypot(cx[a + 1]! - cx[a]!, cy[a + 1]! - cy[a]!);
          if (Number.isFinite(s)) sizes.push(s);
        }
      }
      sizes.sort((a, b) => a - b);
      const med = sizes.length ? sizes[sizes.length >> 1]! : 1;
      n = Math.min(8, Math.max(4, Math.ceil(med * 1.5)));
    }
    const n2 = n * n;
    const colStart = new Int32Array(W * H + 1);
    const rowStart = new Int32Array(W * H + 1);
    const colIdx: number[] = [];
    const colCnt: number[] = [];
    const rowIdx: number[] = [];
    const rowCnt: number[] = [];
    const inside = new Uint8Array(W * H);
    const centreLit = new Uint8Array(W * H);
    const reflectance = new Float32Array(W * H);
    const pw = proj.width;
    const ph = proj.height;
    const content = this.truth.profile.content;
    const seed = hash2(this.o.seed >>> 0, 0x5eed);
    const sc: number[] = [];
    const sr: number[] = [];
    const counts = new Int32Array(64);
    const addHistogram = (vals: number[], idxOut: number[], cntOut: number[]) => {
      if (vals.length === 0) return;
      let lo = vals[0]!;
      let hi = lo;
      for (const v of vals) {
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      if (hi - lo >= counts.length) {
        // A huge footprint (a camera far coarser than the projector): count exactly the slow way.
        const m = new Map<number, number>();
        for (const v of vals) m.set(v, (m.get(v) ?? 0) + 1);
        for (const [v, c] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
          idxOut.push(v);
          cntOut.push(c);
        }
        return;
      }
      for (const v of vals) counts[v - lo]!++;
      for (let k = 0; k <= hi - lo; k++) {
        if (counts[k] === 0) continue;
        idxOut.push(lo + k);
        cntOut.push(counts[k]!);
        counts[k] = 0;
      }
    };
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < W; i++) {
        const p = j * W + i;
        colStart[p] = colIdx.length;
        rowStart[p] = rowIdx.length;
        const a = j * (W + 1) + i;
        const x00 = cx[a]!, x10 = cx[a + 1]!, x01 = cx[a + W + 1]!, x11 = cx[a + W + 2]!;
        const y00 = cy[a]!, y10 = cy[a + 1]!, y01 = cy[a + W + 1]!, y11 = cy[a + W + 2]!;
        const dir = this.model.unwarpedPixelToRay(i + 0.5, j + 0.5);
        const hit = dir === null ? null : this.truth.surface.intersect(this.model.C, dir);
        if (hit === null || !hit.onWall) continue;
        reflectance[p] = typeof this.o.reflectance === 'number' ? this.o.reflectance : paintedReflectance(seed, hit.u * content.widthPx, hit.v * content.heightPx);
        if (!(Number.isFinite(x00) && Number.isFinite(x10) && Number.isFinite(x01) && Number.isFinite(x11))) continue;
        sc.length = 0;
        sr.length = 0;
        for (let t = 0; t < n; t++) {
          const fy = (t + 0.5) / n;
          for (let s = 0; s < n; s++) {
            const fx = (s + 0.5) / n;
            const x = (x00 * (1 - fx) + x10 * fx) * (1 - fy) + (x01 * (1 - fx) + x11 * fx) * fy;
            const y = (y00 * (1 - fx) + y10 * fx) * (1 - fy) + (y01 * (1 - fx) + y11 * fx) * fy;
            if (!(x >= 0 && x < pw && y >= 0 && y < ph)) continue;
            sc.push(Math.floor(x));
            sr.push(Math.floor(y));
          }
        }
        inside[p] = sc.length;
        if (sc.length * 2 > n2) centreLit[p] = 1;
        addHistogram(sc, colIdx, colCnt);
        addHistogram(sr, rowIdx, rowCnt);
      }
    }
    colStart[W * H] = colIdx.length;
    rowStart[W * H] = rowIdx.length;
    return {
      n,
      colStart,
      colIdx: Int16Array.from(colIdx),
      colCnt: Uint8Array.from(colCnt),
      rowStart,
      rowIdx: Int16Array.from(rowIdx),
      rowCnt: Uint8Array.from(rowCnt),
      inside,
      reflectance,
      indirect: indirectShape(centreLit, W, H), projectorWidth: pw, projectorHeight: ph, blackLevel: cfg.blackLevel ?? 0.001 };
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

/** A seeded, smooth reflectance pattern (0.45..0.9) over painting pixels: dark and light passages of a canvas. */
function paintedReflectance(seed: number, xPx: number, yPx: number): number {
  const a = valueNoise1(seed, xPx / 700 + 37 * Math.floor(yPx / 700)) * 0.6 + valueNoise1(seed ^ 0x9e37, yPx / 450 + 53 * Math.floor(xPx / 450)) * 0.4;
  return 0.45 + 0.45 * a;
}

/**
 * The smooth shape of light bounced back by a concave wall: the projector's lit footprint seen by the
 * camera, blurred over a sixth of the image, normalised to 1 at its peak, with a floor (light reaches
 * the whole hall).
 */
function indirectShape(lit: Uint8Array, W: number, H: number): Float32Array {
  const f = 8;
  const w = Math.ceil(W / f);
  const h = Math.ceil(H / f);
  const small = new Float32Array(w * h);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) if (lit[j * W + i]) small[((j / f) | 0) * w + ((i / f) | 0)]! += 1 / (f * f);
  const blurred = gaussianBlur(small, w, h, Math.max(1, Math.max(w, h) / 6));
  let max = 0;
  for (const v of blurred) max = Math.max(max, v);
  const out = new Float32Array(W * H);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) out[j * W + i] = 0.4 + 0.6 * (max > 0 ? blurred[((j / f) | 0) * w + ((i / f) | 0)]! / max : 0);
  return out;
}

/** Separable Gaussian blur (σ in pixels, kernel ±3σ, edges clamped). */
export function gaussianBlur(src: Float32Array, W: number, H: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= s;
  const tmp = new Float32Array(W * H);
  const out = new Float32Array(W * H);
  const taps = 2 * r + 1;
  // Rows: clamped taps only near the ends, a plain loop in between.
  for (let y = 0; y < H; y++) {
    const o = y * W;
    for (let x = 0; x < W; x++) {
      let acc = 0;
      if (x >= r && x < W - r) {
        const base = o + x - r;
        for (let i = 0; i < taps; i++) acc += k[i]! * src[base + i]!;
      } else {
        for (let i = -r; i <= r; i++) acc += k[i + r]! * src[o + Math.min(W - 1, Math.max(0, x + i))]!;
      }
      tmp[o + x] = acc;
    }
  }
  // Columns: accumulate whole rows at a time (memory order).
  for (let y = 0; y < H; y++) {
    const o = y * W;
    for (let i = -r; i <= r; i++) {
      const src2 = Math.min(H - 1, Math.max(0, y + i)) * W;
      const kk = k[i + r]!;
      for (let x = 0; x < W; x++) out[o + x]! += kk * tmp[src2 + x]!;
    }
  }
  return out;
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

/**
 * A camera config (ProjectorConfig-shaped, id "camera") on the eye point, aimed at the painted-wall
 * footprint of projector `projectorId` of `profile`, with the field and resolution to see all of it.
 */
export function aimCameraAt(profile: Profile, projectorId: string, options: AimOptions = {}): ProjectorConfig {
  const inst = new Installation(profile);
  const proj = inst.projector(projectorId);
  const eye = options.positionM ?? profile.hall.eyeM;
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
  if (dirs.length === 0) throw new Error(`projector ${projectorId} lights none of the wall of profile ${profile.id}: the camera has nothing to aim at`);
  // Aim at the middle of the angular box (two passes: the box is measured in the camera's own frame).
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
