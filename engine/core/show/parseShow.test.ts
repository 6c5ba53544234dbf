import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatProblem } from '../json/parseJsonText.ts';
import { parseShowText, parseShowValue } from './parseShow.ts';

const demoText = readFileSync(new URL('../../../shows/demo.show.json', import.meta.url), 'utf8');
const demo = () => JSON.parse(demoText) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(doc: unknown): string[] {
  const r = parseShowValue(doc);
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe('show documents', () => {
  it('round-trips: parse → JSON → parse gives the same show', () => {
    const first = parseShowText(demoText);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = parseShowText(JSON.stringify(first.value.show, null, 2));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.value.show).toEqual(first.value.show);
    expect(first.value.show).toEqual(JSON.parse(demoText)); // nothing added, nothing lost
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(parseShowText('\ufeff' + demoText).ok).toBe(true);
  });

  it('names the field and what was expected', () => {
    const d = demo();
    d.durationS = -5;
    d.tracks[1].clips[0].params.intensty = 2;
    d.tracks[1].clips[1].effect = 'flame';
    d.tracks[0].clips[0].params.intensity.keyframes[1].ease = 'power9.out';
    d.tracks[1].clips[0].params.center.keyframes[1].v = [0.3];
    expect(problemsOf(d)).toEqual([
      'durationS: is -5, too small (more than 0)',
      'tracks.0.clips.0.params.intensity.keyframes.1.ease: "power9.out" is not a GSAP ease (linear, hold, power2.inOut, sine.out, back.out(1.7), elastic.out(1, 0.3), steps(6))',
      'tracks.1.clips.0.params.center.keyframes.1.v: has 1 item (exactly 2 items)',
      'tracks.1.clips.0.params.intensty: is not a field here (remove it or check its spelling)',
      'tracks.1.clips.1.effect: is "flame" (one of "wash", "spot", "flash", "flicker", "searchlight", "haze")',
    ]);
  });

  it('checks the document as a whole: unique ids, references, times inside the show', () => {
    const d = demo();
    d.tracks[1].clips[1].id = 'wash-main';
    d.tracks[1].clips[2].region = 'no-such-region';
    d.tracks[1].clips[3].startS = 119.9;
    d.tracks[2].cues[0].atS = 120;
    d.chapters[2].startS = 10;
    d.tracks[0].clips[0].params.intensity.keyframes[2].t = 1;
    expect(problemsOf(d)).toEqual([
      'tracks.0.clips.0.params.intensity.keyframes.2.t: is 1, earlier than the keyframe before it (keyframes in time order)',
      'chapters.2.startS: is 10, not after the chapter before it (chapters in time order)',
      'tracks.1.clips.1.id: "wash-main" is already used at tracks.0.clips.0 (ids unique in the document)',
      'tracks.1.clips.2.region: "no-such-region" is not a region of this show (the id of an entry in regions)',
      'tracks.1.clips.3.durationS: ends at 120.7 s, after the show ends (startS + durationS ≤ 120)',
      'tracks.2.cues.0.atS: is 120, not before the end of the show (less than durationS 120)',
    ]);
  });

  it('refuses asset paths that climb out of the asset folder', () => {
    const bad = ['../../etc/passwd', '/etc/passwd', 'C:/Windows/win.ini', 'a/../../b.png', 'paintings\\x.png', 'file:///etc/passwd', 'a//b.png'];
    for (const src of bad) {
      const d = demo();
      d.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 1, src }] });
      const p = problemsOf(d);
      expect(p, src).toHaveLength(1);
      expect(p[0]).toMatch(/^tracks\.3\.clips\.0\.src: /);
    }
    const ok = demo();
    ok.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 1, src: 'paintings/dbp/tile 0.png' }] });
    expect(problemsOf(ok)).toEqual([]);
  });

  it('gives one clear line for broken JSON, empty text, huge numbers and unknown versions', () => {
    const lines = (text: string) => {
      const r = parseShowText(text);
      return r.ok ? [] : r.problems.map(formatProblem);
    };
    expect(lines('')).toEqual(['(document): the file is empty (a show document (JSON))']);
    expect(lines(demoText.slice(0, 200))[0]).toMatch(/^\(document\): the JSON ends too early at line \d+, column \d+|^\(document\): invalid JSON at line \d+, column \d+/);
    expect(lines('{"schemaVersion": 1,, }')[0]).toMatch(/^\(document\): invalid JSON at line 1, column 21/);
    expect(lines('{"schemaVersion": 1e999}')).toEqual(['schemaVersion: is a number too large to represent (a whole number, 1 to 2)']);
    expect(lines('{"schemaVersion": 99}')).toEqual(['schemaVersion: is 99, newer than this engine reads (1 to 2; update the engine to open this file)']);
    expect(lines('[' .repeat(100_000) + ']'.repeat(100_000))).toEqual(['(document): is a list of 1 (an object {…}: a show document)']);
    const deepTitle = `{"schemaVersion":1,"title":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    expect(lines(deepTitle).length).toBeGreaterThan(0);
  });
});
