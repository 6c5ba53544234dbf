import { expect, test } from 'vitest';
import { AudioFiles } from './AudioFiles.ts';

/** A 16-bit PCM WAV file of the given samples. */
function wav(samples: Float32Array, sampleRate: number): ArrayBuffer {
  const buf = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(buf);
  const str = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  str(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => v.setInt16(44 + i * 2, Math.round(s * 32767), true));
  return buf;
}

test('decodes real files once, and names the missing and the undecodable with the reason', async () => {
  const ctx = new OfflineAudioContext(1, 48_000, 48_000);
  const samples = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(i / 10) * 0.5);
  // The real fetch of real bytes: a WAV and a text file as blob URLs, and an asset path the server lacks.
  const blobs: Record<string, string> = {
    '/assets/sound/ok.wav': URL.createObjectURL(new Blob([wav(samples, 48_000)], { type: 'audio/wav' })),
    '/assets/sound/broken.ogg': URL.createObjectURL(new Blob(['this is not audio'], { type: 'audio/ogg' })),
  };
  const asked: string[] = [];
  const files = new AudioFiles((d) => ctx.decodeAudioData(d), '/assets/', (url) => {
    asked.push(url);
    return fetch(blobs[url] ?? `/no-such-folder${url}`);
  });
  await files.load(['sound/ok.wav', 'sound/broken.ogg', 'sound/gone.mp3', 'sound/ok.wav']);
  await files.load(['sound/ok.wav']);
  const ok = files.buffers.get('sound/ok.wav');
  expect(ok?.length).toBe(4800);
  expect(Math.abs(ok!.getChannelData(0)[100]! - samples[100]!)).toBeLessThan(1e-4);
  expect(files.failure('sound/gone.mp3')).toBe('is missing from the assets folder (HTTP 404)');
  expect(files.failure('sound/broken.ogg')).toMatch(/^could not be decoded as audio \(EncodingError/);
  expect(files.failed.map((f) => f.file).sort()).toEqual(['sound/broken.ogg', 'sound/gone.mp3']);
  // Each file fetched once, paths encoded segment by segment.
  expect(asked.sort()).toEqual(['/assets/sound/broken.ogg', '/assets/sound/gone.mp3', '/assets/sound/ok.wav']);
  files.forget(['sound/gone.mp3']);
  expect(files.failure('sound/gone.mp3')).toBeUndefined();
});
