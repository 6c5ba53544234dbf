import { IntervalIndex } from '../timeline/IntervalIndex.ts';
import { firstAfter } from '../timeline/sortedSearch.ts';
import type { AudioVoice } from './audioVoices.ts';

/**
 * The voices of a showing indexed by time, for scheduling over windows (as Tone's Clock does with
 * `forEachBetween`): `between(from, to)` returns every voice whose clip window [startS, endS)
 * intersects [from, to), so a late update never skips a clip. O(log n + k).
 */
export class AudioVoiceIndex {
  /** The voices, sorted by start then clip id. */
  readonly voices: readonly AudioVoice[];
  private readonly starts: Float64Array;
  private readonly index: IntervalIndex;

  /** Indexes `voices` (any order; kept sorted by start, then clip id). */
  constructor(voices: readonly AudioVoice[]) {
    this.voices = [...voices].sort((a, b) => a.startS - b.startS || (a.clipId < b.clipId ? -1 : a.clipId > b.clipId ? 1 : 0));
    this.starts = Float64Array.from(this.voices.map((v) => v.startS));
    this.index = new IntervalIndex(this.starts, this.voices.map((v) => v.endS));
  }

  /** Voices sounding at show time `showS` (startS ≤ showS < endS), in voice order. */
  at(showS: number): AudioVoice[] {
    const ids: number[] = [];
    this.index.query(showS, ids);
    return ids.sort((a, b) => a - b).map((i) => this.voices[i]!);
  }

  /** Voices whose window intersects [fromS, toS), in voice order. Empty when toS ≤ fromS. */
  between(fromS: number, toS: number): AudioVoice[] {
    if (!(toS > fromS)) return [];
    const ids: number[] = [];
    // Either the clip contains fromS, or it starts inside (fromS, toS).
    this.index.query(fromS, ids);
    for (let i = firstAfter(this.starts, fromS); i < this.starts.length && this.starts[i]! < toS; i++) ids.push(i);
    return ids.sort((a, b) => a - b).map((i) => this.voices[i]!);
  }
}
