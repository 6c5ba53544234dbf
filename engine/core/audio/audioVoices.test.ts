import { describe, expect, it } from 'vitest';
import { formatProblem } from '../json/parseJsonText.ts';
import { parseShowValue } from '../show/parseShow.ts';
import type { Show } from '../show/showSchema.ts';
import { showWithTracks } from '../../../tests/support/trackShow.ts';
import { AudioVoiceIndex, audioVoices } from './index.ts';

/** A show with the given audio clips (on track "A") and languages vi, en, fr (default en), parsed by the real schema. */
function showWith(clips: unknown[], extraTracks: unknown[] = []): Show {
  return showWithTracks([{ id: 'A', type: 'audio', clips }, ...extraTracks]);
}

function problems(clips: unknown[]): string[] {
  const r = parseShowValue({ schemaVersion: 2, id: 's', title: { en: 's' }, languages: ['vi', 'en'], defaultLanguage: 'en', durationS: 600, chapters: [], regions: [], tracks: [{ id: 'A', type: 'audio', clips }] });
  return r.ok ? [] : r.problems.map(formatProblem);
}

const narration = (id: string, startS: number, variants: Record<string, { src: string; text?: string }>, fallback?: string) => ({
  id,
  startS,
  durationS: 10,
  source: { type: 'narration', variants, ...(fallback ? { fallback } : {}) },
});

describe('audio clips in the show schema', () => {
  it('accepts file, narration and synth sources with routes and separate fade eases', () => {
    const show = showWith([
      { id: 'f', startS: 0, durationS: 5, fadeInS: 1, fadeInEase: 'power2.out', fadeOutEase: 'expo.in', fadeOutS: 1, source: { type: 'file', src: 'audio/a.wav' }, route: { speakers: ['S1', 'S2'] } },
      narration('n', 1, { vi: { src: 'audio/vi/n.ogg', text: 'Xin chào' }, en: { src: 'audio/en/n.ogg', text: 'Hello' } }, 'vi'),
      { id: 's', startS: 2, durationS: 5, source: { type: 'synth', instrument: 'artillery', seed: 4294967295, params: { intervalS: 3 } }, route: { azimuthDeg: 90, spreadDeg: 40 } },
    ]);
    expect(show.tracks[0]!.type).toBe('audio');
  });

  it('names the field of every bad audio clip', () => {
    expect(
      problems([
        narration('n1', 0, { en: { src: 'audio/en.ogg' } }),
        narration('n2', 0, {}),
        { id: 's1', startS: 0, durationS: 5, source: { type: 'synth', instrument: 'wind', seed: -1, params: { centerHz: 1e6, tempo: 3 } } },
        { id: 's2', startS: 0, durationS: 5, sourceOffsetS: 2, loop: true, source: { type: 'synth', instrument: 'violin', seed: 1 } },
        { id: 'f1', startS: 0, durationS: 5, source: { type: 'file', src: '../x.wav' }, route: { azimuthDeg: 10, speakers: ['a'] } },
        { id: 'f2', startS: 0, durationS: 5, src: 'audio/old.wav' },
        { id: 'f3', startS: 0, durationS: 5, source: { type: 'file', src: 'a.wav' }, fadeInEase: 'wobble.in' },
        narration('n3', 0, { en: { src: 'audio/en.ogg', text: 'x'.repeat(5001) } }),
      ]),
    ).toEqual([
      'tracks.0.clips.1.source.variants: is an object (a recording in at least one language, like {"en": {"src": "audio/en/intro.ogg"}})',
      'tracks.0.clips.2.source.seed: is -1, too small (at least 0)',
      'tracks.0.clips.2.source.params.centerHz: is 1000000, too large (at most 5000)',
      'tracks.0.clips.2.source.params.tempo: is not a field here (remove it or check its spelling)',
      'tracks.0.clips.3.source.instrument: is "violin" (one of "rumble", "artillery", "wind")',
      'tracks.0.clips.4.source.src: "../x.wav" climbs out of the asset folder with ".." (a path inside the assets folder, like "paintings/dbp/painting.png")',
      'tracks.0.clips.4.route: is an object ({"speakers": ["id", …]} or {"azimuthDeg": degrees, "spreadDeg": degrees})',
      'tracks.0.clips.5.source: is missing (an object {…})',
      'tracks.0.clips.5.src: is not a field here (remove it or check its spelling)',
      'tracks.0.clips.6.fadeInEase: "wobble.in" is not a GSAP ease (linear, hold, power2.inOut, sine.out, back.out(1.7), elastic.out(1, 0.3), steps(6))',
      'tracks.0.clips.7.source.variants.en.text: is too long (at most 5000 characters)',
    ]);
  });

  it('checks narration languages against the show\'s and the fallback against the variants', () => {
    expect(problems([narration('n1', 0, { de: { src: 'audio/de.ogg' }, en: { src: 'audio/en.ogg' } }, 'vi')])).toEqual([
      'tracks.0.clips.0.source.variants.de: "de" is not one of the show\'s languages (one of vi, en)',
      'tracks.0.clips.0.source.fallback: "vi" has no variant in this clip (one of de, en)',
    ]);
  });

  it('refuses a source offset or loop on a synthesized clip', () => {
    expect(problems([{ id: 's', startS: 0, durationS: 5, sourceOffsetS: 2, loop: false, source: { type: 'synth', instrument: 'rumble', seed: 7 } }])).toEqual([
      'tracks.0.clips.0.sourceOffsetS: is set on a synthesized clip (no sourceOffsetS: a synth is a function of show time and its seed)',
      'tracks.0.clips.0.loop: is set on a synthesized clip (no loop: a synth plays for the whole clip)',
    ]);
  });
});

describe('audioVoices', () => {
  const show = showWith(
    [
      narration('own', 20, { vi: { src: 'audio/vi/own.ogg', text: 'Tiếng Việt' }, en: { src: 'audio/en/own.ogg', text: 'English' }, fr: { src: 'audio/fr/own.ogg' } }),
      narration('clipFallback', 40, { vi: { src: 'audio/vi/cf.ogg', text: 'vi text' }, en: { src: 'audio/en/cf.ogg', text: 'en text' } }, 'vi'),
      narration('showDefault', 60, { en: { src: 'audio/en/sd.ogg', text: 'default' }, vi: { src: 'audio/vi/sd.ogg' } }),
      narration('none', 80, { vi: { src: 'audio/vi/none.ogg' } }),
      { id: 'music', startS: 0, durationS: 100, sourceOffsetS: 12.5, loop: true, fadeInS: 2, fadeOutS: 3, fadeEase: 'power1.inOut', fadeOutEase: 'expo.out', source: { type: 'file', src: 'audio/music.ogg' }, params: { gainDb: { keyframes: [{ t: 0, v: -12 }, { t: 5, v: -3, ease: 'sine.out' }] } } },
      { id: 'guns', startS: 20, durationS: 30, source: { type: 'synth', instrument: 'artillery', seed: 42, params: { intervalS: 2 } }, route: { azimuthDeg: 135 }, params: { gainDb: -6 } },
    ],
    [
      { id: 'muted', type: 'audio', enabled: false, clips: [{ id: 'off', startS: 0, durationS: 5, source: { type: 'file', src: 'audio/off.wav' } }] },
      { id: 'L', type: 'light', clips: [{ id: 'w', effect: 'wash', startS: 0, durationS: 5 }] },
    ],
  );

  it('plays the showing\'s own language when the clip has it', () => {
    const v = audioVoices(show, 'fr').find((x) => x.clipId === 'own')!;
    expect(v).toMatchObject({ key: 'own@fr', language: 'fr', text: null, source: { kind: 'file', src: 'audio/fr/own.ogg' } });
    expect(audioVoices(show, 'vi').find((x) => x.clipId === 'own')).toMatchObject({ key: 'own@vi', language: 'vi', text: 'Tiếng Việt', source: { kind: 'file', src: 'audio/vi/own.ogg' } });
  });

  it('falls back to the clip\'s fallback, then to the show\'s default language, else lists the clip as missing', () => {
    const fr = audioVoices(show, 'fr');
    expect(fr.find((x) => x.clipId === 'clipFallback')).toMatchObject({ key: 'clipFallback@vi', language: 'vi', text: 'vi text', source: { kind: 'file', src: 'audio/vi/cf.ogg' } });
    expect(fr.find((x) => x.clipId === 'showDefault')).toMatchObject({ key: 'showDefault@en', language: 'en', text: 'default' });
    expect(fr.find((x) => x.clipId === 'none')).toBeUndefined();
    expect(fr.missingLanguage).toEqual(['none']);
    const vi = audioVoices(show, 'vi');
    expect(vi.find((x) => x.clipId === 'none')).toMatchObject({ key: 'none@vi', language: 'vi', text: null });
    expect(vi.find((x) => x.clipId === 'showDefault')).toMatchObject({ key: 'showDefault@vi', text: null });
    expect(vi.missingLanguage).toEqual([]);
    // A language the show does not offer behaves like any language without variants.
    expect(audioVoices(show, 'de').missingLanguage).toEqual(['none']);
  });

  it('resolves files and synths with defaults filled in, sorted by start, disabled tracks left out', () => {
    const voices = audioVoices(show, 'en');
    expect(voices.map((v) => v.key)).toEqual(['music@-', 'guns@-', 'own@en', 'clipFallback@en', 'showDefault@en']);
    expect(voices[0]).toEqual({
      key: 'music@-',
      clipId: 'music',
      trackId: 'A',
      source: { kind: 'file', src: 'audio/music.ogg' },
      language: null,
      text: null,
      startS: 0,
      endS: 100,
      sourceOffsetS: 12.5,
      loop: true,
      fadeIn: { s: 2, ease: 'power1.inOut' },
      fadeOut: { s: 3, ease: 'expo.out' },
      gainDb: [{ t: 0, v: -12, ease: 'linear' }, { t: 5, v: -3, ease: 'sine.out' }],
      route: null,
    });
    expect(voices[1]).toMatchObject({
      source: { kind: 'synth', instrument: 'artillery', seed: 42, params: { intervalS: 2, jitter: 0.6, distanceKm: 3, decayS: 2.5 } },
      sourceOffsetS: 0,
      loop: false,
      fadeIn: { s: 0, ease: 'sine.inOut' },
      gainDb: [{ t: 0, v: -6, ease: 'linear' }],
      route: { azimuthDeg: 135 },
    });
    expect(new Set(voices.map((v) => v.key)).size).toBe(voices.length);
    expect(JSON.parse(JSON.stringify(voices))).toEqual([...voices]); // plain data
  });

  it('AudioVoiceIndex finds the clips sounding at a time and every clip window meeting [from, to)', () => {
    const index = new AudioVoiceIndex(audioVoices(show, 'en'));
    const keys = (vs: { key: string }[]) => vs.map((v) => v.key);
    expect(keys(index.at(0))).toEqual(['music@-']);
    expect(keys(index.at(20))).toEqual(['music@-', 'guns@-', 'own@en']);
    expect(keys(index.at(30))).toEqual(['music@-', 'guns@-']); // own ends at 30: half-open
    expect(keys(index.at(100))).toEqual([]);
    expect(keys(index.between(19, 20))).toEqual(['music@-']); // starts at 20 are not in [19, 20)
    expect(keys(index.between(19, 20.001))).toEqual(['music@-', 'guns@-', 'own@en']);
    expect(keys(index.between(49.5, 60))).toEqual(['music@-', 'guns@-', 'clipFallback@en']);
    expect(keys(index.between(50, 60))).toEqual(['music@-']); // guns and clipFallback end at 50
    expect(keys(index.between(69.99, 200))).toEqual(['music@-', 'showDefault@en']);
    expect(keys(index.between(100, 200))).toEqual([]);
    expect(keys(index.between(30, 30))).toEqual([]);
  });

  it('between() over consecutive windows meets every clip, however the windows are cut', () => {
    const clips = Array.from({ length: 200 }, (_, i) => ({ id: `c${i}`, startS: (i * 7.3) % 590, durationS: 0.01 + ((i * 3.1) % 9), source: { type: 'file', src: 'a.wav' } }));
    const index = new AudioVoiceIndex(audioVoices(showWith(clips), 'en'));
    for (const step of [0.005, 0.1, 1.7, 33]) {
      const met = new Set<string>();
      for (let k = 0; k * step < 600; k++) for (const v of index.between(k * step, (k + 1) * step)) met.add(v.clipId);
      expect(met.size, `windows of ${step} s`).toBe(200);
    }
  });
});
