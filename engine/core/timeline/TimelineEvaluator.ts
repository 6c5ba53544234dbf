import type { Show } from '../show/showSchema.ts';
import { compileShow, type CompiledClip, type CompiledShow } from './compileShow.ts';
import { lastAtOrBefore } from './sortedSearch.ts';
import type { AudioClipState, FrameState, ImageLayerState, LightLayerState, ResolvedValue } from './FrameState.ts';
import { lightEffectModule } from '../light/effects/registry.ts';

const numeric = (a: number, b: number): number => a - b;

/**
 * Evaluates a compiled show at any show time. Random access is O(log n + active) through the interval
 * index; sequential playback reuses the active set while no clip starts or ends, and each keyframe
 * track keeps its segment. The caches change speed only: the result for a given t is always the same.
 */
export class TimelineEvaluator {
  readonly compiled: CompiledShow;
  private active: number[] = [];
  private segLo = Infinity;
  private segHi = -Infinity;

  /** Compiles `show` (or takes an already compiled one). */
  constructor(show: Show | CompiledShow) {
    this.compiled = 'clips' in show ? show : compileShow(show);
  }

  /** Clip orders active at t, bottom first. Reused until t leaves the current boundary segment. */
  activeAt(t: number): readonly number[] {
    if (!(t >= this.segLo && t < this.segHi)) {
      const b = this.compiled.boundaries;
      const i = lastAtOrBefore(b, t);
      this.segLo = i >= 0 ? b[i]! : -Infinity;
      this.segHi = i + 1 < b.length ? b[i + 1]! : Infinity;
      const found: number[] = [];
      this.compiled.index.query(t, found);
      this.active = found.sort(numeric);
    }
    return this.active;
  }

  /** The full state of the show at show time t (seconds). Pure in t. */
  evaluate(t: number): FrameState {
    const { clips, chapterStarts, show } = this.compiled;
    const layers: (LightLayerState | ImageLayerState)[] = [];
    const audio: AudioClipState[] = [];
    for (const order of this.activeAt(t)) {
      const clip = clips[order]!;
      const localS = t - clip.startS;
      const fade = fadeAt(clip, localS);
      const params = resolveParams(clip, localS);
      if (clip.kind === 'light') {
        let gain = fade;
        const gainAt = lightEffectModule(clip.effect).gainAt;
        if (gainAt) gain *= gainAt(params, clip.seed, t);
        layers.push({ kind: 'light', clipId: clip.id, trackId: clip.trackId, effect: clip.effect, region: clip.region, blend: clip.blend, localS, fade, gain, seed: clip.seed, params });
      } else if (clip.kind === 'image') {
        layers.push({ kind: 'image', clipId: clip.id, trackId: clip.trackId, src: clip.src, mode: clip.mode, region: clip.region, blend: clip.blend, localS, fade, gain: fade, seed: clip.seed, params });
      } else {
        audio.push({ clipId: clip.id, trackId: clip.trackId, src: clip.src, localS, sourceS: clip.sourceOffsetS + localS, loop: clip.loop, fade, gainDb: params['gainDb'] as number });
      }
    }
    const chapterIndex = lastAtOrBefore(chapterStarts, t);
    return { t, chapterIndex, chapterId: chapterIndex >= 0 ? show.chapters[chapterIndex]!.id : null, layers, audio };
  }
}

function fadeAt(clip: CompiledClip, localS: number): number {
  let f = 1;
  if (clip.fadeInS > 0 && localS < clip.fadeInS) f = clip.fadeEase(localS / clip.fadeInS);
  const remaining = clip.endS - clip.startS - localS;
  if (clip.fadeOutS > 0 && remaining < clip.fadeOutS) f = Math.min(f, clip.fadeEase(remaining / clip.fadeOutS));
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

function resolveParams(clip: CompiledClip, localS: number): Record<string, ResolvedValue> {
  const out: Record<string, ResolvedValue> = {};
  for (const p of clip.params) out[p.name] = p.track.evaluate(localS);
  return out;
}

const evaluators = new WeakMap<Show, TimelineEvaluator>();

/**
 * evaluate(show, t) → FrameState: the pure entry point. Keeps one compiled evaluator per show object
 * (a WeakMap), so repeated calls are fast and the show is never modified.
 */
export function evaluate(show: Show, t: number): FrameState {
  let ev = evaluators.get(show);
  if (!ev) {
    ev = new TimelineEvaluator(show);
    evaluators.set(show, ev);
  }
  return ev.evaluate(t);
}
