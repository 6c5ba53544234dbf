import { easeFn } from '../timeline/eases.ts';
import { KeyframeTrack } from '../timeline/KeyframeTrack.ts';
import { AUDIO_PARAMS } from '../show/paramSpecs.ts';
import type { AudioVoice } from './audioVoices.ts';

/**
 * Seconds into the voice's recording at show time `showS`: sourceOffsetS + (showS − startS). A looping
 * voice wraps round the whole recording (back to 0, not to sourceOffsetS) when its length is known;
 * otherwise, and for non-looping voices, the position runs on past the end (the caller plays silence
 * there). Linear in showS, so a seek anywhere into a clip starts at the right place.
 */
export function sourcePositionAt(voice: AudioVoice, showS: number, sourceDurationS: number | null): number {
  const pos = voice.sourceOffsetS + (showS - voice.startS);
  if (voice.loop && sourceDurationS !== null && sourceDurationS > 0) return ((pos % sourceDurationS) + sourceDurationS) % sourceDurationS;
  return pos;
}

/** Decibels to a linear amplitude gain. */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

/** A linear amplitude gain to decibels (−Infinity for 0). */
export function gainToDb(gain: number): number {
  return 20 * Math.log10(gain);
}

const tracks = new WeakMap<AudioVoice, KeyframeTrack>();

function gainTrack(voice: AudioVoice): KeyframeTrack {
  let t = tracks.get(voice);
  if (!t) {
    t = new KeyframeTrack(voice.gainDb, 1, AUDIO_PARAMS.gainDb.min, AUDIO_PARAMS.gainDb.max);
    tracks.set(voice, t);
  }
  return t;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * The voice's linear gain at show time `showS`: the gainDb curve (keyframes with their eases) × the
 * fade-in (its ease of the progress into the fade) × the fade-out (its ease of the time left over the
 * fade length: the fade-in shape played backwards, as for light clips). Fades are clamped to 0..1 so
 * overshooting eases (back, elastic) never boost. 0 outside [startS, endS). Pure in showS.
 */
export function voiceGainAt(voice: AudioVoice, showS: number): number {
  if (!(showS >= voice.startS && showS < voice.endS)) return 0;
  return gainInside(voice, showS);
}

function gainInside(voice: AudioVoice, showS: number): number {
  const localS = showS - voice.startS;
  const out = [0];
  gainTrack(voice).evaluateInto(localS, out);
  let g = dbToGain(out[0]!);
  if (voice.fadeIn.s > 0 && localS < voice.fadeIn.s) g *= clamp01(easeFn(voice.fadeIn.ease)(localS / voice.fadeIn.s));
  const remaining = voice.endS - showS;
  if (voice.fadeOut.s > 0 && remaining < voice.fadeOut.s) g *= clamp01(easeFn(voice.fadeOut.ease)(remaining / voice.fadeOut.s));
  return g;
}

/**
 * `n` samples of the voice's gain evenly spaced from fromS to toS inclusive (n ≥ 2), the form
 * AudioParam.setValueCurveAtTime(curve, startTime, duration) takes: it spreads the values over the
 * duration with the first at startTime and the last at its end. n = 1 gives the value at fromS.
 * A sample exactly at endS takes the value the clip ends on (0 after a fade-out, else the gain curve),
 * so a curve reaching the end of a clip without a fade-out does not ramp down in its last step.
 */
export function voiceGainCurve(voice: AudioVoice, fromS: number, toS: number, n: number): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor(n)));
  const last = out.length - 1;
  for (let i = 0; i < out.length; i++) {
    const t = last <= 0 ? fromS : i === last ? toS : fromS + ((toS - fromS) * i) / last;
    out[i] = t === voice.endS ? gainInside(voice, t) : voiceGainAt(voice, t);
  }
  return out;
}
