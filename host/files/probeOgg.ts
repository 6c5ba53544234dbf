import { fail, fourCC, u16le, u32le, u64le, type AudioProbe, type ByteSource } from './audioBytes.ts';

/** How far from the end of the file the last page (and its granule position) is looked for. */
const TAIL_BYTES = 64 * 1024;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The Ogg page checksum: CRC-32, polynomial 0x04c11db7, initial value 0, no reflection (RFC 3533). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

interface Page {
  readonly headerType: number;
  readonly granule: number;
  readonly serial: number;
  /** Bytes of the page (header + segment table + body). */
  readonly length: number;
  readonly body: Uint8Array;
}

/** Reads the Ogg page at `at` of `b`, or why it is not one. */
function readPage(b: Uint8Array, at: number): Page | string {
  if (at + 27 > b.length) return 'is truncated inside its first Ogg page header';
  if (fourCC(b, at) !== 'OggS') return 'does not start with an Ogg page';
  if (b[at + 4] !== 0) return `has Ogg stream version ${b[at + 4]} (expected 0)`;
  const segments = b[at + 26]!;
  if (at + 27 + segments > b.length) return 'is truncated inside its first Ogg page header';
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += b[at + 27 + i]!;
  const length = 27 + segments + bodyLength;
  if (at + length > b.length) return 'is truncated inside its first Ogg page';
  const page = b.slice(at, at + length);
  const stored = u32le(page, 22);
  page[22] = page[23] = page[24] = page[25] = 0;
  if (oggCrc(page) !== stored) return 'has a first Ogg page whose checksum does not match (damaged file)';
  return { headerType: b[at + 5]!, granule: u64le(b, at + 6), serial: u32le(b, at + 14), length, body: b.subarray(at + 27 + segments, at + length) };
}

/** The granule position of the last page of stream `serial` in the file's tail, or null. */
function lastGranule(src: ByteSource, serial: number): number | null {
  const from = Math.max(0, src.size - TAIL_BYTES);
  const tail = src.read(from, src.size - from);
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] !== 0x4f || fourCC(tail, i) !== 'OggS' || tail[i + 4] !== 0) continue;
    if (u32le(tail, i + 14) !== serial) continue;
    // A granule of all ones means "no packet ends on this page": look further back.
    if (u32le(tail, i + 6) === 0xffffffff && u32le(tail, i + 10) === 0xffffffff) continue;
    return u64le(tail, i + 6);
  }
  return null;
}

/** Ogg: the first page carries the identification header of a Vorbis or Opus stream; the last page's granule gives the length. */
export function probeOgg(src: ByteSource, head: Uint8Array): AudioProbe {
  const page = readPage(head, 0);
  if (typeof page === 'string') return fail(page);
  if ((page.headerType & 0x02) === 0) return fail('has a first Ogg page that does not begin a stream (damaged file)');
  const p = page.body;
  let codec: 'Vorbis' | 'Opus';
  let channels: number;
  let sampleRate: number;
  let preSkip = 0;
  if (p.length >= 7 && p[0] === 0x01 && fourCC(p, 1) === 'vorb' && p[5] === 0x69 && p[6] === 0x73) {
    if (p.length < 30) return fail('is truncated inside its Vorbis identification header');
    if (u32le(p, 7) !== 0) return fail(`has Vorbis version ${u32le(p, 7)} (expected 0)`);
    codec = 'Vorbis';
    channels = p[11]!;
    sampleRate = u32le(p, 12);
    if ((p[29]! & 0x01) === 0) return fail('has a Vorbis identification header without its framing bit (damaged file)');
  } else if (p.length >= 8 && fourCC(p, 0) === 'Opus' && fourCC(p, 4) === 'Head') {
    if (p.length < 19) return fail('is truncated inside its Opus identification header');
    if (p[8]! >> 4 !== 0) return fail(`has Opus header version ${p[8]} (expected 0.x)`);
    codec = 'Opus';
    channels = p[9]!;
    preSkip = u16le(p, 10);
    // Opus always decodes at 48 kHz; the header's "input rate" is only informative.
    sampleRate = 48_000;
  } else {
    const what = p.length >= 5 && p[0] === 0x7f && fourCC(p, 1) === 'FLAC' ? 'FLAC in Ogg' : fourCC(p, 0) === 'Spee' ? 'Speex' : p.length >= 7 && fourCC(p, 1) === 'theo' ? 'Theora video' : 'an unknown codec';
    return fail(`is an Ogg stream of ${what} (expected Vorbis or Opus)`);
  }
  if (channels === 0) return fail(`declares zero channels in its ${codec} header`);
  if (sampleRate === 0) return fail(`declares a sample rate of 0 Hz in its ${codec} header`);
  const granule = lastGranule(src, page.serial);
  const samples = granule === null ? null : Math.max(0, granule - preSkip);
  return { ok: true, format: 'ogg', codec, channels, sampleRate, durationS: samples === null ? null : samples / sampleRate, estimated: false, truncated: null };
}
