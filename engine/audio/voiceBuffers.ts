import type { AudioVoice } from '../core/audio/audioVoices.ts';
import { renderSynth } from './instruments.ts';

/** What a voice plays: a decoded buffer, and whether it loops (its clip asks, or a synth longer than its render). */
export interface VoiceBuffer {
  readonly buffer: AudioBuffer;
  readonly loop: boolean;
}

/**
 * Renders synth voices once and keeps them: a language change or a reload of the same show reuses
 * them. Keyed by everything the samples depend on (instrument, seed, parameters, length, rate).
 */
export class SynthCache {
  private readonly cache = new Map<string, { buffer: AudioBuffer; loops: boolean }>();

  /** The rendered buffer of a synth voice at `sampleRate`. */
  get(voice: AudioVoice, sampleRate: number): { buffer: AudioBuffer; loops: boolean } {
    if (voice.source.kind !== 'synth') throw new TypeError(`voice ${voice.key} is not a synth`);
    const { instrument, seed, params } = voice.source;
    const durationS = voice.endS - voice.startS;
    const key = JSON.stringify([instrument, seed, Object.entries(params).sort(), durationS, sampleRate]);
    let hit = this.cache.get(key);
    if (!hit) {
      const r = renderSynth({ instrument, seed, params }, durationS, sampleRate);
      const buffer = new AudioBuffer({ length: r.samples.length, sampleRate, numberOfChannels: 1 });
      buffer.copyToChannel(r.samples as Float32Array<ArrayBuffer>, 0);
      hit = { buffer, loops: r.loops };
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Forgets renders no voice of `keep` uses (after a new show). */
  retain(keep: readonly AudioVoice[], sampleRate: number): void {
    const used = new Set(keep.filter((v) => v.source.kind === 'synth').map((v) => {
      const s = v.source as Extract<AudioVoice['source'], { kind: 'synth' }>;
      return JSON.stringify([s.instrument, s.seed, Object.entries(s.params).sort(), v.endS - v.startS, sampleRate]);
    }));
    for (const k of this.cache.keys()) if (!used.has(k)) this.cache.delete(k);
  }
}

/**
 * The buffer of every voice that can sound: files from `files` (decoded, by asset path), synths
 * rendered through `synths`. Voices whose file is absent (missing or undecodable) are left out: they
 * stay silent and the caller reports them.
 */
export function voiceBuffers(voices: readonly AudioVoice[], files: ReadonlyMap<string, AudioBuffer>, synths: SynthCache, sampleRate: number): Map<string, VoiceBuffer> {
  const out = new Map<string, VoiceBuffer>();
  for (const v of voices) {
    if (v.source.kind === 'file') {
      const b = files.get(v.source.src);
      if (b) out.set(v.key, { buffer: b, loop: v.loop });
    } else {
      const r = synths.get(v, sampleRate);
      out.set(v.key, { buffer: r.buffer, loop: r.loops });
    }
  }
  return out;
}
