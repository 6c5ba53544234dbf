/**
 * Shared pieces of the audio probes: the result type, random access to bytes, and byte readers.
 */

/** What a probe found: a decodable file with its shape, or why it is not one. */
export type AudioProbe =
  | {
      readonly ok: true;
      readonly format: 'wav' | 'ogg' | 'mp3' | 'flac';
      /** Human description of the encoding: "PCM 16-bit", "float 32-bit", "Vorbis", "Opus", "MPEG-1 Layer III", "FLAC 24-bit". */
      readonly codec: string;
      readonly channels: number;
      /** Samples per second (Opus: the 48 kHz it decodes to). */
      readonly sampleRate: number;
      /** Length in seconds, or null when the file does not say (a FLAC without a sample count). */
      readonly durationS: number | null;
      /** True when the duration is an estimate (MP3 without a Xing/Info/VBRI header: constant bit rate assumed). */
      readonly estimated: boolean;
      /** Set when the header promises more audio than the file holds: durationS is then what is present. */
      readonly truncated: string | null;
    }
  | { readonly ok: false; readonly reason: string };

/** A successful probe. */
export type AudioInfo = Extract<AudioProbe, { ok: true }>;

/** Random access to the bytes of a file (or a buffer in tests). */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

/** How much of the start of a file the probe reads at first. */
export const HEAD_BYTES = 64 * 1024;

/** A failed probe. */
export const fail = (reason: string): AudioProbe => ({ ok: false, reason });

/** Reads a 4-character code at `at` (or "" past the end). */
export function fourCC(b: Uint8Array, at: number): string {
  if (at + 4 > b.length) return '';
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Little-endian readers on a byte array (the caller checks the length first). */
export const u16le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
export const u32le = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
export const u32be = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
/** A 64-bit little-endian unsigned integer as a number (exact below 2^53, which covers every real file). */
export const u64le = (b: Uint8Array, at: number): number => u32le(b, at) + u32le(b, at + 4) * 2 ** 32;

/** Size of an ID3v2 tag at `at` (header + body + optional footer), or 0 when there is none. */
export function id3v2Size(b: Uint8Array, at = 0): number {
  if (at + 10 > b.length || b[at] !== 0x49 || b[at + 1] !== 0x44 || b[at + 2] !== 0x33) return 0;
  const syncsafe = [b[at + 6]!, b[at + 7]!, b[at + 8]!, b[at + 9]!];
  if (syncsafe.some((x) => x >= 0x80)) return 0;
  const body = (syncsafe[0]! << 21) | (syncsafe[1]! << 14) | (syncsafe[2]! << 7) | syncsafe[3]!;
  const footer = (b[at + 5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + body + footer;
}
