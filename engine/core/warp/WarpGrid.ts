import { gridPos, type GridPos } from '../geometry/sampleGrid.ts';

const _pos: GridPos = { col: 0, row: 0, tx: 0, ty: 0 };
import type { WarpGridConfig } from '../profile/profileSchema.ts';

/**
 * A fine-warp grid: control points spread evenly over the output image (the corners included), each
 * with the displacement of the image at that point in output pixels. Between control points the
 * displacement is interpolated with a bicubic Catmull-Rom spline (it passes through every control
 * point; edges are extended linearly, so a linear warp stays exactly linear).
 *
 * An output pixel p shows what the unwarped pipeline shows at p − offset(p): the image moves by the
 * offset.
 */
export class WarpGrid {
  readonly cols: number;
  readonly rows: number;
  /** Interleaved [dx, dy] per control point, row by row from the top-left. */
  readonly offsets: Float64Array;
  /** True when every offset is zero. */
  readonly identity: boolean;

  constructor(
    readonly width: number,
    readonly height: number,
    config?: WarpGridConfig,
  ) {
    this.cols = config?.cols ?? 9;
    this.rows = config?.rows ?? 9;
    this.offsets = new Float64Array(this.cols * this.rows * 2);
    if (config) config.offsetsPx.forEach(([dx, dy], i) => {
      this.offsets[i * 2] = dx;
      this.offsets[i * 2 + 1] = dy;
    });
    this.identity = this.offsets.every((v) => v === 0);
  }

  /** Output-pixel position of control point (col, row). */
  controlPoint(col: number, row: number): [number, number] {
    return [(col * this.width) / (this.cols - 1), (row * this.height) / (this.rows - 1)];
  }

  private at(c: number, r: number, k: number): number {
    // Linear extension past the edges keeps a linear field linear.
    const cc = Math.min(Math.max(c, 0), this.cols - 1);
    const rr = Math.min(Math.max(r, 0), this.rows - 1);
    const base = this.offsets[(rr * this.cols + cc) * 2 + k]!;
    if (c === cc && r === rr) return base;
    const c2 = c < 0 ? Math.min(1, this.cols - 1) : c > this.cols - 1 ? Math.max(this.cols - 2, 0) : cc;
    const r2 = r < 0 ? Math.min(1, this.rows - 1) : r > this.rows - 1 ? Math.max(this.rows - 2, 0) : rr;
    const inner = this.offsets[(r2 * this.cols + c2) * 2 + k]!;
    const rowEdge = this.offsets[(r2 * this.cols + cc) * 2 + k]!;
    const colEdge = this.offsets[(rr * this.cols + c2) * 2 + k]!;
    // Extrapolate along whichever axes are out of range.
    if (c !== cc && r !== rr) return 2 * (2 * base - colEdge) - (2 * rowEdge - inner);
    if (c !== cc) return 2 * base - colEdge;
    return 2 * base - rowEdge;
  }

  /** The image displacement at output pixel (x, y), written into out[0..1]. */
  offsetInto(x: number, y: number, out: number[] | Float64Array): void {
    if (this.identity) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    const { col: c, row: r, tx, ty } = gridPos(x, y, this.width, this.height, this.cols, this.rows, _pos);
    const wx = catmullRomWeights(tx);
    const wy = catmullRomWeights(ty);
    for (let k = 0; k < 2; k++) {
      let sum = 0;
      for (let j = 0; j < 4; j++) {
        let row = 0;
        for (let i = 0; i < 4; i++) row += wx[i]! * this.at(c - 1 + i, r - 1 + j, k);
        sum += wy[j]! * row;
      }
      out[k] = sum;
    }
  }

  /** The image displacement at output pixel (x, y). */
  offset(x: number, y: number): [number, number] {
    const out = [0, 0];
    this.offsetInto(x, y, out);
    return out as [number, number];
  }

  /** The unwarped pixel an output pixel shows: p − offset(p). */
  unwarp(x: number, y: number): [number, number] {
    const [dx, dy] = this.offset(x, y);
    return [x - dx, y - dy];
  }

  /** The output pixel that shows unwarped pixel q: solves p − offset(p) = q by fixed-point iteration. */
  warp(qx: number, qy: number): [number, number] {
    if (this.identity) return [qx, qy];
    let x = qx;
    let y = qy;
    const o = [0, 0];
    for (let i = 0; i < 50; i++) {
      this.offsetInto(x, y, o);
      const nx = qx + o[0]!;
      const ny = qy + o[1]!;
      if (Math.abs(nx - x) < 1e-10 && Math.abs(ny - y) < 1e-10) return [nx, ny];
      x = nx;
      y = ny;
    }
    return [x, y];
  }
}

/** Catmull-Rom weights for the four points around a segment at parameter t in [0, 1]. */
export function catmullRomWeights(t: number): [number, number, number, number] {
  const t2 = t * t;
  const t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
}
