import type { Show } from '../engine/core/show/showSchema.ts';

const EASES = ['linear', 'power2.inOut', 'sine.out', 'expo.in', 'back.out(1.7)', 'hold'];

/** A deterministic pseudo-random generator (LCG) for benchmark content: same show on every machine. */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** A synthetic show of `clipCount` keyframed spot clips spread over `durationS` seconds, on 20 tracks. */
export function syntheticShow(clipCount: number, durationS = 3600, seed = 1): Show {
  const rnd = lcg(seed);
  const tracks: Show['tracks'] = [];
  for (let k = 0; k < 20; k++) tracks.push({ id: `t${k}`, type: 'light', clips: [] });
  for (let i = 0; i < clipCount; i++) {
    const len = 2 + rnd() * 58;
    const start = rnd() * (durationS - len);
    const kf = [0, len * 0.25, len * 0.6, len].map((t, j) => ({ t, v: rnd() * 2, ease: j === 0 ? undefined : EASES[Math.floor(rnd() * EASES.length)] }));
    const track = tracks[i % 20]!;
    if (track.type !== 'light') continue;
    track.clips.push({
      id: `c${i}`,
      effect: 'spot',
      startS: start,
      durationS: len,
      params: {
        intensity: { keyframes: kf },
        center: { keyframes: [{ t: 0, v: [rnd(), rnd()] }, { t: len, v: [rnd(), rnd()], ease: 'sine.inOut' }] },
        radius: 0.1 + rnd() * 0.2,
      },
    });
  }
  return { schemaVersion: 2, id: 'bench', title: { en: 'bench' }, languages: ['en'], defaultLanguage: 'en', durationS, chapters: [], regions: [], tracks } as Show;
}
