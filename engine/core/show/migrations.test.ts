import { describe, expect, it } from 'vitest';
import { migrateForward } from '../json/migrate.ts';
import { formatProblem } from '../json/parseJsonText.ts';
import { SHOW_MIGRATIONS } from './migrations.ts';
import { parseShowValue } from './parseShow.ts';
import { SHOW_SCHEMA_VERSION } from './showSchema.ts';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** A version-1 show as it was written before audio sources existed (frozen: migrations must not mutate it). */
const v1 = () =>
  deepFreeze({
    schemaVersion: 1,
    id: 'old',
    title: { en: 'Old show' },
    languages: ['en', 'vi'],
    defaultLanguage: 'en',
    durationS: 60,
    chapters: [],
    regions: [],
    tracks: [
      { id: 'L', type: 'light', clips: [{ id: 'w', effect: 'wash', startS: 0, durationS: 10 }] },
      {
        id: 'A',
        type: 'audio',
        clips: [
          { id: 'guns', src: 'audio/guns.wav', startS: 5, durationS: 20, sourceOffsetS: 3, loop: true, fadeInS: 1, fadeEase: 'power2.in', params: { gainDb: { keyframes: [{ t: 0, v: -6 }, { t: 10, v: 0, ease: 'sine.out' }] } } },
          { id: 'bell', src: 'audio/bell.ogg', startS: 30, durationS: 2 },
        ],
      },
      { id: 'C', type: 'cue', cues: [{ id: 'm', atS: 1, action: { type: 'mark', label: 'x' } }] },
    ],
  });

describe('show migrations', () => {
  it('v1 → v2 moves an audio clip\'s src into source {type: "file"}, keeps the rest, and the result validates', () => {
    const input = v1();
    const before = JSON.stringify(input);
    const r = parseShowValue(input);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    expect(JSON.stringify(input)).toBe(before);
    expect(r.value.migratedFrom).toBe(1);
    expect(r.value.applied).toEqual(['v1 → v2: audio clips: "src" becomes "source": {"type": "file", "src": …}']);
    const show = r.value.show;
    expect(show.schemaVersion).toBe(2);
    expect(show.tracks[0]).toEqual(input.tracks[0]);
    expect(show.tracks[2]).toEqual(input.tracks[2]);
    expect(show.tracks[1]).toEqual({
      id: 'A',
      type: 'audio',
      clips: [
        { id: 'guns', source: { type: 'file', src: 'audio/guns.wav' }, startS: 5, durationS: 20, sourceOffsetS: 3, loop: true, fadeInS: 1, fadeEase: 'power2.in', params: { gainDb: { keyframes: [{ t: 0, v: -6 }, { t: 10, v: 0, ease: 'sine.out' }] } } },
        { id: 'bell', source: { type: 'file', src: 'audio/bell.ogg' }, startS: 30, durationS: 2 },
      ],
    });
  });

  it('the chain runs from every known version to the current one, each step pure', () => {
    expect(SHOW_MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: SHOW_SCHEMA_VERSION - 1 }, (_, i) => i + 1));
    const input = v1();
    const a = migrateForward(input, SHOW_SCHEMA_VERSION, SHOW_MIGRATIONS, 'show document');
    const b = migrateForward(input, SHOW_SCHEMA_VERSION, SHOW_MIGRATIONS, 'show document');
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.doc).toEqual(b.value.doc);
    expect(a.value.doc).not.toBe(input);
  });

  it('leaves malformed v1 audio for validation to report, naming the field', () => {
    const doc = JSON.parse(JSON.stringify(v1()));
    doc.tracks[1].clips[1].src = '../secret.wav';
    doc.tracks[1].clips.push('not a clip');
    doc.tracks.push({ id: 'B', type: 'audio', clips: 'none' });
    const r = parseShowValue(deepFreeze(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map(formatProblem);
    expect(lines.some((l) => l.startsWith('tracks.1.clips.1.source.src: "../secret.wav"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('tracks.1.clips.2: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('tracks.3.clips: '))).toBe(true);
  });
});
