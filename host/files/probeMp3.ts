import { fail, fourCC, u32be, type AudioProbe, type ByteSource } from './audioBytes.ts';

/** Bit rates in kbit/s by [MPEG-1 ? 0 : 1][layer 1..3][index]. */
const BITRATES: readonly (readonly (readonly number[])[])[] = [
  [
    [],
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
const RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const VERSION_NAME: Record<number, string> = { 3: 'MPEG-1', 2: 'MPEG-2', 0: 'MPEG-2.5' };

interface FrameHeader {
  readonly version: number;
  readonly layer: 1 | 2 | 3;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly samplesPerFrame: number;
  readonly frameBytes: number;
}

/** Parses an MPEG audio frame header at `at`, or returns why it is not one. */
export function mpegFrameHeader(b: Uint8Array, at: number): FrameHeader | string {
  if (at + 4 > b.length) return 'ends before a whole MPEG frame header';
  const b1 = b[at + 1]!;
  const b2 = b[at + 2]!;
  const b3 = b[at + 3]!;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return 'has no MPEG frame sync';
  const version = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (version === 1) return 'has a reserved MPEG version';
  if (layerBits === 0) return 'has a reserved MPEG layer';
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const index = b2 >> 4;
  if (index === 0) return 'uses a free-format bit rate, which browsers do not decode';
  if (index === 15) return 'has an invalid bit rate index';
  const rateIndex = (b2 >> 2) & 3;
  if (rateIndex === 3) return 'has a reserved sample rate';
  if ((b3 & 3) === 2) return 'has a reserved emphasis';
  const bitrateKbps = BITRATES[version === 3 ? 0 : 1]![layer]![index]!;
  const sampleRate = RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const samplesPerFrame = layer === 1 ? 384 : layer === 2 || version === 3 ? 1152 : 576;
  const frameBytes = layer === 1 ? (Math.floor((12 * bitrateKbps * 1000) / sampleRate) + padding) * 4 : Math.floor((samplesPerFrame / 8) * bitrateKbps * 1000 / sampleRate) + padding;
  return { version, layer, bitrateKbps, sampleRate, channels: b3 >> 6 === 3 ? 1 : 2, samplesPerFrame, frameBytes };
}

/** Frames counted in a Xing/Info or VBRI header inside the first frame, or null. */
function vbrFrames(b: Uint8Array, at: number, h: FrameHeader): number | null {
  const side = h.version === 3 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const x = at + 4 + side;
  const tag = fourCC(b, x);
  if ((tag === 'Xing' || tag === 'Info') && x + 12 <= b.length && (u32be(b, x + 4) & 1) !== 0) return u32be(b, x + 8);
  const v = at + 36;
  if (fourCC(b, v) === 'VBRI' && v + 18 <= b.length) return u32be(b, v + 14);
  return null;
}

/** How far after the ID3 tag the first frame is looked for (encoders sometimes leave padding). */
const SYNC_SEARCH_BYTES = 8 * 1024;

/**
 * MP3: an optional ID3v2 tag, then MPEG audio frames. The first frame must be followed by a second
 * valid one (or the end of the file), so random bytes that happen to look like a sync are refused.
 * Duration from a Xing/Info or VBRI header, else estimated at the first frame's constant bit rate.
 */
export function probeMp3(src: ByteSource, id3Bytes: number): AudioProbe {
  if (id3Bytes >= src.size) return fail(`has an ID3 tag of ${id3Bytes} bytes and no audio after it (truncated file?)`);
  const b = src.read(id3Bytes, SYNC_SEARCH_BYTES + 4096);
  let firstProblem: string | null = null;
  for (let at = 0; at < Math.min(b.length, SYNC_SEARCH_BYTES); at++) {
    if (b[at] !== 0xff) continue;
    const h = mpegFrameHeader(b, at);
    if (typeof h === 'string') {
      firstProblem ??= at === 0 ? h : null;
      continue;
    }
    const next = at + h.frameBytes;
    const atEnd = id3Bytes + next >= src.size;
    if (!atEnd && next + 4 <= b.length && typeof mpegFrameHeader(b, next) === 'string') continue;
    if (h.layer !== 3) return fail(`is ${VERSION_NAME[h.version]} Layer ${h.layer === 1 ? 'I' : 'II'} audio, which browsers do not decode (expected Layer III, MP3)`);
    const start = id3Bytes + at;
    const frames = vbrFrames(b, at, h);
    let durationS: number;
    if (frames !== null) durationS = (frames * h.samplesPerFrame) / h.sampleRate;
    else {
      const tail = src.read(Math.max(0, src.size - 128), 128);
      const id3v1 = tail.length === 128 && fourCC(tail, 0).startsWith('TAG') ? 128 : 0;
      durationS = ((src.size - start - id3v1) * 8) / (h.bitrateKbps * 1000);
    }
    return { ok: true, format: 'mp3', codec: `${VERSION_NAME[h.version]} Layer III`, channels: h.channels, sampleRate: h.sampleRate, durationS, estimated: frames === null, truncated: null };
  }
  if (b.length < 4) return fail('is truncated: no MPEG audio frame after its ID3 tag');
  return fail(`has no valid MPEG audio frame in its first ${Math.min(b.length, SYNC_SEARCH_BYTES)} bytes${id3Bytes > 0 ? ' after the ID3 tag' : ''}${firstProblem ? ` (the first header ${firstProblem})` : ''}`);
}
