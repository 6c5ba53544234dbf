import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeAudioFile } from './audioProbe.ts';
import { oggCrc } from './probeOgg.ts';

const dir = mkdtempSync(join(tmpdir(), 'audio-probe-'));
let n = 0;
/** Writes bytes to a fresh file and probes it from disk. */
function probe(bytes: Uint8Array | string, name = 'x.bin') {
  const file = join(dir, `${n++}-${name}`);
  writeFileSync(file, bytes);
  return probeAudioFile(file);
}

const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** A real WAV: a 440 Hz sine in the given sample format, with an extra LIST chunk before the data. */
function wav(o: { channels: number; rate: number; bits: number; format: 1 | 3 | 0xfffe; seconds: number; declaredSeconds?: number }): Uint8Array {
  const frames = Math.round(o.seconds * o.rate);
  const block = (o.channels * o.bits) / 8;
  const data = Buffer.alloc(frames * block);
  const float = o.format === 3;
  for (let i = 0; i < frames; i++) {
    const x = Math.sin((2 * Math.PI * 440 * i) / o.rate) * 0.5;
    for (let c = 0; c < o.channels; c++) {
      const at = i * block + (c * o.bits) / 8;
      if (float && o.bits === 32) data.writeFloatLE(x, at);
      else if (float) data.writeDoubleLE(x, at);
      else if (o.bits === 8) data.writeUInt8(Math.round(128 + x * 127), at);
      else if (o.bits === 16) data.writeInt16LE(Math.round(x * 32767), at);
      else if (o.bits === 24) data.writeIntLE(Math.round(x * 8388607), at, 3);
      else data.writeInt32LE(Math.round(x * 2147483647), at);
    }
  }
  const fmtBody =
    o.format === 0xfffe
      ? [...le16(0xfffe), ...le16(o.channels), ...le32(o.rate), ...le32(o.rate * block), ...le16(block), ...le16(o.bits), ...le16(22), ...le16(o.bits), ...le32(3), ...le16(1), 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]
      : [...le16(o.format), ...le16(o.channels), ...le32(o.rate), ...le32(o.rate * block), ...le16(block), ...le16(o.bits)];
  const list = [...ascii('LIST'), ...le32(5), ...ascii('INFOx'), 0];
  const declared = o.declaredSeconds === undefined ? data.length : Math.round(o.declaredSeconds * o.rate) * block;
  const body = [...ascii('WAVE'), ...ascii('fmt '), ...le32(fmtBody.length), ...fmtBody, ...list, ...ascii('data'), ...le32(declared)];
  return Buffer.concat([Buffer.from([...ascii('RIFF'), ...le32(body.length + data.length), ...body]), data]);
}

/** One Ogg page with a correct checksum. */
function oggPage(headerType: number, granule: number, serial: number, seq: number, body: number[]): number[] {
  const segs: number[] = [];
  let left = body.length;
  while (left >= 255) {
    segs.push(255);
    left -= 255;
  }
  segs.push(left);
  const page = [...ascii('OggS'), 0, headerType, ...le32(granule % 2 ** 32), ...le32(Math.floor(granule / 2 ** 32)), ...le32(serial), ...le32(seq), 0, 0, 0, 0, segs.length, ...segs, ...body];
  const crc = le32(oggCrc(Uint8Array.from(page)));
  page.splice(22, 4, ...crc);
  return page;
}

const vorbisIdent = (channels: number, rate: number) => [1, ...ascii('vorbis'), ...le32(0), channels, ...le32(rate), ...le32(0), ...le32(128000), ...le32(0), 0xb8, 1];
const opusHead = (channels: number, preSkip: number) => [...ascii('OpusHead'), 1, channels, ...le16(preSkip), ...le32(44100), 0, 0, 0];

/** An MPEG audio frame: header then zeros (a silent frame's worth of bytes), with an optional Xing tag. */
function mpegFrame(header: number[], bytes: number, xingFrames?: number, xingAt = 36): number[] {
  const f = new Array<number>(bytes).fill(0);
  f.splice(0, 4, ...header);
  if (xingFrames !== undefined) f.splice(xingAt, 12, ...ascii('Xing'), ...be32(1), ...be32(xingFrames));
  return f;
}
const MPEG1_L3_128K_44K_STEREO = [0xff, 0xfb, 0x90, 0x00];
const MPEG2_L3_64K_22K_MONO = [0xff, 0xf3, 0x80, 0xc0];

function id3(bodyBytes: number): number[] {
  const ss = [(bodyBytes >> 21) & 0x7f, (bodyBytes >> 14) & 0x7f, (bodyBytes >> 7) & 0x7f, bodyBytes & 0x7f];
  return [...ascii('ID3'), 4, 0, 0, ...ss, ...new Array<number>(bodyBytes).fill(0)];
}

function flac(o: { rate: number; channels: number; bits: number; total: number; minBlock?: number }): Uint8Array {
  const packed = (BigInt(o.rate) << 44n) | (BigInt(o.channels - 1) << 41n) | (BigInt(o.bits - 1) << 36n) | BigInt(o.total);
  const eight: number[] = [];
  for (let i = 7; i >= 0; i--) eight.push(Number((packed >> BigInt(i * 8)) & 0xffn));
  const minBlock = o.minBlock ?? 4096;
  const info = [(minBlock >> 8) & 0xff, minBlock & 0xff, 0x10, 0x00, 0, 0, 0, 0, 0, 0, ...eight, ...new Array<number>(16).fill(0)];
  return Uint8Array.from([...ascii('fLaC'), 0x80, 0, 0, 34, ...info, 0xff, 0xf8, 0x69, 0x08]);
}

describe('probeAudioFile: WAV', () => {
  it.each([
    { channels: 1, rate: 8000, bits: 8, format: 1 as const, codec: 'PCM 8-bit' },
    { channels: 2, rate: 44100, bits: 16, format: 1 as const, codec: 'PCM 16-bit' },
    { channels: 2, rate: 48000, bits: 24, format: 1 as const, codec: 'PCM 24-bit' },
    { channels: 1, rate: 96000, bits: 32, format: 1 as const, codec: 'PCM 32-bit' },
    { channels: 6, rate: 48000, bits: 32, format: 3 as const, codec: 'float 32-bit' },
    { channels: 1, rate: 24000, bits: 64, format: 3 as const, codec: 'float 64-bit' },
    { channels: 3, rate: 48000, bits: 16, format: 0xfffe as const, codec: 'PCM 16-bit' },
  ])('reads $codec, $channels channels at $rate Hz, and its exact duration', (o) => {
    const r = probe(wav({ ...o, seconds: 1.25 }), 'tone.wav');
    expect(r).toEqual({ ok: true, format: 'wav', codec: o.codec, channels: o.channels, sampleRate: o.rate, durationS: 1.25, estimated: false, truncated: null });
  });

  it('says when the data chunk promises more than the file holds, with the length present', () => {
    const r = probe(wav({ channels: 2, rate: 48000, bits: 16, format: 1, seconds: 0.5, declaredSeconds: 3 }), 'cut.wav');
    expect(r).toMatchObject({ ok: true, durationS: 0.5, truncated: 'the data chunk declares 3.000 s of audio but the file holds 0.500 s' });
  });

  it('refuses broken and unsupported headers with the reason', () => {
    const good = wav({ channels: 2, rate: 44100, bits: 16, format: 1, seconds: 0.1 });
    const patch = (at: number, bytes: number[]) => {
      const b = Uint8Array.from(good);
      b.set(bytes, at);
      return b;
    };
    // fmt body starts at byte 20: format(2) channels(2) rate(4) byteRate(4) blockAlign(2) bits(2).
    expect(probe(patch(22, le16(0)))).toEqual({ ok: false, reason: 'declares zero channels' });
    expect(probe(patch(24, le32(0)))).toEqual({ ok: false, reason: 'declares a sample rate of 0 Hz' });
    expect(probe(patch(34, le16(12)))).toEqual({ ok: false, reason: 'is PCM with 12 bits per sample (expected 8, 16, 24 or 32)' });
    expect(probe(patch(20, le16(2)))).toEqual({ ok: false, reason: 'uses WAVE format 0x0002 (Microsoft ADPCM), which the engine does not play (expected PCM or floating point)' });
    expect(probe(patch(32, le16(3)))).toEqual({ ok: false, reason: 'has a block align of 3 bytes for 2 channels of 16 bits (expected 4): damaged header' });
    expect(probe(patch(8, ascii('AVI ')))).toEqual({ ok: false, reason: 'is a RIFF file of type "AVI ", not WAVE' });
    expect(probe(good.subarray(0, 10))).toEqual({ ok: false, reason: 'is truncated: a WAV header needs 12 bytes, the file has 10' });
    expect(probe(good.subarray(0, 30))).toEqual({ ok: false, reason: 'is truncated inside its fmt chunk' });
    expect(probe(good.subarray(0, 36))).toEqual({ ok: false, reason: 'has no data chunk (truncated file?)' });
    expect(probe(good.subarray(0, 16))).toEqual({ ok: false, reason: 'has no fmt chunk (truncated header?)' });
  });
});

describe('probeAudioFile: Ogg', () => {
  it('reads a Vorbis identification header and the duration from the last page', () => {
    const bytes = [...oggPage(0x02, 0, 77, 0, vorbisIdent(2, 44100)), ...oggPage(0x00, 0, 77, 1, new Array(300).fill(3)), ...oggPage(0x04, 441000 + 22050, 77, 2, [1, 2, 3])];
    expect(probe(Uint8Array.from(bytes), 'n.ogg')).toEqual({ ok: true, format: 'ogg', codec: 'Vorbis', channels: 2, sampleRate: 44100, durationS: 10.5, estimated: false, truncated: null });
  });

  it('reads an Opus head (48 kHz output, pre-skip removed from the length)', () => {
    const bytes = [...oggPage(0x02, 0, 9, 0, opusHead(1, 312)), ...oggPage(0x04, 48000 * 4 + 312, 9, 1, [0xfc, 0xff, 0xfe])];
    expect(probe(Uint8Array.from(bytes), 'n.opus')).toEqual({ ok: true, format: 'ogg', codec: 'Opus', channels: 1, sampleRate: 48000, durationS: 4, estimated: false, truncated: null });
  });

  it('uses the Ogg checksum of RFC 3533 (CRC-32, polynomial 0x04c11db7, initial 0, unreflected)', () => {
    // CRC-32/POSIX has the same polynomial and initial value and inverts the result: check 0x765e7680.
    expect(oggCrc(Uint8Array.from(ascii('123456789')))).toBe((0x765e7680 ^ 0xffffffff) >>> 0);
  });

  it('refuses damaged pages, other codecs and bad identification headers', () => {
    const page = oggPage(0x02, 0, 1, 0, vorbisIdent(2, 44100));
    const flipped = Uint8Array.from(page);
    flipped[40] = (flipped[40] ?? 0) ^ 0xff;
    expect(probe(flipped)).toEqual({ ok: false, reason: 'has a first Ogg page whose checksum does not match (damaged file)' });
    expect(probe(Uint8Array.from(page.slice(0, 20)))).toEqual({ ok: false, reason: 'is truncated inside its first Ogg page header' });
    expect(probe(Uint8Array.from(page.slice(0, 40)))).toEqual({ ok: false, reason: 'is truncated inside its first Ogg page' });
    expect(probe(Uint8Array.from(oggPage(0x02, 0, 1, 0, vorbisIdent(0, 44100))))).toEqual({ ok: false, reason: 'declares zero channels in its Vorbis header' });
    expect(probe(Uint8Array.from(oggPage(0x02, 0, 1, 0, vorbisIdent(2, 0))))).toEqual({ ok: false, reason: 'declares a sample rate of 0 Hz in its Vorbis header' });
    expect(probe(Uint8Array.from(oggPage(0x02, 0, 1, 0, [0x80, ...ascii('theora'), 3, 2, 1])))).toEqual({ ok: false, reason: 'is an Ogg stream of Theora video (expected Vorbis or Opus)' });
    expect(probe(Uint8Array.from(oggPage(0x02, 0, 1, 0, [...ascii('Speex   '), 1, 2])))).toEqual({ ok: false, reason: 'is an Ogg stream of Speex (expected Vorbis or Opus)' });
    expect(probe(Uint8Array.from(oggPage(0x00, 0, 1, 0, vorbisIdent(2, 44100))))).toEqual({ ok: false, reason: 'has a first Ogg page that does not begin a stream (damaged file)' });
  });
});

describe('probeAudioFile: MP3', () => {
  it('reads a constant-bit-rate stream after an ID3v2 tag and estimates its length', () => {
    const frames = Array.from({ length: 40 }, () => mpegFrame(MPEG1_L3_128K_44K_STEREO, 417)).flat();
    const r = probe(Uint8Array.from([...id3(300), ...frames]), 'n.mp3');
    expect(r).toMatchObject({ ok: true, format: 'mp3', codec: 'MPEG-1 Layer III', channels: 2, sampleRate: 44100, estimated: true, truncated: null });
    // 40 frames of 1152 samples: 1.0449 s; the CBR estimate from bytes and bit rate is within 0.3 %.
    expect(r.ok && r.durationS).toBeCloseTo((40 * 1152) / 44100, 2);
  });

  it('takes the exact frame count from a Xing header (MPEG-2, mono)', () => {
    const first = mpegFrame(MPEG2_L3_64K_22K_MONO, 208, 500, 4 + 9);
    const rest = Array.from({ length: 3 }, () => mpegFrame(MPEG2_L3_64K_22K_MONO, 208)).flat();
    expect(probe(Uint8Array.from([...first, ...rest]), 'vbr.mp3')).toEqual({ ok: true, format: 'mp3', codec: 'MPEG-2 Layer III', channels: 1, sampleRate: 22050, durationS: (500 * 576) / 22050, estimated: false, truncated: null });
  });

  it('refuses a sync without a valid frame, Layer II, and a tag with nothing after it', () => {
    expect(probe(Uint8Array.from([0xff, 0xfb, 0xf0, 0x00, ...new Array(100).fill(0x11)]))).toEqual({ ok: false, reason: 'has no valid MPEG audio frame in its first 104 bytes (the first header has an invalid bit rate index)' });
    const layer2 = Array.from({ length: 3 }, () => mpegFrame([0xff, 0xfd, 0x90, 0x00], 417)).flat();
    expect(probe(Uint8Array.from(layer2))).toEqual({ ok: false, reason: 'is MPEG-1 Layer II audio, which browsers do not decode (expected Layer III, MP3)' });
    expect(probe(Uint8Array.from(id3(50)))).toEqual({ ok: false, reason: 'has an ID3 tag of 60 bytes and no audio after it (truncated file?)' });
    expect(probe(Uint8Array.from([...id3(20), ...new Array(500).fill(0x55)]))).toEqual({ ok: false, reason: 'has no valid MPEG audio frame in its first 500 bytes after the ID3 tag' });
  });
});

describe('probeAudioFile: FLAC', () => {
  it('reads STREAMINFO: rate, channels, bits and the sample count', () => {
    expect(probe(flac({ rate: 44100, channels: 2, bits: 16, total: 441000 }), 'n.flac')).toEqual({ ok: true, format: 'flac', codec: 'FLAC 16-bit', channels: 2, sampleRate: 44100, durationS: 10, estimated: false, truncated: null });
    expect(probe(flac({ rate: 96000, channels: 6, bits: 24, total: 0 }))).toMatchObject({ ok: true, channels: 6, sampleRate: 96000, durationS: null });
  });

  it('refuses a zero rate, a damaged block size and a truncated header', () => {
    expect(probe(flac({ rate: 0, channels: 2, bits: 16, total: 1 }))).toEqual({ ok: false, reason: 'is FLAC with a sample rate of 0 Hz' });
    expect(probe(flac({ rate: 48000, channels: 2, bits: 16, total: 1, minBlock: 4 }))).toEqual({ ok: false, reason: 'is FLAC with a minimum block size of 4 (expected at least 16): damaged header' });
    expect(probe(flac({ rate: 48000, channels: 2, bits: 16, total: 1 }).subarray(0, 20))).toEqual({ ok: false, reason: 'is truncated: a FLAC header needs 42 bytes, the file has 20' });
  });
});

describe('probeAudioFile: not audio', () => {
  it('names empty, text, garbage, other containers, folders and missing files', () => {
    expect(probe(new Uint8Array(0), 'empty.wav')).toEqual({ ok: false, reason: 'is empty (0 bytes)' });
    expect(probe('These are the narration notes for chapter one.\n', 'notes.wav')).toEqual({ ok: false, reason: 'is a text file, not audio (it starts "These are the narration …")' });
    expect(probe(Uint8Array.from([0x00, 0x01, 0x02, 0x9a, 0xde, 0xad, 0xbe, 0xef, 0x10]))).toEqual({ ok: false, reason: 'is not a WAV, Ogg, MP3 or FLAC file (it starts with bytes 00 01 02 9a de ad be ef)' });
    expect(probe(Uint8Array.from([0x00, 0x01]))).toEqual({ ok: false, reason: 'is truncated: 2 bytes are too few for any audio header' });
    expect(probe(Uint8Array.from([0, 0, 0, 0x20, ...ascii('ftypM4A '), 0, 0]))).toEqual({ ok: false, reason: 'is an MP4/M4A file (expected WAV, Ogg Vorbis/Opus, MP3 or FLAC)' });
    expect(probe(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]))).toEqual({ ok: false, reason: 'is a WebM/Matroska file (expected WAV, Ogg Vorbis/Opus, MP3 or FLAC)' });
    const folder = join(dir, 'a-folder.wav');
    mkdirSync(folder);
    expect(probeAudioFile(folder)).toEqual({ ok: false, reason: 'is not a regular file' });
    expect(probeAudioFile(join(dir, 'nope.wav'))).toEqual({ ok: false, reason: 'is missing' });
  });
});
