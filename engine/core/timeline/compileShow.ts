import { AUDIO_PARAMS, IMAGE_PARAMS, type ParamTable } from '../show/paramSpecs.ts';
import { LIGHT_PARAMS, lightEffectModule, type LightEffect } from '../light/effects/registry.ts';
import type { Cue, ParamValue, Show } from '../show/showSchema.ts';
import { easeFn, type EaseFn } from './eases.ts';
import { IntervalIndex } from './IntervalIndex.ts';
import { KeyframeTrack } from './KeyframeTrack.ts';
import { hashString } from './noise.ts';

/** A parameter of a compiled clip. */
export interface CompiledParam {
  readonly name: string;
  readonly track: KeyframeTrack;
}

interface ClipBase {
  /** Position in composite order (bottom first). */
  readonly order: number;
  readonly id: string;
  readonly trackId: string;
  readonly startS: number;
  readonly endS: number;
  readonly fadeInS: number;
  readonly fadeOutS: number;
  readonly fadeEase: EaseFn;
  readonly seed: number;
  readonly params: readonly CompiledParam[];
}

/** A clip ready for evaluation. */
export type CompiledClip =
  | (ClipBase & { readonly kind: 'light'; readonly effect: LightEffect; readonly region: string | null; readonly blend: 'add' | 'multiply' | 'max' })
  | (ClipBase & { readonly kind: 'image'; readonly src: string; readonly mode: 'overlay' | 'painting'; readonly region: string | null; readonly blend: 'normal' | 'add' | 'multiply' | 'screen' })
  | (ClipBase & { readonly kind: 'audio'; readonly src: string | null; readonly sourceOffsetS: number; readonly loop: boolean });

/** A timed event the playhead can pass: a cue, or the start of a chapter. */
export type TimelineEvent =
  | { readonly kind: 'cue'; readonly id: string; readonly trackId: string; readonly atS: number; readonly action: Cue['action'] }
  | { readonly kind: 'chapter'; readonly id: string; readonly index: number; readonly atS: number };

/** A show compiled for fast evaluation: clips in composite order, an interval index, sorted events. */
export interface CompiledShow {
  readonly show: Show;
  readonly durationS: number;
  readonly clips: readonly CompiledClip[];
  readonly index: IntervalIndex;
  /** Every clip start and end, sorted and unique: the active set changes only at these times. */
  readonly boundaries: Float64Array;
  /** Chapter starts and cues, by time; at equal times chapters first, then cues in track order. */
  readonly events: readonly TimelineEvent[];
  readonly chapterStarts: Float64Array;
}

function compileParams(specs: ParamTable, given: Record<string, ParamValue | undefined> | undefined): CompiledParam[] {
  const out: CompiledParam[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const v = given?.[name] ?? spec.default;
    const keyframes = typeof v === 'object' && !Array.isArray(v) && 'keyframes' in v ? v.keyframes : [{ t: 0, v: v as number | readonly number[] }];
    out.push({ name, track: new KeyframeTrack(keyframes, spec.size, spec.min, spec.max) });
  }
  return out;
}

/** Compiles a validated show. Pure; the result is immutable apart from the keyframe caches. */
export function compileShow(show: Show): CompiledShow {
  const clips: CompiledClip[] = [];
  // Chapters first, so at equal times the chapter mark precedes the cues that belong to it (stable sort below).
  const events: TimelineEvent[] = show.chapters.map((ch, index) => ({ kind: 'chapter', id: ch.id, index, atS: ch.startS }));
  show.tracks.forEach((track) => {
    if (track.enabled === false) return;
    if (track.type === 'cue') {
      for (const cue of track.cues) events.push({ kind: 'cue', id: cue.id, trackId: track.id, atS: cue.atS, action: cue.action });
      return;
    }
    const sorted = [...track.clips].sort((a, b) => a.startS - b.startS || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const clip of sorted) {
      const base = {
        order: clips.length,
        id: clip.id,
        trackId: track.id,
        startS: clip.startS,
        endS: clip.startS + clip.durationS,
        fadeInS: clip.fadeInS ?? 0,
        fadeOutS: clip.fadeOutS ?? 0,
        fadeEase: easeFn(clip.fadeEase ?? 'sine.inOut'),
        seed: hashString(clip.id),
      };
      if (track.type === 'light') {
        const c = clip as Extract<typeof track.clips[number], { effect: string }>;
        clips.push({
          ...base,
          kind: 'light',
          effect: c.effect,
          region: c.region ?? null,
          blend: c.blend ?? lightEffectModule(c.effect).defaultBlend,
          params: compileParams(LIGHT_PARAMS[c.effect], c.params as Record<string, ParamValue | undefined> | undefined),
        });
      } else if (track.type === 'image') {
        const c = clip as typeof track.clips[number];
        clips.push({ ...base, kind: 'image', src: c.src, mode: c.mode ?? 'overlay', region: c.region ?? null, blend: c.blend ?? 'normal', params: compileParams(IMAGE_PARAMS, c.params) });
      } else {
        const c = clip as typeof track.clips[number];
        // The file played in the default language; audio/audioVoices.ts resolves a showing's language.
        const src = c.source.type === 'file' ? c.source.src : c.source.type === 'narration' ? (c.source.variants[c.source.fallback ?? show.defaultLanguage] ?? Object.values(c.source.variants)[0])?.src ?? null : null;
        clips.push({ ...base, kind: 'audio', src, sourceOffsetS: c.sourceOffsetS ?? 0, loop: c.loop ?? false, params: compileParams(AUDIO_PARAMS, c.params) });
      }
    }
  });
  events.sort((a, b) => a.atS - b.atS);
  const bounds = new Set<number>();
  for (const c of clips) {
    bounds.add(c.startS);
    bounds.add(c.endS);
  }
  return {
    show,
    durationS: show.durationS,
    clips,
    index: new IntervalIndex(clips.map((c) => c.startS), clips.map((c) => c.endS)),
    boundaries: Float64Array.from([...bounds].sort((a, b) => a - b)),
    events,
    chapterStarts: Float64Array.from(show.chapters.map((c) => c.startS)),
  };
}
