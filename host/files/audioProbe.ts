/**
 * Audio file probing: reads the start (and for some formats a few more bytes) of an audio asset and
 * tells whether a browser can decode it, without decoding it. Used by `npm run validate` and at load,
 * so a broken narration file is named before a showing instead of being silent in the middle of one.
 *
 * Why not music-metadata (v11, evaluated on this file's tests and the shipped narration): it reads
 * the shipped Opus files the same, but (1) it is asynchronous only, and this probe is called
 * synchronously by validation and at show load; (2) it throws on valid files ("Illegal remaining
 * size" on a WAV whose LIST chunk has an odd size; a Vorbis stream whose comment header is not on the
 * first pages); (3) it gives other verdicts where ours are the point: no checksum check of the first
 * Ogg page, no truncation report for a WAV data chunk, an Opus rate of the encoder's input (44.1 kHz)
 * instead of the 48 kHz a browser decodes to, an MP3 length counted from the frames present instead of
 * the Xing header, Layer II and a 0 Hz FLAC accepted, and no error at all for text or truncated
 * headers; so every reason the tests assert would still be ours to detect.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fail, fourCC, HEAD_BYTES, id3v2Size, u16le, u32be, u32le, u64le, type AudioProbe, type ByteSource } from './audioBytes.ts';
import { probeMp3 } from './probeMp3.ts';
import { probeOgg } from './probeOgg.ts';

export type { AudioInfo, AudioProbe, ByteSource } from './audioBytes.ts';

/** The first bytes as hex, for a message about a file of unknown kind. */
function hexStart(b: Uint8Array, n = 8): string {
  return Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** True when the bytes look like text (printable ASCII or UTF-8, tabs and line breaks). */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  const sample = b.subarray(0, 512);
  let printable = 0;
  for (const x of sample) if (x === 9 || x === 10 || x === 13 || (x >= 32 && x !== 127)) printable++;
  return printable === sample.length;
}

const PCM_BITS = [8, 16, 24, 32];
const FLOAT_BITS = [32, 64];
const WAVE_FORMATS: Record<number, string> = { 0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM', 0x0050: 'MPEG', 0x0055: 'MP3' };

/** RIFF/WAVE (and RF64): fmt chunk (PCM 8/16/24/32, float 32/64, extensible), data chunk size → duration. */
function probeWav(src: ByteSource, head: Uint8Array): AudioProbe {
  const rf64 = fourCC(head, 0) === 'RF64';
  if (head.length < 12) return fail(`is truncated: a WAV header needs 12 bytes, the file has ${head.length}`);
  if (fourCC(head, 8) !== 'WAVE') return fail(`is a RIFF file of type "${fourCC(head, 8)}", not WAVE`);
  let fmt: { format: number; channels: number; rate: number; blockAlign: number; bits: number } | null = null;
  let dataSize: number | null = null;
  let dataStart = 0;
  let ds64DataSize: number | null = null;
  let at = 12;
  // Chunks are walked by their headers only: the data chunk is never read.
  while (at + 8 <= src.size) {
    const h = src.read(at, 8);
    if (h.length < 8) break;
    const id = fourCC(h, 0);
    const size = u32le(h, 4);
    const body = at + 8;
    if (!/^[\x20-\x7e]{4}$/.test(id)) return fail(`has a damaged chunk header at byte ${at} (expected a four-letter chunk id, found ${hexStart(h, 4)})`);
    if (id === 'ds64') {
      const d = src.read(body, Math.min(size, 28));
      if (d.length >= 16) ds64DataSize = u64le(d, 8);
    } else if (id === 'fmt ') {
      if (size < 16) return fail(`has a fmt chunk of ${size} bytes (expected at least 16)`);
      const f = src.read(body, Math.min(size, 40));
      if (f.length < 16) return fail('is truncated inside its fmt chunk');
      let format = u16le(f, 0);
      if (format === 0xfffe) {
        if (f.length < 26) return fail('has a WAVE_FORMAT_EXTENSIBLE fmt chunk without its sub-format');
        format = u16le(f, 24);
      }
      fmt = { format, channels: u16le(f, 2), rate: u32le(f, 4), blockAlign: u16le(f, 12), bits: u16le(f, 14) };
    } else if (id === 'data') {
      dataStart = body;
      dataSize = rf64 && size === 0xffffffff && ds64DataSize !== null ? ds64DataSize : size;
      if (fmt) break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) return fail('has no fmt chunk (truncated header?)');
  if (fmt.channels === 0) return fail('declares zero channels');
  if (fmt.rate === 0) return fail('declares a sample rate of 0 Hz');
  let codec: string;
  if (fmt.format === 1) {
    if (!PCM_BITS.includes(fmt.bits)) return fail(`is PCM with ${fmt.bits} bits per sample (expected 8, 16, 24 or 32)`);
    codec = `PCM ${fmt.bits}-bit`;
  } else if (fmt.format === 3) {
    if (!FLOAT_BITS.includes(fmt.bits)) return fail(`is floating point with ${fmt.bits} bits per sample (expected 32 or 64)`);
    codec = `float ${fmt.bits}-bit`;
  } else {
    const name = WAVE_FORMATS[fmt.format];
    return fail(`uses WAVE format 0x${fmt.format.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''}, which the engine does not play (expected PCM or floating point)`);
  }
  const expectedAlign = (fmt.channels * fmt.bits) / 8;
  if (fmt.blockAlign !== expectedAlign) return fail(`has a block align of ${fmt.blockAlign} bytes for ${fmt.channels} channels of ${fmt.bits} bits (expected ${expectedAlign}): damaged header`);
  if (dataSize === null) return fail('has no data chunk (truncated file?)');
  const present = Math.max(0, Math.min(dataSize, src.size - dataStart));
  const frames = Math.floor(present / fmt.blockAlign);
  const truncated =
    present < dataSize ? `the data chunk declares ${(dataSize / fmt.blockAlign / fmt.rate).toFixed(3)} s of audio but the file holds ${(frames / fmt.rate).toFixed(3)} s` : null;
  return { ok: true, format: 'wav', codec, channels: fmt.channels, sampleRate: fmt.rate, durationS: frames / fmt.rate, estimated: false, truncated };
}

/** FLAC: "fLaC" then a STREAMINFO block (rate, channels, bits, total samples). */
function probeFlac(head: Uint8Array, at: number): AudioProbe {
  const b = head.subarray(at);
  if (b.length < 8 + 34) return fail(`is truncated: a FLAC header needs ${8 + 34} bytes, the file has ${b.length}`);
  const type = b[4]! & 0x7f;
  const length = (b[5]! << 16) | (b[6]! << 8) | b[7]!;
  if (type !== 0 || length !== 34) return fail(`is FLAC without a STREAMINFO block first (found block type ${type} of ${length} bytes)`);
  const s = b.subarray(8);
  const minBlock = (s[0]! << 8) | s[1]!;
  const rate = (s[10]! << 12) | (s[11]! << 4) | (s[12]! >> 4);
  const channels = ((s[12]! >> 1) & 0x07) + 1;
  const bits = (((s[12]! & 0x01) << 4) | (s[13]! >> 4)) + 1;
  const total = (s[13]! & 0x0f) * 2 ** 32 + u32be(s, 14);
  if (rate === 0) return fail('is FLAC with a sample rate of 0 Hz');
  if (minBlock < 16) return fail(`is FLAC with a minimum block size of ${minBlock} (expected at least 16): damaged header`);
  return { ok: true, format: 'flac', codec: `FLAC ${bits}-bit`, channels, sampleRate: rate, durationS: total > 0 ? total / rate : null, estimated: false, truncated: null };
}

/** Probes audio in a byte source: WAV, Ogg (Vorbis, Opus), MP3 or FLAC, by content (never by name). */
export function probeAudio(src: ByteSource): AudioProbe {
  if (src.size === 0) return fail('is empty (0 bytes)');
  const head = src.read(0, HEAD_BYTES);
  const magic = fourCC(head, 0);
  if (magic === 'RIFF' || magic === 'RF64') return probeWav(src, head);
  if (magic === 'OggS') return probeOgg(src, head);
  if (magic === 'fLaC') return probeFlac(head, 0);
  const id3 = id3v2Size(head);
  if (id3 > 0 && id3 + 4 <= head.length && fourCC(head, id3) === 'fLaC') return probeFlac(head, id3);
  if (id3 > 0 || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return probeMp3(src, id3);
  if (magic === 'RIFX') return fail('is a big-endian RIFX file (expected little-endian RIFF/WAVE)');
  if (fourCC(head, 4) === 'ftyp') return fail('is an MP4/M4A file (expected WAV, Ogg Vorbis/Opus, MP3 or FLAC)');
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return fail('is a WebM/Matroska file (expected WAV, Ogg Vorbis/Opus, MP3 or FLAC)');
  if (looksLikeText(head)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 24)).replace(/\s+/g, ' ');
    return fail(`is a text file, not audio (it starts "${text}${head.length > 24 ? '…' : ''}")`);
  }
  if (head.length < 4) return fail(`is truncated: ${head.length} bytes are too few for any audio header`);
  return fail(`is not a WAV, Ogg, MP3 or FLAC file (it starts with bytes ${hexStart(head)})`);
}

/** Probes an audio file on disk. Never throws: an unreadable file is a failed probe with the reason. */
export function probeAudioFile(path: string): AudioProbe {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'is missing' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read: permission denied' : `cannot be opened (${code ?? 'unknown error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return fail('is not a regular file');
    const src: ByteSource = {
      size: st.size,
      read(offset, length) {
        const n = Math.max(0, Math.min(length, st.size - offset));
        const buf = Buffer.alloc(n);
        const got = n > 0 ? readSync(fd, buf, 0, n, offset) : 0;
        return new Uint8Array(buf.buffer, buf.byteOffset, got);
      },
    };
    return probeAudio(src);
  } catch (err) {
    return fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : 'unknown error')})`);
  } finally {
    closeSync(fd);
  }
}

/** A byte source over bytes in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)) };
}
