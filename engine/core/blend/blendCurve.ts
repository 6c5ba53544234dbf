/**
 * Paul Bourke's edge-blend curve for x in [0, 1] across an overlap, with mid-point luminance a and
 * exponent p: f(x) = a (2x)^p for x < ½, else 1 − (1 − a)(2(1 − x))^p. With a = ½, f(x) + f(1 − x) = 1.
 */
export function bourkeCurve(x: number, a = 0.5, p = 2): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x < 0.5 ? a * Math.pow(2 * x, p) : 1 - (1 - a) * Math.pow(2 * (1 - x), p);
}

/** Encodes a linear drive level for a projector that decodes with gamma γ: w^(1/γ). */
export function encodeGamma(linear: number, gamma: number): number {
  return linear <= 0 ? 0 : Math.pow(linear, 1 / gamma);
}

/**
 * Black-level uplift (MATHS.md): with n projectors at a point, N the most anywhere, black/white ratio β
 * and blend weight w, the linear drive that makes content level c look the same everywhere:
 * T = Nβ + (1 − Nβ)c, drive = w (T − nβ) / (1 − β). Returns the linear drive (encode with γ last).
 */
export function upliftDrive(c: number, w: number, n: number, N: number, beta: number): number {
  const T = N * beta + (1 - N * beta) * c;
  const d = (w * (T - n * beta)) / (1 - beta);
  return d < 0 ? 0 : d > 1 ? 1 : d;
}
