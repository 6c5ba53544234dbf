import { fromRows, multiply, svd, transpose, type Matrix } from './matrix.ts';

/** A 3 × 3 rotation as 9 numbers, row-major. */
export type Rot3 = Float64Array;

/** The rotation of angle |ω| (radians) about ω (Rodrigues' formula), row-major. */
export function rotationFromVector(w: ArrayLike<number>): Rot3 {
  const x = w[0]!;
  const y = w[1]!;
  const z = w[2]!;
  const th = Math.hypot(x, y, z);
  // Series for small angles keep the map smooth through 0 (numerical Jacobians straddle it).
  const a = th < 1e-6 ? 1 - (th * th) / 6 : Math.sin(th) / th;
  const b = th < 1e-6 ? 0.5 - (th * th) / 24 : (1 - Math.cos(th)) / (th * th);
  return Float64Array.from([
    1 - b * (y * y + z * z), b * x * y - a * z, b * x * z + a * y,
    b * x * y + a * z, 1 - b * (x * x + z * z), b * y * z - a * x,
    b * x * z - a * y, b * y * z + a * x, 1 - b * (x * x + y * y),
  ]);
}

/** The rotation vector (axis × angle, radians) of a rotation matrix. */
export function vectorFromRotation(R: ArrayLike<number>): [number, number, number] {
  const tr = R[0]! + R[4]! + R[8]!;
  const c = Math.min(1, Math.max(-1, (tr - 1) / 2));
  const th = Math.acos(c);
  const v: [number, number, number] = [R[7]! - R[5]!, R[2]! - R[6]!, R[3]! - R[1]!];
  if (th < 1e-6) return [v[0] / 2, v[1] / 2, v[2] / 2];
  if (Math.PI - th > 1e-4) {
    const s = th / (2 * Math.sin(th));
    return [v[0] * s, v[1] * s, v[2] * s];
  }
  // Near π: the axis from the largest diagonal entry of (R + I)/2 = a aᵀ.
  const d = [R[0]!, R[4]!, R[8]!];
  const k = d[0]! >= d[1]! && d[0]! >= d[2]! ? 0 : d[1]! >= d[2]! ? 1 : 2;
  const col = [0, 1, 2].map((i) => (R[i * 3 + k]! + (i === k ? 1 : 0)) / 2);
  const n = Math.hypot(col[0]!, col[1]!, col[2]!);
  let axis = col.map((x) => x / n);
  // Fix the sign with the antisymmetric part (which carries sin θ).
  if (axis[0]! * v[0] + axis[1]! * v[1] + axis[2]! * v[2] < 0) axis = axis.map((x) => -x);
  return [axis[0]! * th, axis[1]! * th, axis[2]! * th];
}

/** a · b for row-major 3 × 3 rotations. */
export function mul3(a: ArrayLike<number>, b: ArrayLike<number>): Rot3 {
  const c = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) c[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return c;
}

/** The nearest rotation (Frobenius norm) to a 3 × 3 matrix: U Vᵀ of its SVD, det forced to +1. */
export function nearestRotation(m: Matrix): Rot3 {
  const { U, V } = svd(m);
  let R = multiply(U, transpose(V));
  const d = R.data;
  const det = d[0]! * (d[4]! * d[8]! - d[5]! * d[7]!) - d[1]! * (d[3]! * d[8]! - d[5]! * d[6]!) + d[2]! * (d[3]! * d[7]! - d[4]! * d[6]!);
  if (det < 0) {
    const Uf = fromRows([0, 1, 2].map((i) => [U.data[i * 3]!, U.data[i * 3 + 1]!, -U.data[i * 3 + 2]!]));
    R = multiply(Uf, transpose(V));
  }
  return Float64Array.from(R.data);
}
