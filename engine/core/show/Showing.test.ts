import { describe, expect, it } from 'vitest';
import { shippedShow } from '../../../tests/support/shippedDocuments.ts';
import type { TimelineEvent } from '../timeline/compileShow.ts';
import { Showing } from './Showing.ts';

const demo = shippedShow('demo'); // 120 s; chapters at 0, 40, 85; languages vi, en, fr (default en)
const T0 = 1000;

/** Ids of the events passed by updates at every `stepS` from `fromS` to `toS` (epoch seconds). */
function run(s: Showing, fromS: number, toS: number, stepS = 0.25): string[] {
  const out: TimelineEvent[] = [];
  for (let t = fromS; t <= toS; t += stepS) s.update(t, out);
  return out.map((e) => e.id);
}

describe('Showing: transport and cues on a time given as an argument', () => {
  it('plays, holds, seeks and changes rate; show time is derived from the epoch, never accumulated', () => {
    const s = new Showing(demo, 'en', T0);
    expect(s.transport.status).toBe('stopped');
    s.play(T0);
    expect(s.showTimeAt(T0 + 12.5)).toBe(12.5);
    expect(s.chapterIndexAt(T0 + 41)).toBe(1);
    s.pause(T0 + 20);
    expect(s.showTimeAt(T0 + 500)).toBe(20);
    s.seek(90, T0 + 30);
    expect(s.chapterIndexAt(T0 + 30)).toBe(2);
    s.setRate(2, T0 + 30);
    s.play(T0 + 30);
    expect(s.showTimeAt(T0 + 35)).toBe(100);
    expect(s.isEnded(T0 + 45)).toBe(true);
    expect(s.betweenShowings(T0 + 45)).toBe(true);
  });

  it('fires each cue and chapter mark once, whatever the update rate; what passed before it started does not fire', () => {
    const a = new Showing(demo, 'en', T0);
    a.play(T0);
    const b = new Showing(demo, 'en', T0);
    b.play(T0);
    const every = run(a, T0, T0 + 121, 1 / 60);
    expect(run(b, T0, T0 + 121, 7.3)).toEqual(every);
    expect(every.slice(0, 2)).toEqual(['ch-dusk', 'house-down']);
    expect(new Set(every).size).toBe(every.length);
    expect(run(a, T0 + 121, T0 + 200)).toEqual([]);
    const late = new Showing(demo, 'en', T0);
    late.seek(60, T0);
    late.play(T0);
    expect(run(late, T0, T0 + 61)).not.toContain('ch-night');
  });
});

describe('Showing: one language per showing', () => {
  it('changes at once between showings, queues during one, and cancels the queue when asked for the current one', () => {
    const s = new Showing(demo, 'en', T0);
    expect(s.chooseLanguage('fr', T0)).toEqual({ ok: true, message: 'language fr' });
    expect(s.chooseLanguage('fr', T0)).toEqual({ ok: true, message: 'language fr (unchanged)' });
    expect(s.chooseLanguage('de', T0)).toEqual({ ok: false, message: 'language: "de" is not offered by show demo (it offers vi, en, fr)' });
    s.play(T0);
    expect(s.chooseLanguage('vi', T0 + 5)).toEqual({ ok: true, message: 'language vi from the next showing (fr until this one stops or ends)' });
    expect({ language: s.language, next: s.nextLanguage }).toEqual({ language: 'fr', next: 'vi' });
    expect(s.chooseLanguage('fr', T0 + 6)).toEqual({ ok: true, message: 'language stays fr (the queued change is cancelled)' });
    expect(s.nextLanguage).toBeNull();
  });

  it('takes the queued language at a stop, at the end, and at a start from the top; never in the middle of a showing', () => {
    const s = new Showing(demo, 'en', T0);
    s.play(T0);
    s.chooseLanguage('vi', T0 + 1);
    s.pause(T0 + 2);
    expect(s.play(T0 + 3)).toBeNull();
    expect(s.stop(T0 + 4)).toBe('vi');
    expect(s.stop(T0 + 5)).toBeNull();
    s.play(T0 + 5);
    s.chooseLanguage('fr', T0 + 6);
    expect(s.takeQueuedLanguageIfEnded(T0 + 100)).toBeNull();
    expect(s.language).toBe('vi');
    expect(s.takeQueuedLanguageIfEnded(T0 + 125)).toBe('fr');
    // Ended is between showings: a change applies at once.
    s.chooseLanguage('en', T0 + 126);
    expect(s.language).toBe('en');
    // Held at 0 and started again: a start from the top.
    s.play(T0 + 127);
    s.chooseLanguage('fr', T0 + 129);
    s.pause(T0 + 129);
    s.seek(0, T0 + 130);
    expect(s.play(T0 + 130)).toBe('fr');
  });

  it('a new show is a new showing: the queued language if offered, else the show default', () => {
    const s = new Showing(demo, 'en', T0);
    s.play(T0);
    s.chooseLanguage('vi', T0 + 1);
    expect(s.load(demo, T0 + 2)).toBeNull();
    expect({ language: s.language, next: s.nextLanguage, status: s.transport.status }).toEqual({ language: 'vi', next: null, status: 'stopped' });
    const englishOnly = { ...demo, languages: ['en'] };
    expect(s.load(englishOnly, T0 + 3)).toBe('vi');
    expect(s.language).toBe('en');
    expect(s.show).toBe(englishOnly);
  });
});
