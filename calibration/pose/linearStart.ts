/**
 * Closed-form starting points for the pose solver: the normalised DLT (Hartley) for points in
 * general position, and a planar homography decomposition for points on (or near) one plane.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { det3, fromRows, multiply, nullVector, rq3, svd, transpose, zeros, type Matrix } from '../math/matrix.ts';
import { nearestRotation, type Rot3 } from '../math/rotation3.ts';

/** A linear estimate of a camera: rotation, centre, focal and principal point. */
export interface LinearCamera {
  readonly R: Rot3;
  readonly C: Vec3;
  readonly f: number;
  readonly cx: number;
  readonly cy: number;
}

/** How flat a point set is: its centroid, the normal of its best plane and σ₃/σ₁ of the centred points. */
export interface Planarity {
  readonly centroid: Vec3;
  readonly normal: Vec3;
  /** In-plane directions (largest spread first). */
  readonly e1: Vec3;
  readonly e2: Vec3;
  /** Smallest over largest singular value of the centred points: 0 on a plane. */
  readonly ratio: number;
}

/** The best-fit plane of world points and how far from it they are (SVD of the centred points). */
export function planarity(world: readonly Vec3[]): Planarity {
  const n = world.length;
  const c: [number, number, number] = [0, 0, 0];
  for (const p of world) for (let k = 0; k < 3; k++) c[k]! += p[k]! / n;
  const A = zeros(n, 3);
  world.forEach((p, i) => A.data.set([p[0] - c[0], p[1] - c[1], p[2] - c[2]], i * 3));
  const { S, V } = svd(A);
  const col = (j: number): Vec3 => [V.data[j]!, V.data[3 + j]!, V.data[6 + j]!];
  return { centroid: c, e1: col(0), e2: col(1), normal: col(2), ratio: S[0]! > 0 ? S[2]! / S[0]! : 0 };
}

/** Hartley normalisation: translate to the centroid and scale so the mean distance is √dim. */
function normaliser(points: readonly (readonly number[])[], dim: number): { T: Matrix; apply: (p: readonly number[]) => number[] } {
  const n = points.length;
  const c = new Array<number>(dim).fill(0);
  for (const p of points) for (let k = 0; k < dim; k++) c[k]! += p[k]! / n;
  let mean = 0;
  for (const p of points) mean += Math.hypot(...p.slice(0, dim).map((x, k) => x - c[k]!)) / n;
  const s = mean > 0 ? Math.sqrt(dim) / mean : 1;
  const T = zeros(dim + 1, dim + 1);
  for (let k = 0; k < dim; k++) {
    T.data[k * (dim + 1) + k] = s;
    T.data[k * (dim + 1) + dim] = -s * c[k]!;
  }
  T.data[dim * (dim + 1) + dim] = 1;
  return { T, apply: (p) => p.slice(0, dim).map((x, k) => s * (x - c[k]!)) };
}

/** Inverse of a similarity normaliser T = [[s I, −s c], [0, 1]]. */
function invertNormaliser(T: Matrix): Matrix {
  const d = T.rows;
  const s = T.data[0]!;
  const inv = zeros(d, d);
  for (let k = 0; k < d - 1; k++) {
    inv.data[k * d + k] = 1 / s;
    inv.data[k * d + d - 1] = -T.data[k * d + d - 1]! / s;
  }
  inv.data[d * d - 1] = 1;
  return inv;
}

/**
 * The normalised DLT: P (3 × 4) from ≥ 6 world↔pixel pairs in general position (MATHS.md), then
 * RQ into K[R | −R C]. f is the mean of K's two focal terms (our model has square pixels and no
 * skew). Null when the points are degenerate (coplanar) or the result is not a real camera.
 */
export function dltCamera(world: readonly Vec3[], pixels: readonly (readonly [number, number])[]): LinearCamera | null {
  const n = world.length;
  if (n < 6) return null;
  const nw = normaliser(world, 3);
  const ni = normaliser(pixels, 2);
  const A = zeros(2 * n, 12);
  for (let i = 0; i < n; i++) {
    const [X, Y, Z] = nw.apply(world[i]!);
    const [u, v] = ni.apply(pixels[i]!);
    A.data.set([X!, Y!, Z!, 1, 0, 0, 0, 0, -u! * X!, -u! * Y!, -u! * Z!, -u!], 2 * i * 12);
    A.data.set([0, 0, 0, 0, X!, Y!, Z!, 1, -v! * X!, -v! * Y!, -v! * Z!, -v!], (2 * i + 1) * 12);
  }
  // Many points: the null vector of AᵀA (12 × 12) costs far less than the SVD of A, and with
  // Hartley's normalisation loses nothing that the refinement after it would notice.
  const p = n > 100 ? nullVector(multiply(transpose(A), A)) : nullVector(A);
  const Pn = { rows: 3, cols: 4, data: p };
  const P = multiply(multiply(invertNormaliser(ni.T), Pn), nw.T);
  const M = fromRows([0, 1, 2].map((i) => [0, 1, 2].map((j) => P.data[i * 4 + j]!)));
  const p4 = [P.data[3]!, P.data[7]!, P.data[11]!];
  const d = det3(M);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-300) return null;
  // Fix the overall sign so det M > 0 (then R is a proper rotation); C = −M⁻¹ p4 either way.
  const sign = d > 0 ? 1 : -1;
  const Ms = fromRows([0, 1, 2].map((i) => [0, 1, 2].map((j) => sign * M.data[i * 3 + j]!)));
  const { K, Q } = rq3(Ms);
  const k22 = K.data[8]!;
  const fx = K.data[0]! / k22;
  const fy = K.data[4]! / k22;
  const C = solve3(M, p4.map((x) => -x));
  if (C === null) return null;
  const R = Float64Array.from(Q.data);
  const cam: LinearCamera = { R, C, f: (fx + fy) / 2, cx: K.data[2]! / k22, cy: K.data[5]! / k22 };
  // The points must lie in front of the lens; otherwise this is the mirror solution of a degenerate set.
  const front = world.filter((w) => R[6]! * (w[0] - C[0]) + R[7]! * (w[1] - C[1]) + R[8]! * (w[2] - C[2]) > 0).length;
  return front > n / 2 && cam.f > 0 && Number.isFinite(cam.f) ? cam : null;
}

/** Solves a 3 × 3 system by Cramer's rule; null when singular. */
function solve3(M: Matrix, b: readonly number[]): Vec3 | null {
  const d = det3(M);
  if (d === 0 || !Number.isFinite(d)) return null;
  const col = (j: number): Matrix => fromRows([0, 1, 2].map((i) => [0, 1, 2].map((k) => (k === j ? b[i]! : M.data[i * 3 + k]!))));
  return [det3(col(0)) / d, det3(col(1)) / d, det3(col(2)) / d];
}

/**
 * A camera from points on one plane (≥ 4): the homography H from plane coordinates to pixels, then
 * K⁻¹H = λ[r1 r2 t]. With the principal point known, H's two orthogonality constraints give f
 * unless the plane faces the lens squarely (then f cannot be told from distance: `focalGuess` is used).
 */
export function homographyCamera(
  world: readonly Vec3[],
  pixels: readonly (readonly [number, number])[],
  plane: Planarity,
  cx: number,
  cy: number,
  focalGuess: number,
  solveFocal: boolean,
): LinearCamera | null {
  const n = world.length;
  if (n < 4) return null;
  const planar = world.map((p): [number, number] => {
    const d: Vec3 = [p[0] - plane.centroid[0], p[1] - plane.centroid[1], p[2] - plane.centroid[2]];
    return [d[0] * plane.e1[0] + d[1] * plane.e1[1] + d[2] * plane.e1[2], d[0] * plane.e2[0] + d[1] * plane.e2[1] + d[2] * plane.e2[2]];
  });
  // Pixels relative to the principal point, so K = diag(f, f, 1).
  const centred = pixels.map((q): [number, number] => [q[0] - cx, q[1] - cy]);
  const np = normaliser(planar, 2);
  const ni = normaliser(centred, 2);
  const A = zeros(2 * n, 9);
  for (let i = 0; i < n; i++) {
    const [X, Y] = np.apply(planar[i]!);
    const [u, v] = ni.apply(centred[i]!);
    A.data.set([X!, Y!, 1, 0, 0, 0, -u! * X!, -u! * Y!, -u!], 2 * i * 9);
    A.data.set([0, 0, 0, X!, Y!, 1, -v! * X!, -v! * Y!, -v!], (2 * i + 1) * 9);
  }
  const Hn = { rows: 3, cols: 3, data: n > 100 ? nullVector(multiply(transpose(A), A)) : nullVector(A) };
  const H = multiply(multiply(invertNormaliser(ni.T), Hn), np.T);
  const h = (i: number, j: number) => H.data[i * 3 + j]!;
  let f = focalGuess;
  if (solveFocal) {
    // h1ᵀωh2 = 0 and h1ᵀωh1 = h2ᵀωh2 with ω = diag(1/f², 1/f², 1): a·(1/f²) + b = 0, twice.
    const a1 = h(0, 0) * h(0, 1) + h(1, 0) * h(1, 1);
    const b1 = h(2, 0) * h(2, 1);
    const a2 = h(0, 0) ** 2 + h(1, 0) ** 2 - h(0, 1) ** 2 - h(1, 1) ** 2;
    const b2 = h(2, 0) ** 2 - h(2, 1) ** 2;
    const denom = a1 * a1 + a2 * a2;
    const invF2 = denom > 0 ? -(a1 * b1 + a2 * b2) / denom : NaN;
    // Trust it only when the plane is seen obliquely enough for the perspective terms to count.
    const persp = Math.hypot(b1, b2) / Math.max(1e-300, Math.hypot(a1, a2));
    if (invF2 > 0 && persp > 1e-9) {
      const fEst = 1 / Math.sqrt(invF2);
      if (fEst > focalGuess / 4 && fEst < focalGuess * 4) f = fEst;
    }
  }
  const kinv = (col: number): Vec3 => [h(0, col) / f, h(1, col) / f, h(2, col)];
  let r1 = kinv(0);
  let r2 = kinv(1);
  let t = kinv(2);
  const l1 = Math.hypot(...r1);
  const l2 = Math.hypot(...r2);
  let lambda = 2 / (l1 + l2);
  // The plane's centroid (origin of the plane coordinates) must be in front: t_z > 0.
  if (t[2] * lambda < 0) lambda = -lambda;
  r1 = r1.map((x) => x * lambda) as unknown as Vec3;
  r2 = r2.map((x) => x * lambda) as unknown as Vec3;
  t = t.map((x) => x * lambda) as unknown as Vec3;
  const r3: Vec3 = [r1[1] * r2[2] - r1[2] * r2[1], r1[2] * r2[0] - r1[0] * r2[2], r1[0] * r2[1] - r1[1] * r2[0]];
  const Rp = nearestRotation(fromRows([0, 1, 2].map((i) => [r1[i]!, r2[i]!, r3[i]!])));
  // World rotation: Rw [e1 e2 e3] = [r1 r2 r3] with e3 = e1 × e2.
  const e1 = plane.e1;
  const e2 = plane.e2;
  const e3: Vec3 = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
  const E = fromRows([0, 1, 2].map((i) => [e1[i]!, e2[i]!, e3[i]!]));
  const Rw = multiply({ rows: 3, cols: 3, data: Rp }, fromRows([0, 1, 2].map((i) => [0, 1, 2].map((j) => E.data[j * 3 + i]!))));
  const R = Float64Array.from(Rw.data);
  // C = c0 − Rwᵀ t
  const C: Vec3 = [0, 1, 2].map((k) => plane.centroid[k]! - (R[k]! * t[0] + R[3 + k]! * t[1] + R[6 + k]! * t[2])) as unknown as Vec3;
  if (![...R, ...C, f].every(Number.isFinite)) return null;
  return { R, C, f, cx, cy };
}
