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
