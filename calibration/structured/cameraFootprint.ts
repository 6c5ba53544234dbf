/**
 * The geometry of a simulated camera looking at one projector of the true installation, computed once
 * per (camera, projector): which projector columns and rows each camera pixel's area covers, the wall
 * reflectance it sees, and the shape of the light the concave wall throws back onto itself.
 */
import type { Installation } from '../../engine/core/geometry/Installation.ts';
import type { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import { hash2, valueNoise1 } from '../../engine/core/timeline/noise.ts';
import { gaussianBlur } from './gaussianBlur.ts';

/**
 * Per camera pixel, how many of its n × n sub-samples fall in each projector column and each projector
 * row (compressed rows: start index per pixel, then (index, count) entries), so a frame costs a few
 * look-ups per pixel; and what the camera sees of the wall there.
 */
export interface CameraFootprint {
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

/** The options of the simulated camera the footprint depends on (SimulatedCameraOptions, defaults resolved). */
export interface FootprintOptions {
  readonly seed: number;
  readonly reflectance: number | 'painted';
  /** Sub-samples per axis; 0 or less: from the pixel's footprint. */
  readonly supersample: number;
}

/** Projector output position of every camera pixel corner ((W + 1) × (H + 1), NaN where nothing is lit there). */
function cornerPositions(camera: ProjectorModel, truth: Installation, proj: ProjectorModel): { cx: Float64Array; cy: Float64Array } {
  const W = camera.width;
  const H = camera.height;
  const cx = new Float64Array((W + 1) * (H + 1)).fill(NaN);
  const cy = new Float64Array((W + 1) * (H + 1)).fill(NaN);
  for (let j = 0; j <= H; j++) {
    for (let i = 0; i <= W; i++) {
      // The surface continues past the painted wall, so pixels straddling its edge keep their sub-samples.
      const dir = camera.unwarpedPixelToRay(i, j);
      const hit = dir === null ? null : truth.surface.intersect(camera.C, dir);
      if (hit === null) continue;
      const q = proj.worldToPixel(hit.point);
      if (q === null) continue;
      cx[j * (W + 1) + i] = q[0];
      cy[j * (W + 1) + i] = q[1];
    }
  }
  return { cx, cy };
}

/** Sub-samples per axis from a camera pixel's footprint in projector pixels (median over the lit pixels), 4 to 8. */
function autoSupersample(cx: Float64Array, cy: Float64Array, W: number, H: number): number {
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
  return Math.min(8, Math.max(4, Math.ceil(med * 1.5)));
}

/** One axis of the footprint: per camera pixel, the projector indices its sub-samples hit and how many each. */
class AxisCounts {
  readonly start: Int32Array;
  readonly idx: number[] = [];
  readonly cnt: number[] = [];
  /** Histogram scratch, left all zero after each pixel. */
  private readonly counts = new Int32Array(64);

  constructor(pixels: number) {
    this.start = new Int32Array(pixels + 1);
  }

  /** Starts camera pixel p's entries (p = the pixel count closes the last one). */
  open(p: number): void {
    this.start[p] = this.idx.length;
  }

  /** Adds one pixel's sub-sample indices as (index, count) entries in increasing index order. */
  add(vals: readonly number[]): void {
    if (vals.length === 0) return;
    let lo = vals[0]!;
    let hi = lo;
    for (const v of vals) {
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    const counts = this.counts;
    if (hi - lo >= counts.length) {
      // A huge footprint (a camera far coarser than the projector): count exactly the slow way.
      const m = new Map<number, number>();
      for (const v of vals) m.set(v, (m.get(v) ?? 0) + 1);
      for (const [v, c] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
        this.idx.push(v);
        this.cnt.push(c);
      }
      return;
    }
    for (const v of vals) counts[v - lo]!++;
    for (let k = 0; k <= hi - lo; k++) {
      if (counts[k] === 0) continue;
      this.idx.push(lo + k);
      this.cnt.push(counts[k]!);
      counts[k] = 0;
    }
  }
}

/**
 * The projector column and row of each of n × n sub-samples of the camera pixel whose top-left corner
 * is corner a (corner rows `stride` apart), bilinear between its corners' positions; sub-samples off
 * the pw × ph image left out.
 */
function subSamples(corners: { cx: Float64Array; cy: Float64Array }, a: number, stride: number, n: number, pw: number, ph: number, sc: number[], sr: number[]): void {
  const { cx, cy } = corners;
  const x00 = cx[a]!, x10 = cx[a + 1]!, x01 = cx[a + stride]!, x11 = cx[a + stride + 1]!;
  const y00 = cy[a]!, y10 = cy[a + 1]!, y01 = cy[a + stride]!, y11 = cy[a + stride + 1]!;
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
}

/**
 * The footprint of camera `camera` on projector `projectorId` of the true installation: each camera
 * pixel's centre ray gives the wall point (and its reflectance); its corners, mapped to projector
 * output pixels (fine warp included), give the area sampled over the projector's columns and rows.
 */
export function cameraFootprint(camera: ProjectorModel, truth: Installation, projectorId: string, o: FootprintOptions): CameraFootprint {
  const W = camera.width;
  const H = camera.height;
  const proj = truth.projector(projectorId);
  const cfg = truth.profile.projectors.find((p) => p.id === projectorId)!;
  const corners = cornerPositions(camera, truth, proj);
  const { cx } = corners;
  const n = o.supersample > 0 ? o.supersample : autoSupersample(cx, corners.cy, W, H);
  const n2 = n * n;
  const cols = new AxisCounts(W * H);
  const rows = new AxisCounts(W * H);
  const inside = new Uint8Array(W * H);
  const centreLit = new Uint8Array(W * H);
  const reflectance = new Float32Array(W * H);
  const pw = proj.width;
  const ph = proj.height;
  const content = truth.profile.content;
  const seed = hash2(o.seed >>> 0, 0x5eed);
  const sc: number[] = [];
  const sr: number[] = [];
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const p = j * W + i;
      cols.open(p);
      rows.open(p);
      const a = j * (W + 1) + i;
      const dir = camera.unwarpedPixelToRay(i + 0.5, j + 0.5);
      const hit = dir === null ? null : truth.surface.intersect(camera.C, dir);
      if (hit === null || !hit.onWall) continue;
      reflectance[p] = typeof o.reflectance === 'number' ? o.reflectance : paintedReflectance(seed, hit.u * content.widthPx, hit.v * content.heightPx);
      // A corner that maps to no projector pixel leaves the pixel unsampled.
      if (!(Number.isFinite(cx[a]!) && Number.isFinite(cx[a + 1]!) && Number.isFinite(cx[a + W + 1]!) && Number.isFinite(cx[a + W + 2]!))) continue;
      subSamples(corners, a, W + 1, n, pw, ph, sc, sr);
      inside[p] = sc.length;
      if (sc.length * 2 > n2) centreLit[p] = 1;
      cols.add(sc);
      rows.add(sr);
    }
  }
  cols.open(W * H);
  rows.open(W * H);
  return {
    n,
    colStart: cols.start,
    colIdx: Int16Array.from(cols.idx),
    colCnt: Uint8Array.from(cols.cnt),
    rowStart: rows.start,
    rowIdx: Int16Array.from(rows.idx),
    rowCnt: Uint8Array.from(rows.cnt),
    inside,
    reflectance,
    indirect: indirectShape(centreLit, W, H),
    projectorWidth: pw,
    projectorHeight: ph,
    blackLevel: cfg.blackLevel ?? 0.001,
  };
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
