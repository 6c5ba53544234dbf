import type { Show } from '../show/showSchema.ts';
import { AudioVoiceIndex } from './AudioVoiceIndex.ts';
import { audioVoices, type AudioVoice } from './audioVoices.ts';

/** One subtitle on screen: the text of a narration voice sounding now. */
export interface SubtitleLine {
  readonly clipId: string;
  /** Language of the text (the showing's, or the clip's fallback when it has no variant in it). */
  readonly language: string;
  readonly text: string;
  /** Show time the narration starts and ends (exclusive), seconds. */
  readonly startS: number;
  readonly endS: number;
}

/**
 * The subtitles of one showing language: the narration voices that carry text, indexed by time.
 * Built once per show and language; `at(showS)` is O(log n + k), cheap enough for every frame.
 */
export class SubtitleTrack {
  private readonly index: AudioVoiceIndex;
  /** The language the voices were resolved for. */
  readonly language: string;

  /** Indexes the voices that have text (any order). */
  constructor(voices: readonly AudioVoice[], language: string) {
    this.index = new AudioVoiceIndex(voices.filter((v) => v.text !== null && v.language !== null));
    this.language = language;
  }

  /** The subtitles of `show` for a showing in `language` (narration fallback rules as for the sound). */
  static forShow(show: Show, language: string): SubtitleTrack {
    return new SubtitleTrack(audioVoices(show, language), language);
  }

  /** Lines on screen at show time `showS` (startS ≤ showS < endS), in start order; empty between narrations. */
  at(showS: number): SubtitleLine[] {
    return this.index.at(showS).map(toLine);
  }

  /** Every line, in start order (for a script view or an export). */
  get lines(): SubtitleLine[] {
    return this.index.voices.map(toLine);
  }
}

function toLine(v: AudioVoice): SubtitleLine {
  return { clipId: v.clipId, language: v.language!, text: v.text!, startS: v.startS, endS: v.endS };
}

/**
 * The narration text(s) sounding at `showS` among `voices` (resolved for a language by audioVoices).
 * For repeated queries build a SubtitleTrack once instead.
 */
export function subtitleAt(voices: readonly AudioVoice[], showS: number): SubtitleLine[] {
  const lines: SubtitleLine[] = [];
  for (const v of voices) if (v.text !== null && v.language !== null && v.startS <= showS && showS < v.endS) lines.push(toLine(v));
  return lines.sort((a, b) => a.startS - b.startS || (a.clipId < b.clipId ? -1 : a.clipId > b.clipId ? 1 : 0));
}
