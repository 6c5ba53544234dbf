import type { Vec3 } from '../../engine/core/geometry/vec3.ts';

/**
 * The VESA MPCDI v2 model this engine reads and writes (MATHS.md "VESA MPCDI v2"). Only the parts a
 * projection hall needs: the 2d and a3 profiles, one warp, alpha and beta map per region.
 */

/** The MPCDI profiles we read and write: `2d` (warp in normalised buffer coordinates) and `a3` (warp as 3D wall points). */
export type MpcdiProfileKind = '2d' | 'a3';

/**
 * A geometry warp on a uniform grid over the region's output pixels: grid sample (i, j) sits at output
 * pixel (i · W / (cols − 1), j · H / (rows − 1)), row 0 at the top. Three floats per sample:
 * 2d: normalised region coordinates (x right, y down, 0..1 across the region) and an error channel;
 * a3: X, Y, Z of the wall point in `geometricUnit`. NaN where the pixel shows nothing.
 */
export interface MpcdiWarp {
  readonly cols: number;
  readonly rows: number;
  /** cols × rows × 3 floats, row by row from the top-left. */
  readonly data: Float32Array;
}

/** An alpha or beta map: one channel of values 0..1 as stored (gamma not removed), row 0 at the top. */
export interface MpcdiDataMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  readonly componentDepth: 1 | 3;
  readonly bitDepth: 8 | 16;
}

/** A region's frustum (3d/a3): the view direction and the half-angles of its image, degrees (see frustum.ts). */
export interface MpcdiFrustum {
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly rollDeg: number;
  readonly leftDeg: number;
  readonly rightDeg: number;
  readonly upDeg: number;
  readonly downDeg: number;
}

/** A region's coordinate frame (3d/a3): its position and the world directions of the yaw (down), pitch (right) and roll (forward) axes. */
export interface MpcdiCoordinateFrame {
  readonly pos: Vec3;
  readonly yaw: Vec3;
  readonly pitch: Vec3;
  readonly roll: Vec3;
}

/** One region of a buffer: one projector. */
export interface MpcdiRegion {
  readonly id: string;
  readonly bufferId: string;
  /** Placement in the buffer, normalised (0..1, y down; x + xSize may pass 1 on a 360° wall, see README). */
  readonly x: number;
  readonly y: number;
  readonly xSize: number;
  readonly ySize: number;
  /** The projector's output resolution, pixels. */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly frustum?: MpcdiFrustum;
  readonly coordinateFrame?: MpcdiCoordinateFrame;
  /** Always the inverse direction (output pixel → buffer/wall) once read; see readMpcdi's warpDirection. */
  readonly warp: MpcdiWarp;
  /** a3: unit of the warp's X, Y, Z (`m`, `mm`, …); 2d: `2D` or absent. */
  readonly geometricUnit?: string;
  readonly originOf3DData?: string;
  /** Blend (alpha) map; null when the file has none (treated as 1 everywhere). */
  readonly alpha: MpcdiDataMap | null;
  /** The gamma embedded in the alpha values (linear weight = alpha^gamma). */
  readonly alphaGamma: number;
  /** Black-level (beta) map, linear; null when absent. */
  readonly beta: MpcdiDataMap | null;
}

/** A buffer: the image the regions are cut from (2d: the painting). */
export interface MpcdiBuffer {
  readonly id: string;
  readonly xResolution: number;
  readonly yResolution: number;
}

/** A whole MPCDI file, as a model. */
export interface MpcdiDocument {
  readonly profile: MpcdiProfileKind;
  /** The `geometry` level attribute (1..3); `color` level, or null when the file says "TBD" or nothing. */
  readonly geometryLevel: number;
  readonly colorLevel: number | null;
  readonly version: string;
  readonly date?: string;
  readonly buffers: readonly MpcdiBuffer[];
  readonly regions: readonly MpcdiRegion[];
}

/** Something a technician should know about a file that was still read. */
export interface MpcdiWarning {
  readonly code:
    | 'xmlName'
    | 'colorTbd'
    | 'alphaMissing'
    | 'alphaEmpty'
    | 'mapChannels'
    | 'warpNaN'
    | 'warpDirection'
    | 'fileMissing'
    | 'attributeCase'
    | 'seam'
    | 'resolution'
    | 'unmatched'
    | 'other';
  /** The file inside the ZIP it is about, when there is one. */
  readonly file?: string;
  readonly message: string;
}

/** A file the reader refuses: names the file inside the ZIP and, when it applies, the XML element or attribute. */
export class MpcdiError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly element?: string,
  ) {
    super([file, element].filter((s) => s !== undefined).join(': ') + (file !== undefined || element !== undefined ? ': ' : '') + message);
    this.name = 'MpcdiError';
  }
}
