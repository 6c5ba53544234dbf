import type { LightEffect } from '../light/effects/registry.ts';

/** A resolved parameter value: a number, or a list of 2 to 4 numbers. */
export type ResolvedValue = number | readonly number[];

/** A light layer of one frame, every parameter resolved at the frame's show time. */
export interface LightLayerState {
  readonly kind: 'light';
  readonly clipId: string;
  readonly trackId: string;
  readonly effect: LightEffect;
  readonly region: string | null;
  readonly blend: 'add' | 'multiply' | 'max';
  /** Seconds since the clip started. */
  readonly localS: number;
  /** Fade envelope 0..1 (fade-in and fade-out). */
  readonly fade: number;
  /** Total multiplier on intensity: fade × flicker (flicker effect only). */
  readonly gain: number;
  /** 32-bit seed from the clip id, for noise the renderer draws (smoke). */
  readonly seed: number;
  readonly params: Readonly<Record<string, ResolvedValue>>;
}

/** An image layer of one frame. */
export interface ImageLayerState {
  readonly kind: 'image';
  readonly clipId: string;
  readonly trackId: string;
  readonly src: string;
  readonly mode: 'overlay' | 'painting';
  readonly region: string | null;
  readonly blend: 'normal' | 'add' | 'multiply' | 'screen';
  readonly localS: number;
  readonly fade: number;
  readonly gain: number;
  readonly seed: number;
  readonly params: Readonly<Record<string, ResolvedValue>>;
}

/** A sounding audio clip of one frame. */
export interface AudioClipState {
  readonly clipId: string;
  readonly trackId: string;
  /** The recording (narration: the default language's; engine/core/audio resolves a showing's language); null for synthesized sound. */
  readonly src: string | null;
  readonly localS: number;
  /** Position in the source file: sourceOffsetS + localS (before looping, which needs the file length). */
  readonly sourceS: number;
  readonly loop: boolean;
  readonly fade: number;
  readonly gainDb: number;
}

/** Everything visible and audible at one show time: the pure result of evaluate(show, t). */
export interface FrameState {
  /** Show time, seconds. */
  readonly t: number;
  /** Index of the current chapter, -1 before the first one starts. */
  readonly chapterIndex: number;
  /** Id of the current chapter, or null. */
  readonly chapterId: string | null;
  /** Visible layers, bottom first (track order, then clip start, then id). */
  readonly layers: readonly (LightLayerState | ImageLayerState)[];
  readonly audio: readonly AudioClipState[];
}
