import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { wavFile } from '../support/pulseAudio.ts';

const root = resolve(import.meta.dirname, '../..');
const demo = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
let dir: string;

/** Runs the validate CLI as a user does (npm run validate -- …), from the project folder. */
function validate(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/validate.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, INIT_CWD: dir } });
  return { status: r.status, lines: r.stdout.split('\n').filter((l) => l !== ''), stdout: r.stdout, stderr: r.stderr };
}

/** A real 16-bit mono WAV of `seconds` (a quiet ramp), optionally cut short after the header. */
function wav(seconds: number, rate = 8000, keepBytes?: number): Buffer {
  const whole = wavFile(Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => ((i % 200) * 10) / 32767), rate);
  return keepBytes === undefined ? whole : whole.subarray(0, keepBytes);
}

function showWith(clips: unknown[]): string {
  const d = structuredClone(demo);
  d.tracks.push({ id: 'sound', type: 'audio', clips });
  return JSON.stringify(d, null, 2);
}

const narration = (id: string, startS: number, variants: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  id,
  startS,
  durationS: 4,
  source: { type: 'narration', variants: Object.fromEntries(Object.entries(variants).map(([lang, src]) => [lang, { src, text: `${id} in ${lang}` }])) },
  ...extra,
});

describe('npm run validate: audio files', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validate-audio-'));
    mkdirSync(join(dir, 'assets/narration'), { recursive: true });
    mkdirSync(join(dir, 'assets/music'), { recursive: true });
    writeFileSync(join(dir, 'assets/narration/vi.wav'), wav(3));
    writeFileSync(join(dir, 'assets/narration/en.wav'), wav(3));
    writeFileSync(join(dir, 'assets/narration/fr.wav'), 'Texte de la narration, pas du son.\n');
    writeFileSync(join(dir, 'assets/music/cut.wav'), wav(10, 8000, 44 + 8000 * 2));
    writeFileSync(join(dir, 'assets/music/short.wav'), wav(2));
    writeFileSync(join(dir, 'assets/music/empty.mp3'), '');
    writeFileSync(join(dir, 'good.show.json'), showWith([narration('intro', 0, { vi: 'narration/vi.wav', en: 'narration/en.wav' }), { id: 'bed', startS: 10, durationS: 1.5, sourceOffsetS: 0.25, source: { type: 'file', src: 'music/short.wav' } }]));
    writeFileSync(
      join(dir, 'bad.show.json'),
      showWith([
        narration('intro', 0, { vi: 'narration/vi.wav', en: 'narration/missing.wav', fr: 'narration/fr.wav' }),
        { id: 'bed', startS: 10, durationS: 5, source: { type: 'file', src: 'music/cut.wav' } },
        { id: 'late', startS: 20, durationS: 5, sourceOffsetS: 2.5, source: { type: 'file', src: 'music/short.wav' } },
        { id: 'silence', startS: 30, durationS: 5, source: { type: 'file', src: 'music/empty.mp3' } },
        { id: 'wind', startS: 40, durationS: 5, source: { type: 'synth', instrument: 'wind', seed: 7 } },
        // Vietnamese only, no fallback, no English (the default): silent in en and fr showings.
        narration('outro', 50, { vi: 'narration/vi.wav' }),
      ]),
    );
  });

  it('passes a show whose narration variants and files all decode', () => {
    const r = validate('good.show.json');
    expect(r.stdout + r.stderr).toBe('validate: 1 file valid\n');
    expect(r.status).toBe(0);
  });

  it('names every missing or undecodable source, one line each: file, field path (each narration variant), asset file', () => {
    const r = validate('bad.show.json');
    expect(r.status).toBe(1);
    const assets = join(dir, 'assets');
    expect(r.lines).toEqual([
      `bad.show.json: tracks.3.clips.0.source.variants.en.src: audio file "narration/missing.wav" is missing from ${assets} (a WAV, Ogg Vorbis/Opus, MP3 or FLAC file inside the assets folder)`,
      'bad.show.json: tracks.3.clips.0.source.variants.fr.src: audio file "narration/fr.wav" is a text file, not audio (it starts "Texte de la narration, p…") (a WAV, Ogg Vorbis/Opus, MP3 or FLAC file inside the assets folder)',
      'bad.show.json: tracks.3.clips.1.source.src: audio file "music/cut.wav" is truncated: the data chunk declares 10.000 s of audio but the file holds 1.000 s (the whole file (export it again))',
      'bad.show.json: tracks.3.clips.2.sourceOffsetS: audio file "music/short.wav" is 2.000 s long, so sourceOffsetS 2.5 s starts after its end (a sourceOffsetS below 2.000 s)',
      'bad.show.json: tracks.3.clips.3.source.src: audio file "music/empty.mp3" is empty (0 bytes) (a WAV, Ogg Vorbis/Opus, MP3 or FLAC file inside the assets folder)',
      'bad.show.json: tracks.3.clips.5.source.variants: has no recording in en, fr, no fallback and none in the default language en: clip outro is silent in those showing languages (a variant in every language, one in en, or "fallback": one of vi)',
    ]);
    expect(r.stderr).toBe('validate: 6 problems in 1 of 1 file\n');
  });
});
