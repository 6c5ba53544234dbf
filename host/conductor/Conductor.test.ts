import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import { Conductor } from './Conductor.ts';

const show = (() => {
  const r = parseShowText(readFileSync(new URL('../../shows/demo.show.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('demo show');
  return r.value.show;
})();
const profile = (() => {
  const r = parseProfileText(readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('profile');
  return r.value;
})();

function make() {
  let now = 5000;
  const fired: string[] = [];
  const c = new Conductor(
    { show, showFile: 'demo.show.json', profile, profileFile: 'preview-3.json' },
    () => now,
    (name) => (name === 'demo' ? { ok: true, show, file: 'demo.show.json' } : { ok: false, message: `no show "${name}"` }),
    'en',
    (e) => fired.push(e.id),
  );
  return { c, fired, advance: (s: number) => (now += s) };
}

describe('Conductor', () => {
  it('plays, pauses, seeks and reports the show time from its clock', () => {
    const { c, advance } = make();
    expect(c.perform({ command: 'play' }).ok).toBe(true);
    advance(12.5);
    expect(c.status().transport.showS).toBe(12.5);
    c.perform({ command: 'pause' });
    advance(100);
    expect(c.status().transport).toMatchObject({ status: 'paused', showS: 12.5 });
    c.perform({ command: 'seek', toS: 60 });
    expect(c.status().transport.showS).toBe(60);
    expect(c.perform({ command: 'seek', toS: 500 })).toEqual({ ok: false, message: 'seek: 500 s is after the end of the show (120 s)' });
  });

  it('goes to chapters by index and next/previous, and refuses ones that do not exist', () => {
    const { c } = make();
    c.perform({ command: 'chapter', index: 1 });
    expect(c.status().transport).toMatchObject({ showS: 40, chapterIndex: 1 });
    c.perform({ command: 'nextChapter' });
    expect(c.status().transport.showS).toBe(85);
    expect(c.perform({ command: 'nextChapter' }).ok).toBe(false);
    c.perform({ command: 'previousChapter' });
    expect(c.status().transport.showS).toBe(40);
    expect(c.perform({ command: 'chapter', index: 9 }).message).toMatch(/chapter 10 does not exist \(the show has 3\)/);
  });

  it('fires cues once on its own clock, blacks out, and tells listeners', () => {
    const { c, fired, advance } = make();
    let changes = 0;
    c.onChange(() => changes++);
    c.perform({ command: 'play' });
    for (let i = 0; i < 50; i++) {
      advance(1);
      c.tick();
    }
    expect(fired.filter((id) => id === 'osc-night')).toEqual(['osc-night']);
    expect(fired.slice(0, 2)).toEqual(['ch-dusk', 'house-down']);
    c.perform({ command: 'blackout', on: true });
    expect(c.status().blackout).toBe(true);
    expect(changes).toBe(2);
  });

  it('loads shows by name only through its loader, and keeps the old show on failure', () => {
    const { c } = make();
    const before = c.generation;
    expect(c.perform({ command: 'loadShow', show: 'nope' })).toEqual({ ok: false, message: 'no show "nope"' });
    expect(c.generation).toBe(before);
    expect(c.perform({ command: 'loadShow', show: 'demo' }).ok).toBe(true);
    expect(c.generation).toBe(before + 1);
  });

  it('tracks outputs: reports, age, disconnection', () => {
    const { c, advance } = make();
    c.report('page-1', 'output', { projectorId: 'P01', fps: 60, droppedFrames: 0, offsetMs: 0.2, errorBoundMs: 0.1, lastShowS: 3, frames: 180 });
    advance(2);
    expect(c.status().outputs).toEqual([expect.objectContaining({ projectorId: 'P01', ageS: 2, connected: true })]);
    c.disconnected('page-1');
    expect(c.status().outputs[0]!.connected).toBe(false);
    expect(c.status().events.at(-1)!.message).toMatch(/output P01 disconnected/);
    advance(60);
    c.disconnected('gone');
    expect(c.status().outputs).toEqual([]);
  });
});
