import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as T from '../clock/transport.ts';
import type { Show } from '../show/showSchema.ts';
import { compileShow } from './compileShow.ts';
import { CueCursor } from './CueCursor.ts';

const DURATION = 100;

function showWithCues(times: number[]): Show {
  return {
    schemaVersion: 2,
    id: 'cues',
    title: { en: 'cues' },
    languages: ['en'],
    defaultLanguage: 'en',
    durationS: DURATION,
    chapters: [],
    regions: [],
    tracks: [{ id: 'c', type: 'cue', cues: times.map((atS, i) => ({ id: `q${i}`, atS, action: { type: 'mark', label: String(i) } })) }],
  } as Show;
}

/** How often the playhead crossed show time c while travelling [a, b) under `loop` (independent oracle). */
function crossings(c: number, a: number, b: number, loop: T.LoopRange | null): number {
  if (loop === null) return a <= c && c < Math.min(b, DURATION) ? 1 : 0;
  let n = c < loop.endS && a <= c && c < b ? 1 : 0;
  if (c >= loop.startS && c < loop.endS) {
    const len = loop.endS - loop.startS;
    for (let k = 1; c + k * len < b; k++) if (c + k * len >= a) n++;
  }
  return n;
}

type Op =
  | { op: 'frames'; n: number; gapMs: number; jitterMs: number }
  | { op: 'pause' }
  | { op: 'play' }
  | { op: 'seek'; to: number }
  | { op: 'rate'; r: number }
  | { op: 'loop'; on: boolean; a: number; len: number }
  | { op: 'stall'; s: number }
  | { op: 'stop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('frames' as const), n: fc.integer({ min: 1, max: 40 }), gapMs: fc.integer({ min: 1, max: 120 }), jitterMs: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'pause' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'play' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('seek' as const), to: fc.integer({ min: 0, max: 400 }).map((x) => x / 4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rate' as const), r: fc.constantFrom(0.5, 1, 2, 4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loop' as const), on: fc.boolean(), a: fc.integer({ min: 0, max: 80 }), len: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stall' as const), s: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'stop' as const }) },
);

describe('CueCursor', () => {
  it('fires every passed cue exactly once, whatever the frame timing, seeks, pauses, rates and loops', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 399 }), { minLength: 1, maxLength: 40 }), fc.array(opArb, { maxLength: 80 }), (cueQuarterSeconds, ops) => {
        const cueTimes = cueQuarterSeconds.map((q) => q / 4);
        const compiled = compileShow(showWithCues(cueTimes));
        let epoch = 1000;
        let state = T.play(T.createTransport(DURATION, epoch), epoch);
        const cursor = new CueCursor(compiled, state, epoch);
        const fired = new Map<string, number>();
        const frame = () => {
          for (const e of cursor.update(state, epoch)) fired.set(e.id, (fired.get(e.id) ?? 0) + 1);
        };
        const history: T.ClosedSegment[] = [];
        const note = (next: T.TransportState) => {
          if (next.segment !== state.segment) history.push(next.closed.at(-1)!);
          state = next;
        };
        let jitterStep = 0;
        for (const o of ops) {
          if (o.op === 'frames') {
            for (let i = 0; i < o.n; i++) {
              jitterStep = (jitterStep * 1103515245 + 12345) % 2147483648;
              epoch += (o.gapMs + (jitterStep % (o.jitterMs + 1))) / 1000;
              frame();
            }
          } else if (o.op === 'stall') {
            epoch += o.s;
          } else {
            epoch += 0.0005;
            if (o.op === 'pause') note(T.pause(state, epoch));
            else if (o.op === 'play') note(T.play(state, epoch));
            else if (o.op === 'stop') note(T.stop(state, epoch));
            else if (o.op === 'seek') note(T.seek(state, o.to, epoch));
            else if (o.op === 'rate') note(T.setRate(state, o.r, epoch));
            else note(T.setLoop(state, o.on ? { startS: o.a, endS: Math.min(DURATION, o.a + o.len) } : null, epoch));
            // Render a frame after each command, as outputs do, so the cursor never misses more history than it keeps.
            if (history.length % 8 === 0) frame();
          }
        }
        epoch += 0.001;
        frame();
        // Oracle: every segment the playhead travelled, closed ones and the current one.
        const segments = [...history, { segment: state.segment, startTravelS: state.segmentStartTravelS, endTravelS: T.travelAt(state, epoch), loop: state.loop }];
        cueTimes.forEach((c, i) => {
          const expected = segments.reduce((n, seg) => n + crossings(c, seg.startTravelS, seg.endTravelS, seg.loop), 0);
          expect(fired.get(`q${i}`) ?? 0, `cue q${i} at ${c}`).toBe(expected);
        });
      }),
      { seed: 4242, numRuns: 400 },
    );
  });

  it('fires a cue at the seek target once, and nothing while paused', () => {
    const compiled = compileShow(showWithCues([10, 20]));
    let epoch = 0;
    let s = T.createTransport(DURATION, epoch);
    const cursor = new CueCursor(compiled, s, epoch);
    s = T.seek(s, 10, epoch);
    s = T.play(s, epoch);
    expect(cursor.update(s, epoch).map((e) => e.id)).toEqual([]);
    epoch += 0.016;
    expect(cursor.update(s, epoch).map((e) => e.id)).toEqual(['q0']);
    s = T.pause(s, epoch);
    for (let i = 0; i < 100; i++) expect(cursor.update(s, (epoch += 0.5))).toEqual([]);
    s = T.play(s, epoch);
    epoch += 10;
    expect(cursor.update(s, epoch).map((e) => e.id)).toEqual(['q1']);
    expect(cursor.update(s, epoch)).toEqual([]);
    // A late, out-of-order sample never fires again.
    expect(cursor.update(s, epoch - 5)).toEqual([]);
  });

  it('flushes what was passed before a seek, and fires chapters like cues', () => {
    const show = showWithCues([5]);
    show.chapters = [{ id: 'c1', title: { en: 'one' }, startS: 0 }, { id: 'c2', title: { en: 'two' }, startS: 5.01 }];
    const compiled = compileShow(show);
    let s = T.play(T.createTransport(DURATION, 0), 0);
    const cursor = new CueCursor(compiled, s, 0);
    expect(cursor.update(s, 4.9).map((e) => e.id)).toEqual(['c1']);
    s = T.seek(s, 50, 5.02); // passed 5 and 5.01 between the last frame and the seek
    expect(cursor.update(s, 5.03).map((e) => e.id)).toEqual(['q0', 'c2']);
  });
});
