/**
 * What a pose solve takes and gives (the public types of solvePose), and the problem as the stages
 * see it: the usable points, the fixed choices drawn from the options, and reprojection errors.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { cameraFromConfig, principalPoint, projectPoint, type Angles, type CameraParams } from './cameraParams.ts';
import { planarity, type Planarity } from './linearStart.ts';
import type { FreeParams } from './refineCamera.ts';

/** One landmark: its world point (metres) and the unwarped projector pixel where it was clicked. */
export interface PointPair {
  readonly id?: string;
  readonly world: Vec3;
  readonly pixel: readonly [number, number];
}

/** What to solve and from where. */
export interface PoseSolveOptions {
  /** Image size, px. */
  readonly width: number;
  readonly height: number;
  /** Start from this projector (its pose, lens and distortion); the DLT is still tried when the points allow it. */
  readonly initial?: ProjectorConfig;
  /**
   * Solve the focal length (default true). With an initial projector its focal length is kept when
   * the points cannot fix one (warning) or agree with it within their noise; it is replaced when they
   * contradict it. Without one it is always solved.
   */
  readonly solveFocal?: boolean;
  /** Solve the principal point (lens shift) (default false: fixed at the initial's, or the image centre). */
  readonly solveShift?: boolean;
  /** Fixed radial distortion (default the initial's, else 0). */
  readonly k1?: number;
  readonly k2?: number;
  /** Residual above which a point is an outlier, px (default 5 × the median-based noise scale, at least 3 px). */
  readonly outlierPx?: number;
}

/** A warning about the points or the result, for the technician. */
export interface PoseWarning {
  readonly code: 'tooFewPoints' | 'coplanar' | 'outliers' | 'highResidual' | 'illConditioned';
  readonly message: string;
}

/** One point's reprojection error with the solved pose (solved − clicked), px. */
export interface PoseResidual {
  id?: string;
  dxPx: number;
  dyPx: number;
  px: number;
  outlier: boolean;
}

/** The solved projector. */
export interface PoseSolution {
  readonly ok: boolean;
  /** As PoseSchema (cameraAxes convention), angles unwrapped toward the initial pose. */
  readonly pose: { positionM: Vec3; yawDeg: number; pitchDeg: number; rollDeg: number };
  readonly lens: { focalPx: number; cx: number; cy: number };
  /** One per input pair, in input order. */
  readonly residuals: readonly PoseResidual[];
  /** RMS of the inliers' residuals, px. */
  readonly rmsPx: number;
  readonly warnings: readonly PoseWarning[];
}

/** Fewest points the solver accepts (the DLT's minimum; MATHS.md). */
export const MIN_POINTS = 6;
/** σ₃/σ₁ of the centred world points below which they are treated as one plane (DLT degenerate). */
const PLANAR_RATIO = 1e-3;
/** Below this the points are "nearly planar": the DLT is unreliable, so other starts are tried too. */
const NEAR_PLANAR_RATIO = 0.1;
/** Distance within which a point supports a hypothesis in the subset search, px (when outlierPx is not given). */
const CONSENSUS_PX = 4;

/** One solve as its stages see it: the usable points (finite world and pixel) and every fixed choice. */
export interface PoseProblem {
  /** Image size, px. */
  readonly width: number;
  readonly height: number;
  readonly solveFocal: boolean;
  readonly solveShift: boolean;
  /** The initial projector as a camera, or null. */
  readonly init: CameraParams | null;
  /** The initial pose, toward which solved angles are unwrapped. */
  readonly initialPose: Partial<Angles> | undefined;
  readonly k1: number;
  readonly k2: number;
  /** Principal point used while it is not solved, px. */
  readonly pp: { readonly cx: number; readonly cy: number };
  /** Indices into the input pairs of the usable points, and their world points, pixels and ids. */
  readonly usableIdx: readonly number[];
  readonly world: readonly Vec3[];
  readonly pixels: readonly (readonly [number, number])[];
  readonly ids: readonly (string | undefined)[];
  /** Input pairs left out for a non-finite position. */
  readonly unusable: number;
  /** The initial projector's focal length, kept until the points contradict it. */
  readonly fixedFocal: number | undefined;
  /** The caller's outlier threshold, px, if any. */
  readonly outlierPx: number | undefined;
  /** Support distance of the subset search, px. */
  readonly consensusPx: number;
  /**
   * Parameters moved before the intrinsics are judged: the pose, and the focal length when there is
   * no profile one (the linear estimate is all there is, and outliers may have spoilt it).
   */
  readonly poseOnly: FreeParams;
}

/** The problem of solving `pairs` with `options`: usable points and defaults resolved. */
export function poseProblem(pairs: readonly PointPair[], options: PoseSolveOptions): PoseProblem {
  const W = options.width;
  const H = options.height;
  const init = options.initial ? cameraFromConfig(options.initial) : null;
  const isFinitePair = (p: PointPair) => [...p.world, ...p.pixel].every(Number.isFinite);
  const usableIdx = pairs.map((p, i) => (isFinitePair(p) ? i : -1)).filter((i) => i >= 0);
  const fixedFocal = init?.f;
  return {
    width: W,
    height: H,
    solveFocal: options.solveFocal ?? true,
    solveShift: options.solveShift ?? false,
    init,
    initialPose: options.initial?.pose,
    k1: options.k1 ?? init?.k1 ?? 0,
    k2: options.k2 ?? init?.k2 ?? 0,
    pp: options.initial ? principalPoint(options.initial) : { cx: W / 2, cy: H / 2 },
    usableIdx,
    world: usableIdx.map((i) => pairs[i]!.world),
    pixels: usableIdx.map((i) => pairs[i]!.pixel),
    ids: usableIdx.map((i) => pairs[i]!.id),
    unusable: pairs.length - usableIdx.length,
    fixedFocal,
    outlierPx: options.outlierPx,
    consensusPx: options.outlierPx ?? CONSENSUS_PX,
    poseOnly: { focal: fixedFocal === undefined, shift: false },
  };
}

/** How the world points spread: flat enough that the DLT is degenerate (planar) or unreliable (nearPlanar). */
export interface PointShape {
  readonly plane: Planarity;
  readonly planar: boolean;
  readonly nearPlanar: boolean;
}

/** The shape of the problem's world points. */
export function pointShape(world: readonly Vec3[]): PointShape {
  const plane = planarity(world);
  return { plane, planar: plane.ratio < PLANAR_RATIO, nearPlanar: plane.ratio < NEAR_PLANAR_RATIO };
}

/** One point's reprojection error, px. */
export interface PointError {
  readonly dx: number;
  readonly dy: number;
  readonly e: number;
}

/** Reprojection errors of every point with camera c (NaN-free: a point behind the lens counts as 1e6 px). */
export function reprojectionErrors(c: CameraParams, world: readonly Vec3[], pixels: readonly (readonly [number, number])[]): PointError[] {
  return world.map((w, i) => {
    const q = projectPoint(c, w);
    if (q === null) return { dx: 1e6, dy: 1e6, e: Math.SQRT2 * 1e6 };
    const dx = q[0] - pixels[i]![0];
    const dy = q[1] - pixels[i]![1];
    return { dx, dy, e: Math.hypot(dx, dy) };
  });
}

/** The reprojection errors of the problem's usable points with camera c. */
export const problemErrors = (pb: PoseProblem, c: CameraParams): PointError[] => reprojectionErrors(c, pb.world, pb.pixels);
