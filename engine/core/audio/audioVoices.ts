import { AUDIO_PARAMS } from '../show/paramSpecs.ts';
import type { AudioClip, AudioRoute, Show } from '../show/showSchema.ts';
import { synthParams, type SynthInstrument } from './synthSpecs.ts';

/** The fade ease when a clip names none (as for light clips). */
export const DEFAULT_FADE_EASE = 'sine.inOut';

/** What a voice plays: a recording inside the assets folder, or a seeded synthesized instrument. */
export type VoiceSource =
  | { readonly kind: 'file'; readonly src: string }
  | { readonly kind: 'synth'; readonly instrument: SynthInstrument; readonly seed: number; readonly params: Readonly<Record<string, number>> };

/** One fade of a voice: its length in seconds (0 = none) and its GSAP ease name. */
export interface VoiceFade {
  readonly s: number;
  readonly ease: string;
}

/** A gain keyframe: `t` seconds from the clip start, `v` decibels, `ease` of the segment arriving here. */
export interface GainKeyframe {
  readonly t: number;
  readonly v: number;
  readonly ease: string;
}

/**
 * An audio clip resolved for one language: everything the audio engine needs to schedule it, as plain
 * data (no functions), so it can be sent to a page or compared in tests.
 */
export interface AudioVoice {
  /** Stable and unique: clipId + "@" + the chosen language, or clipId + "@-" for sound without language. */
  readonly key: string;
  readonly clipId: string;
  readonly trackId: string;
  readonly source: VoiceSource;
  /** The narration language chosen (the showing's, the clip's fallback or the show's default); null for files and synths. */
  readonly language: string | null;
  /** Subtitle text of the chosen language, or null. */
  readonly text: string | null;
  /** Show time the clip starts, seconds. */
  readonly startS: number;
  /** Show time the clip ends (exclusive), seconds. */
  readonly endS: number;
  /** Position in the recording at startS, seconds (0 for synths). */
  readonly sourceOffsetS: number;
  /** Loop the recording to fill the clip. */
  readonly loop: boolean;
  readonly fadeIn: VoiceFade;
  readonly fadeOut: VoiceFade;
  /** Gain curve in decibels, clip-local time; a constant is one keyframe at t = 0. */
  readonly gainDb: readonly GainKeyframe[];
  /** Speakers or direction; null = every speaker at equal power. */
  readonly route: AudioRoute | null;
}

/** The voices of a showing, sorted by start, and the narration clips with no recording to play in it. */
export type AudioVoiceList = AudioVoice[] & {
  /** Ids of narration clips silent in this language: no variant, no fallback, no default-language recording. */
  readonly missingLanguage: readonly string[];
};

function gainKeyframes(clip: AudioClip): GainKeyframe[] {
  // gainDb is a scalar parameter: the schema allows only a number or keyframes of numbers.
  const g = clip.params?.gainDb as number | { keyframes: readonly { t: number; v: number; ease?: string | undefined }[] } | undefined;
  if (g === undefined) return [{ t: 0, v: AUDIO_PARAMS.gainDb.default as number, ease: 'linear' }];
  if (typeof g === 'number') return [{ t: 0, v: g, ease: 'linear' }];
  return g.keyframes.map((k) => ({ t: k.t, v: k.v, ease: k.ease ?? 'linear' }));
}

/** Which narration variant plays for `language`: the language's own, the clip's fallback, the show's default. */
function chooseLanguage(variants: Readonly<Record<string, unknown>>, language: string, fallback: string | undefined, defaultLanguage: string): string | null {
  for (const lang of [language, fallback, defaultLanguage]) {
    if (lang !== undefined && Object.prototype.hasOwnProperty.call(variants, lang)) return lang;
  }
  return null;
}

/**
 * Every audio clip of the show resolved for a showing in `language`, sorted by start (then clip id).
 * Clips of disabled tracks are left out. Narration plays the language's variant, else the clip's
 * fallback, else the show's default language; else it is silent and its id is listed in
 * `missingLanguage`. Pure.
 */
export function audioVoices(show: Show, language: string): AudioVoiceList {
  const voices: AudioVoice[] = [];
  const missing: string[] = [];
  for (const track of show.tracks) {
    if (track.type !== 'audio' || track.enabled === false) continue;
    for (const clip of track.clips) {
      const src = clip.source;
      let source: VoiceSource;
      let chosen: string | null = null;
      let text: string | null = null;
      if (src.type === 'file') source = { kind: 'file', src: src.src };
      else if (src.type === 'synth') source = { kind: 'synth', instrument: src.instrument, seed: src.seed, params: synthParams(src.instrument, src.params) };
      else {
        chosen = chooseLanguage(src.variants, language, src.fallback, show.defaultLanguage);
        if (chosen === null) {
          missing.push(clip.id);
          continue;
        }
        const variant = src.variants[chosen]!;
        source = { kind: 'file', src: variant.src };
        text = variant.text ?? null;
      }
      const fadeEase = clip.fadeEase ?? DEFAULT_FADE_EASE;
      voices.push({
        key: `${clip.id}@${chosen ?? '-'}`,
        clipId: clip.id,
        trackId: track.id,
        source,
        language: chosen,
        text,
        startS: clip.startS,
        endS: clip.startS + clip.durationS,
        sourceOffsetS: src.type === 'synth' ? 0 : clip.sourceOffsetS ?? 0,
        loop: src.type === 'synth' ? false : clip.loop ?? false,
        fadeIn: { s: clip.fadeInS ?? 0, ease: clip.fadeInEase ?? fadeEase },
        fadeOut: { s: clip.fadeOutS ?? 0, ease: clip.fadeOutEase ?? fadeEase },
        gainDb: gainKeyframes(clip),
        route: clip.route ?? null,
      });
    }
  }
  voices.sort((a, b) => a.startS - b.startS || (a.clipId < b.clipId ? -1 : a.clipId > b.clipId ? 1 : 0));
  return Object.assign(voices, { missingLanguage: missing });
}

/** Every asset path an audio clip may play (all its narration variants), with the field that names it. */
export function audioClipAssets(clip: AudioClip): { readonly field: string; readonly src: string }[] {
  const s = clip.source;
  if (s.type === 'file') return [{ field: 'source.src', src: s.src }];
  if (s.type === 'narration') return Object.entries(s.variants).map(([lang, v]) => ({ field: `source.variants.${lang}.src`, src: v.src }));
  return [];
}
