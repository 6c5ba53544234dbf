import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseShowText } from '../../engine/core/show/parseShow.ts';
import type { AudioClip, Show } from '../../engine/core/show/showSchema.ts';
import { probeAudioFile } from '../../host/files/audioProbe.ts';
import { buildShow, PAINTING_SRC } from '../../tools/show/buildShow.ts';
import { landscapeRegions } from '../../tools/show/dienBienPhu/landscape.ts';
import { DEFAULT_SHOW } from '../../host/runtime/shellArgs.ts';

const root = resolve(import.meta.dirname, '../..');
const file = resolve(root, 'shows/dien-bien-phu.show.json');

function load(): Show {
  const r = parseShowText(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return r.value.show;
}

describe('shows/dien-bien-phu.show.json', () => {
  it('is the default show of npm start, valid, at least 10 minutes long in four or more chapters with titles in vi, en and fr', () => {
    expect(DEFAULT_SHOW).toBe('dien-bien-phu');
    const show = load();
    expect(show.durationS).toBeGreaterThanOrEqual(600);
    expect(show.durationS).toBeLessThanOrEqual(900);
    expect(show.chapters.length).toBeGreaterThanOrEqual(4);
    expect([...show.languages].sort()).toEqual(['en', 'fr', 'vi']);
    for (const c of show.chapters) expect(Object.keys(c.title).sort(), c.id).toEqual(['en', 'fr', 'vi']);
  });

  it('narrates in vi, en and fr: every variant has its text and an Ogg file that exists and is whole, and each clip is as long as its longest recording', () => {
    const show = load();
    const clips = show.tracks.flatMap((t) => (t.type === 'audio' ? t.clips : [])).filter((c): c is AudioClip & { source: { type: 'narration' } } => c.source.type === 'narration');
    expect(clips.length).toBeGreaterThanOrEqual(8);
    const chaptersNarrated = new Set<string>();
    for (const clip of clips) {
      expect(Object.keys(clip.source.variants).sort(), clip.id).toEqual(['en', 'fr', 'vi']);
      let longest = 0;
      for (const [lang, v] of Object.entries(clip.source.variants)) {
        expect(v.text?.length ?? 0, `${clip.id} ${lang} text`).toBeGreaterThan(40);
        const path = resolve(root, 'assets', v.src);
        const probe = probeAudioFile(path);
        expect(probe, `${v.src}`).toMatchObject({ ok: true, format: 'ogg' });
        if (!probe.ok) continue;
        expect(probe.durationS!, v.src).toBeGreaterThan(5);
        expect(statSync(path).size, `${v.src} stays small`).toBeLessThan(200_000);
        longest = Math.max(longest, probe.durationS!);
      }
      expect(clip.durationS, clip.id).toBeCloseTo(longest + 0.5, 1);
      const ch = [...show.chapters].reverse().find((c) => c.startS <= clip.startS)!;
      chaptersNarrated.add(ch.id);
    }
    expect(chaptersNarrated.size).toBe(show.chapters.length);
    const sorted = [...clips].sort((a, b) => a.startS - b.startS);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startS, `${sorted[i]!.id} starts after ${sorted[i - 1]!.id} ends`).toBeGreaterThanOrEqual(sorted[i - 1]!.startS + sorted[i - 1]!.durationS);
  });

  it('lights the placeholder painting with its named regions, and the committed file is what the builder writes', () => {
    const show = load();
    const painting = show.tracks.flatMap((t) => (t.type === 'image' ? t.clips : [])).find((c) => c.mode === 'painting');
    expect(painting?.src).toBe(PAINTING_SRC);
    // The placeholder is a tile pyramid made by assets:import, as the real scan will be, and stays small.
    const manifest = JSON.parse(readFileSync(resolve(root, 'assets', PAINTING_SRC), 'utf8'));
    expect(manifest).toMatchObject({ format: 'panorama-tile-pyramid', width: 16384, height: 2560 });
    const tileDir = resolve(root, 'assets', PAINTING_SRC, '../tiles');
    const bytes = readdirSync(tileDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).reduce((n, d) => n + statSync(join(d.parentPath, d.name)).size, 0);
    expect(bytes).toBeLessThan(4 * 1048576);
    expect(show.regions).toEqual(landscapeRegions());
    for (const id of ['him-lam', 'doc-lap', 'ban-keo', 'dominique', 'c1', 'a1', 'eliane', 'river', 'airstrip', 'bunker', 'flag']) expect(show.regions.map((r) => r.id)).toContain(id);
    const effects = new Set(show.tracks.flatMap((t) => (t.type === 'light' ? t.clips.map((c) => c.effect) : [])));
    expect([...effects].sort()).toEqual(['flash', 'flicker', 'haze', 'searchlight', 'spot', 'wash']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(buildShow());
  });
});
