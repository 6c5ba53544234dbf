import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startConductor } from './startConductor.ts';

const root = resolve(import.meta.dirname, '../..');

describe('startConductor', () => {
  it('names a missing asset (file and field) and runs the show anyway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
    show.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i1', startS: 0, durationS: 5, src: 'paintings/missing.png' }] });
    writeFileSync(join(dir, 'x.show.json'), JSON.stringify(show));
    const lines: string[] = [];
    const running = await startConductor({ show: join(dir, 'x.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: (_l, m) => lines.push(m) });
    try {
      expect(lines.some((l) => /x\.show\.json: tracks\.3\.clips\.0\.src: asset "paintings\/missing\.png" is missing/.test(l))).toBe(true);
      expect(running.conductor.status().events.some((e) => e.level === 'warn' && /missing\.png/.test(e.message))).toBe(true);
      expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
      const res = await fetch(`${running.url}/api/status`, { headers: { Authorization: `Bearer ${running.token}` } });
      expect(res.status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it('names unplayable audio once per file (show file, field, asset), lists it in status, and plays the show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    mkdirSync(join(dir, 'assets/narration'), { recursive: true });
    writeFileSync(join(dir, 'assets/narration/en.wav'), 'not a recording\n');
    const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
    const narration = (id: string, startS: number) => ({ id, startS, durationS: 4, source: { type: 'narration', variants: { en: { src: 'narration/en.wav', text: `${id} text` }, fr: { src: 'narration/fr.wav' } } } });
    show.tracks.push({ id: 'voice', type: 'audio', clips: [narration('intro', 0), narration('outro', 50)] });
    writeFileSync(join(dir, 'x.show.json'), JSON.stringify(show));
    const lines: string[] = [];
    const running = await startConductor({ show: join(dir, 'x.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, assetRoot: join(dir, 'assets'), pages: 'none', log: (_l, m) => lines.push(m) });
    try {
      const audioLines = lines.filter((l) => l.includes('audio file'));
      expect(audioLines).toEqual([
        `${join(dir, 'x.show.json')}: tracks.3.clips.0.source.variants.en.src: audio file "narration/en.wav" is a text file, not audio (it starts "not a recording ") (and 1 more use of it); clips intro, outro stay silent, the show runs without them`,
        `${join(dir, 'x.show.json')}: tracks.3.clips.0.source.variants.fr.src: audio file "narration/fr.wav" is missing from ${join(dir, 'assets')} (and 1 more use of it); clips intro, outro stay silent, the show runs without them`,
      ]);
      const status = running.conductor.status();
      expect(status.audioProblems).toEqual([
        { clipId: 'intro', file: 'narration/en.wav', reason: 'is a text file, not audio (it starts "not a recording ")' },
        { clipId: 'intro', file: 'narration/fr.wav', reason: `is missing from ${join(dir, 'assets')}` },
        { clipId: 'outro', file: 'narration/en.wav', reason: 'is a text file, not audio (it starts "not a recording ")' },
        { clipId: 'outro', file: 'narration/fr.wav', reason: `is missing from ${join(dir, 'assets')}` },
      ]);
      expect(status.events.filter((e) => e.level === 'warn' && e.message.includes('audio file'))).toHaveLength(2);
      // The show runs, and its subtitles follow the show time even though the recordings are unplayable.
      expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
      expect(status.subtitles).toEqual([{ clipId: 'intro', language: 'en', text: 'intro text', startS: 0, endS: 4 }]);
      const res = await fetch(`${running.url}/api/status`, { headers: { Authorization: `Bearer ${running.token}` } });
      expect((await res.json()).audioProblems).toHaveLength(4);
    } finally {
      await running.stop();
    }
  });

  it('warns when a clip routes to speakers the profile does not list, and plays the show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    const profile = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
    profile.audio = { speakers: [{ id: 'L', positionM: [-3, 1.5, 5], channel: 0 }, { id: 'R', positionM: [3, 1.5, 5], channel: 1 }] };
    writeFileSync(join(dir, 'p.json'), JSON.stringify(profile));
    const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
    const clip = (id: string, speakers: string[]) => ({ id, startS: 0, durationS: 5, source: { type: 'synth', instrument: 'wind', seed: 1 }, route: { speakers } });
    show.tracks.push({ id: 'fx', type: 'audio', clips: [clip('ok', ['L']), clip('half', ['L', 'S9']), clip('lost', ['S7', 'S8'])] });
    writeFileSync(join(dir, 'x.show.json'), JSON.stringify(show));
    const lines: string[] = [];
    const running = await startConductor({ show: join(dir, 'x.show.json'), profile: join(dir, 'p.json'), port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: (_l, m) => lines.push(m) });
    try {
      expect(lines.filter((l) => l.includes('route.speakers'))).toEqual([
        `${join(dir, 'x.show.json')}: tracks.3.clips.1.route.speakers: "S9" is not a speaker of profile preview-3 (it has L, R); clip half plays on the others`,
        `${join(dir, 'x.show.json')}: tracks.3.clips.2.route.speakers: "S7", "S8" are not speakers of profile preview-3 (it has L, R); clip lost plays on every speaker`,
      ]);
      expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('starts in the language asked for, and refuses one the show does not offer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    const running = await startConductor({ show: 'demo', profile: 'preview-3', language: 'fr', port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: () => {} });
    try {
      expect(running.conductor.status()).toMatchObject({ language: 'fr', nextLanguage: null });
    } finally {
      await running.stop();
    }
    await expect(startConductor({ show: 'demo', profile: 'preview-3', language: 'de', port: 0, oscPort: null, settingsDir: dir, pages: 'none' })).rejects.toThrow(/demo\.show\.json: languages: has no "de" \(expected one of vi, en, fr\)/);
  });

  it('refuses a bad profile with every problem named and starts nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1, "projectors": []}');
    await expect(startConductor({ show: 'demo', profile: join(dir, 'bad.json'), port: 0, oscPort: null, settingsDir: dir, pages: 'none' })).rejects.toThrow(/bad\.json: id: is missing[\s\S]*projectors: has 0 items/);
  });
});
