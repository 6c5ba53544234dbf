import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';

/**
 * A large synthetic profile for store tests: `count` projectors cloned from the base's first one,
 * every `bigEvery`-th with a 129 × 129 warp grid (the rest 9 × 9), offsets a function of `variant` so
 * each variant's text differs. Deterministic: no randomness.
 */
export function largeProfile(base: Profile, variant: number, count = 256, bigEvery = 32): Profile {
  const first = base.projectors[0]!;
  const projectors: ProjectorConfig[] = [];
  for (let i = 0; i < count; i++) {
    const n = i % bigEvery === 0 ? 129 : 9;
    const offsetsPx: [number, number][] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const dx = Math.round(100 * Math.sin(0.37 * c + 0.11 * r + 0.013 * variant + i)) / 100;
        const dy = Math.round(100 * Math.cos(0.29 * r - 0.07 * c + 0.017 * variant + i)) / 100;
        offsetsPx.push([dx, dy]);
      }
    }
    projectors.push({
      ...first,
      id: `P${String(i + 1).padStart(3, '0')}`,
      name: `Projector ${i + 1}`,
      pose: { ...first.pose, yawDeg: (i * 360) / count - 180 + variant * 0.001 },
      warp: { cols: n, rows: n, offsetsPx },
      ...(first.display ? { display: { index: i % 64 } } : {}),
    });
  }
  return { ...base, id: 'large-store-test', projectors, conservation: undefined, audio: undefined };
}
