import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseShowText } from '../show/parseShow.ts';
import type { Show } from '../show/showSchema.ts';
import { evaluate, TimelineEvaluator } from './TimelineEvaluator.ts';
import { fractalNoise1, hashString } from './noise.ts';

const demoText = readFileSync(new URL('../../../shows/demo.show.json', import.meta.url), 'utf8');
function demo(): Show {
  const r = parseShowText(demoText);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value.show;
}

function base(tracks: Show['tracks'], durationS = 20): Show {
  return { schemaVersion: 2, id: 's', title: { en: 's' }, languages: ['en'], defaultLanguage: 'en', durationS, chapters: [], regions: [], tracks } as Show;
}

describe('evaluate(show, t)', () => {
  it('matches hand-computed values at keyframes, inside eases and in fades', () => {
    const show = base([
      {
        id: 'L',
        type: 'light',
        clips: [
          {
            id: 'spot',
            effect: 'spot',
            startS: 2,
            durationS: 10,
            fadeInS: 2,
            fadeOutS: 4,
            fadeEase: 'linear',
            params: {
              intensity: { keyframes: [{ t: 0, v: 0 }, { t: 4, v: 2, ease: 'sine.inOut' }, { t: 8, v: 1, ease: 'hold' }] },
              center: { keyframes: [{ t: 0, v: [0.1, 0.2] }, { t: 10, v: [0.6, 0.7] }] },
            },
          },
        ],
      },
    ]);
    expect(evaluate(show, 1.999).layers).toEqual([]);
    const at3 = evaluate(show, 3).layers[0]!;
    expect(at3.localS).toBe(1);
    expect(at3.fade).toBe(0.5); // linear fade-in, 1 s of 2
    // sine.inOut at p = 0.25 is (1 − cos(π/4)) / 2
    expect(at3.params['intensity']).toBeCloseTo(2 * (1 - Math.cos(Math.PI / 4)) / 2, 12);
    const center = at3.params['center'] as number[];
    expect(center[0]).toBeCloseTo(0.15, 12);
    expect(center[1]).toBeCloseTo(0.25, 12);
    expect(at3.params['radius']).toBe(0.15); // default
    const at6 = evaluate(show, 6).layers[0]!;
    expect(at6.params['intensity']).toBe(2);
    const at9 = evaluate(show, 9).layers[0]!;
    expect(at9.params['intensity']).toBe(2); // local 7 s: the hold keeps 2 until its keyframe at local 8 s
    expect(at9.fade).toBeCloseTo(0.75, 12); // 3 s left of a 4 s fade-out
    expect(evaluate(show, 10).layers[0]!.params['intensity']).toBe(1);
    expect(evaluate(show, 12).layers).toEqual([]); // half-open: the clip ends at 12
  });

  it('flicker is seeded by the clip id and show time only', () => {
    const show = base([{ id: 'L', type: 'light', clips: [{ id: 'fire', effect: 'flicker', startS: 0, durationS: 10, params: { amount: 0.5, frequencyHz: 4 } }] }]);
    const layer = evaluate(show, 3.3).layers[0]!;
    expect(layer.gain).toBe(1 - 0.5 + 0.5 * fractalNoise1(hashString('fire'), 3.3 * 4));
    expect(layer.seed).toBe(hashString('fire'));
  });

  it('composites in track order, then clip start, then id; disabled tracks are silent', () => {
    const clip = (id: string, startS: number) => ({ id, effect: 'wash' as const, startS, durationS: 5 });
    const show = base([
      { id: 'A', type: 'light', clips: [clip('a2', 1), clip('a1', 1), clip('a0', 0)] },
      { id: 'B', type: 'light', clips: [clip('b0', 0)] },
      { id: 'C', type: 'light', enabled: false, clips: [clip('c0', 0)] },
      { id: 'S', type: 'audio', clips: [{ id: 'snd', source: { type: 'file', src: 'audio/x.wav' }, startS: 1, durationS: 4, sourceOffsetS: 10, params: { gainDb: -6 } }] },
    ]);
    const f = evaluate(show, 2);
    expect(f.layers.map((l) => l.clipId)).toEqual(['a0', 'a1', 'a2', 'b0']);
    expect(f.audio).toEqual([{ clipId: 'snd', trackId: 'S', src: 'audio/x.wav', localS: 1, sourceS: 11, loop: false, fade: 1, gainDb: -6 }]);
  });

  it('reports the chapter', () => {
    const show = demo();
    expect(evaluate(show, 0).chapterId).toBe('ch-dusk');
    expect(evaluate(show, 39.999).chapterIndex).toBe(0);
    expect(evaluate(show, 40).chapterId).toBe('ch-night');
    expect(evaluate(show, 119).chapterId).toBe('ch-dawn');
  });

  it('gives identical FrameStates for the same t across evaluators fed different frame timings', () => {
    const show = demo();
    const a = new TimelineEvaluator(show);
    const b = new TimelineEvaluator(show);
    const fresh = (t: number) => new TimelineEvaluator(show).evaluate(t);
    // a: a steady 60 Hz playback; b: jittery frames, seeks back and forth.
    const probe = [0.5, 10, 42.25, 50.3, 53.5, 60, 77.77, 100, 119.9];
    const seenA = new Map<number, unknown>();
    for (let k = 0; k <= 120 * 60; k++) {
      const t = k / 60;
      const s = a.evaluate(t);
      for (const p of probe) if (Math.abs(p - t) < 1e-12) seenA.set(p, s);
    }
    for (const p of probe) seenA.set(p, a.evaluate(p));
    let x = 7;
    for (let i = 0; i < 3000; i++) {
      x = (x * 48271) % 2147483647;
      b.evaluate((x % 120000) / 1000);
      if (i % 300 === 0) for (const p of probe) expect(b.evaluate(p)).toEqual(seenA.get(p));
    }
    for (const p of probe) {
      expect(b.evaluate(p)).toEqual(seenA.get(p));
      expect(fresh(p)).toEqual(seenA.get(p));
      expect(JSON.stringify(b.evaluate(p))).toBe(JSON.stringify(fresh(p)));
    }
  });

  it('sequential playback agrees with random access at every frame', () => {
    const show = demo();
    const seq = new TimelineEvaluator(show);
    for (let k = 0; k < 120 * 30; k++) {
      const t = k / 30;
      if (k % 7 === 0) expect(seq.evaluate(t)).toEqual(new TimelineEvaluator(show).evaluate(t));
      else seq.evaluate(t);
    }
  });

  it('never modifies the show', () => {
    const show = demo();
    const before = JSON.stringify(show);
    for (let t = 0; t < 120; t += 0.37) evaluate(show, t);
    expect(JSON.stringify(show)).toBe(before);
  });
});
