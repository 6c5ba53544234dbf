import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ShowDriver } from './ShowDriver.ts';

const demo = readFileSync(new URL('../../shows/demo.show.json', import.meta.url), 'utf8');

describe('ShowDriver (headless show driver)', () => {
  it('plays the demo show: what is lit, which cues fired, which chapter', () => {
    const d = ShowDriver.load(demo);
    d.play();
    expect(d.firedCueIds()).toEqual([]); // nothing fires until a frame has passed t = 0
    d.advance(1 / 60);
    expect(d.firedCueIds()).toEqual(['house-down']);
    expect(d.enteredChapterIds()).toEqual(['ch-dusk']);

    d.advanceToShowTime(11);
    expect(d.isLit('wash-main')).toBe(true);
    expect(d.isLit('spot-narration')).toBe(true);
    expect(d.layer('fire-hill')).toBeUndefined();

    d.advanceToShowTime(50.2);
    expect(d.frame.chapterId).toBe('ch-night');
    expect(d.isLit('flash-1')).toBe(true);
    expect(d.layer('fire-hill')!.region).toBe('hill-east');
    expect(d.firedCueIds()).toEqual(['house-down', 'osc-night']);

    d.pause().advance(30);
    expect(d.showS).toBeCloseTo(50.2, 6);
    d.seek(99).play().advance(2);
    expect(d.firedCueIds()).toEqual(['house-down', 'osc-night', 'mark-flag']);
    expect(d.enteredChapterIds()).toEqual(['ch-dusk', 'ch-night']); // the seek jumped into chapter 3 without passing its start
    d.advance(30);
    expect(d.firedCueIds().at(-1)).toBe('house-up');
    expect(d.showS).toBe(120);
    expect(d.frame.layers).toEqual([]);
  });

  it('refuses an invalid show with every problem listed', () => {
    const bad = JSON.parse(demo);
    bad.durationS = 'long';
    bad.tracks[0].clips[0].effect = 'laser';
    expect(() => ShowDriver.load(bad)).toThrow(/durationS: is "long" \(a number\)[\s\S]*tracks\.0\.clips\.0\.effect: is "laser"/);
  });

  it('loops a chapter and fires its cues once per pass', () => {
    const d = ShowDriver.load(demo);
    d.seek(38).setLoop({ startS: 38, endS: 42 }).play();
    d.advance(13); // travel 38 → 51: the cue at 40 is passed at travel 40, 44 and 48
    expect(d.firedCueIds().filter((id) => id === 'osc-night')).toHaveLength(3);
    expect(d.enteredChapterIds().filter((id) => id === 'ch-night')).toHaveLength(3);
  });
});
