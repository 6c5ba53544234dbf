import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { commandFromOsc } from '../../engine/core/protocol/commands.ts';
import { Conductor, type OutputWindows } from './Conductor.ts';

const show = shippedShow('demo');
const profile = shippedProfile('preview-3');

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

describe('Conductor output windows', () => {
  function windows() {
    const calls: string[] = [];
    let givenUp = ['preview'];
    const w: OutputWindows = {
      reload: (id) => {
        calls.push(`reload ${id ?? 'all'}`);
        return { ok: true, message: `reopening ${id ?? 'every output window'}` };
      },
      reviveGivenUp: () => {
        const names = givenUp;
        givenUp = [];
        calls.push(`revive ${names.join(',')}`);
        return names;
      },
    };
    return { w, calls };
  }

  it('hands reloadOutput to the owner of the windows, checks the projector, and refuses where nobody owns windows', () => {
    const { c } = make();
    expect(c.perform({ command: 'reloadOutput', projectorId: 'P01' })).toEqual({ ok: false, message: expect.stringMatching(/^reloadOutput: this conductor opened no output windows/) });
    const { w, calls } = windows();
    const detach = c.attachOutputWindows(w);
    expect(c.perform({ command: 'reloadOutput', projectorId: 'P01' })).toEqual({ ok: true, message: 'reopening P01' });
    expect(c.perform({ command: 'reloadOutput', projectorId: null })).toEqual({ ok: true, message: 'reopening every output window' });
    expect(c.perform({ command: 'reloadOutput', projectorId: 'P99' }).message).toMatch(/^reloadOutput: projectorId: "P99" is not a projector/);
    expect(calls).toEqual(['reload P01', 'reload all']);
    detach();
    expect(c.perform({ command: 'reloadOutput', projectorId: 'P01' }).ok).toBe(false);
  });

  it('reloadOutput over OSC: /panorama/output/reload [PROJECTOR|*]', () => {
    expect(commandFromOsc('/panorama/output/reload', [])).toEqual({ ok: true, command: { command: 'reloadOutput', projectorId: null } });
    expect(commandFromOsc('/panorama/output/reload', ['*'])).toEqual({ ok: true, command: { command: 'reloadOutput', projectorId: null } });
    expect(commandFromOsc('/panorama/output/reload', ['P02'])).toEqual({ ok: true, command: { command: 'reloadOutput', projectorId: 'P02' } });
  });

  it('GO brings back the windows given up on; hold, stop and loadShow leave the windows alone', () => {
    const { c } = make();
    const { w, calls } = windows();
    c.attachOutputWindows(w);
    c.perform({ command: 'pause' });
    c.perform({ command: 'stop' });
    c.perform({ command: 'loadShow', show: 'demo' });
    expect(calls).toEqual([]);
    c.perform({ command: 'play' });
    expect(calls).toEqual(['revive preview']);
    expect(c.status().events.some((e) => e.message === 'output window preview reopened by GO')).toBe(true);
  });
});

describe('Conductor language', () => {
  it('changes at once when stopped, refuses a language the show does not offer, never bumps the generation', () => {
    const { c } = make();
    const generation = c.generation;
    expect(c.perform({ command: 'language', lang: 'fr' })).toEqual({ ok: true, message: 'language fr' });
    expect(c.status()).toMatchObject({ language: 'fr', nextLanguage: null, languages: ['vi', 'en', 'fr'] });
    expect(c.status().show.title).toBe(show.title['fr']);
    expect(show.title['fr']).not.toBe(show.title['en']);
    expect(c.perform({ command: 'language', lang: 'de' })).toEqual({ ok: false, message: 'language: "de" is not offered by show demo (it offers vi, en, fr)' });
    expect(c.language).toBe('fr');
    expect(c.generation).toBe(generation);
  });

  it('queues a change while playing or paused and applies it at stop, without touching the transport', () => {
    const { c, advance } = make();
    c.perform({ command: 'play' });
    advance(10);
    const before = c.transport;
    expect(c.perform({ command: 'language', lang: 'vi' })).toEqual({ ok: true, message: 'language vi from the next showing (en until this one stops or ends)' });
    // The show keeps running on the same transport segment: the light is not interrupted.
    expect(c.transport).toBe(before);
    expect(c.status()).toMatchObject({ language: 'en', nextLanguage: 'vi', transport: { status: 'playing', showS: 10 } });
    c.perform({ command: 'pause' });
    advance(5);
    c.perform({ command: 'play' });
    expect(c.status()).toMatchObject({ language: 'en', nextLanguage: 'vi' });
    c.perform({ command: 'stop' });
    expect(c.status()).toMatchObject({ language: 'vi', nextLanguage: null });
    expect(c.status().events.some((e) => e.message === 'language vi from this showing on')).toBe(true);
  });

  it('applies a queued change when the showing plays to its end, and when it starts again from the top', () => {
    const { c, advance } = make();
    let changes = 0;
    c.onChange(() => changes++);
    c.perform({ command: 'play' });
    c.perform({ command: 'language', lang: 'fr' });
    advance(119);
    c.tick();
    expect(c.language).toBe('en');
    const before = changes;
    advance(2);
    c.tick();
    expect(c.status()).toMatchObject({ language: 'fr', nextLanguage: null, transport: { ended: true } });
    expect(changes).toBe(before + 1);
    // Paused at 0 (held before the start): play is a start from the top.
    c.perform({ command: 'stop' });
    c.perform({ command: 'play' });
    c.perform({ command: 'pause' });
    c.perform({ command: 'language', lang: 'vi' });
    expect(c.nextLanguage).toBe('vi');
    c.perform({ command: 'play' });
    expect(c.status()).toMatchObject({ language: 'vi', nextLanguage: null });
  });

  it('cancels a queued change by asking for the running language, and keeps or replaces it on a new show', () => {
    const { c } = make();
    c.perform({ command: 'play' });
    c.perform({ command: 'language', lang: 'fr' });
    expect(c.perform({ command: 'language', lang: 'en' })).toEqual({ ok: true, message: 'language stays en (the queued change is cancelled)' });
    expect(c.nextLanguage).toBeNull();
    c.perform({ command: 'language', lang: 'vi' });
    expect(c.perform({ command: 'loadShow', show: 'demo' }).ok).toBe(true);
    expect(c.status()).toMatchObject({ language: 'vi', nextLanguage: null });
  });
});

describe('Conductor subtitles and audio problems', () => {
  const narrated = (() => {
    const d = JSON.parse(readFileSync(new URL('../../shows/demo.show.json', import.meta.url), 'utf8'));
    const variants = { vi: { src: 'n/vi.ogg', text: 'Năm 1954' }, en: { src: 'n/en.ogg', text: 'In 1954' } };
    d.tracks.push({ id: 'voice', type: 'audio', clips: [{ id: 'intro', startS: 10, durationS: 5, source: { type: 'narration', variants, fallback: 'vi' } }] });
    const r = parseShowText(JSON.stringify(d));
    if (!r.ok) throw new Error('narrated show');
    return r.value.show;
  })();

  it('shows the subtitle of the running language at the show time, and the fallback text where a language has none', () => {
    let now = 100;
    const c = new Conductor({ show: narrated, showFile: 'n.show.json', profile, profileFile: 'p.json' }, () => now, () => ({ ok: false, message: 'no' }), 'en');
    c.perform({ command: 'play' });
    now += 9.99;
    expect(c.status().subtitles).toEqual([]);
    now += 0.01;
    expect(c.status().subtitles).toEqual([{ clipId: 'intro', language: 'en', text: 'In 1954', startS: 10, endS: 15 }]);
    c.perform({ command: 'stop' });
    c.perform({ command: 'language', lang: 'fr' });
    c.perform({ command: 'seek', toS: 12 });
    expect(c.status().subtitles).toEqual([{ clipId: 'intro', language: 'vi', text: 'Năm 1954', startS: 10, endS: 15 }]);
    now += 1;
    expect(c.status().subtitles.map((l) => l.text)).toEqual(['Năm 1954']);
  });

  it('keeps the audio problems of the loaded show and replaces them with the next show', () => {
    const problem = { clipId: 'intro', file: 'n/en.ogg', reason: 'is missing' };
    const c = new Conductor({ show: narrated, showFile: 'n.show.json', profile, profileFile: 'p.json' }, () => 0, () => ({ ok: true, show, file: 'demo.show.json', audioProblems: [] }), 'en');
    c.setAudioProblems([problem]);
    expect(c.status().audioProblems).toEqual([problem]);
    c.perform({ command: 'loadShow', show: 'demo' });
    expect(c.status().audioProblems).toEqual([]);
  });
});
