import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Show } from '../show/showSchema.ts';
import { showWithTracks } from '../../../tests/support/trackShow.ts';
import { audioVoices } from './audioVoices.ts';
import { SubtitleTrack, subtitleAt } from './subtitles.ts';

/** A show with narration on track "voice" (languages vi, en, fr; default en), parsed by the real schema. */
function showWith(clips: unknown[], enabled = true): Show {
  return showWithTracks([{ id: 'voice', type: 'audio', enabled, clips }]);
}

const v = (src: string, text?: string) => ({ src, ...(text !== undefined ? { text } : {}) });

const show = showWith([
  { id: 'intro', startS: 2, durationS: 8, source: { type: 'narration', variants: { vi: v('n/vi1.ogg', 'Năm 1954'), en: v('n/en1.ogg', 'In 1954'), fr: v('n/fr1.ogg', 'En 1954') } } },
  // No French recording: French showings hear the Vietnamese one (the clip's fallback) and read its text.
  { id: 'siege', startS: 12, durationS: 6, source: { type: 'narration', variants: { vi: v('n/vi2.ogg', 'Cuộc vây hãm'), en: v('n/en2.ogg', 'The siege') }, fallback: 'vi' } },
  // A voice over the siege line (overlap), with text in English only: other languages fall back to en.
  { id: 'radio', startS: 15, durationS: 5, source: { type: 'narration', variants: { en: v('n/radio.ogg', 'Radio: hold the line') } } },
  // A recording without subtitle text and a sound effect: never subtitles.
  { id: 'breath', startS: 30, durationS: 2, source: { type: 'narration', variants: { en: v('n/breath.ogg') } } },
  { id: 'guns', startS: 30, durationS: 5, source: { type: 'file', src: 'fx/guns.wav' } },
]);

describe('subtitles', () => {
  it('shows the running language on [startS, endS) and nothing between narrations', () => {
    const en = SubtitleTrack.forShow(show, 'en');
    expect(en.at(1.999)).toEqual([]);
    expect(en.at(2)).toEqual([{ clipId: 'intro', language: 'en', text: 'In 1954', startS: 2, endS: 10 }]);
    expect(en.at(9.999).map((l) => l.text)).toEqual(['In 1954']);
    expect(en.at(10)).toEqual([]);
    expect(SubtitleTrack.forShow(show, 'vi').at(5).map((l) => l.text)).toEqual(['Năm 1954']);
  });

  it('follows the sound: a clip without the language shows its fallback text, tagged with that language', () => {
    const fr = SubtitleTrack.forShow(show, 'fr');
    expect(fr.at(13)).toEqual([{ clipId: 'siege', language: 'vi', text: 'Cuộc vây hãm', startS: 12, endS: 18 }]);
    // Overlapping narrations are both shown, in start order.
    expect(fr.at(16).map((l) => [l.clipId, l.language, l.text])).toEqual([
      ['siege', 'vi', 'Cuộc vây hãm'],
      ['radio', 'en', 'Radio: hold the line'],
    ]);
  });

  it('never shows recordings without text, sound effects, or disabled tracks', () => {
    expect(SubtitleTrack.forShow(show, 'en').at(31)).toEqual([]);
    expect(SubtitleTrack.forShow(showWith([{ id: 'x', startS: 0, durationS: 5, source: { type: 'narration', variants: { en: v('a.ogg', 'hidden') } } }], false), 'en').at(1)).toEqual([]);
    expect(SubtitleTrack.forShow(show, 'en').lines.map((l) => l.clipId)).toEqual(['intro', 'siege', 'radio']);
  });

  it('the indexed track and the plain function agree at every time', () => {
    for (const lang of ['vi', 'en', 'fr']) {
      const voices = audioVoices(show, lang);
      const track = new SubtitleTrack(voices, lang);
      fc.assert(
        fc.property(fc.double({ min: -5, max: 60, noNaN: true }), (t) => {
          expect(track.at(t)).toEqual(subtitleAt(voices, t));
        }),
        { seed: 1954, numRuns: 400 },
      );
      for (const t of [2, 10, 12, 15, 18, 20]) expect(track.at(t)).toEqual(subtitleAt(voices, t));
    }
  });
});
