import { gsap } from 'gsap';
import type { Show } from '../engine/core/show/showSchema.ts';
import { TimelineEvaluator } from '../engine/core/timeline/TimelineEvaluator.ts';
import { lcg, syntheticShow } from './syntheticShow.ts';
import { median, timeEach } from './stats.ts';

/** The same keyframed content as a paused GSAP timeline: one tween per keyframe segment, as an artist would build it. */
function gsapTimeline(show: Show): gsap.core.Timeline {
  const tl = gsap.timeline({ paused: true });
  for (const track of show.tracks) {
    if (track.type !== 'light') continue;
    for (const clip of track.clips) {
      const p = clip.params as { intensity: { keyframes: { t: number; v: number; ease?: string }[] }; center: { keyframes: { t: number; v: number[]; ease?: string }[] } };
      const target = { intensity: p.intensity.keyframes[0]!.v, cx: p.center.keyframes[0]!.v[0], cy: p.center.keyframes[0]!.v[1] };
      const k = p.intensity.keyframes;
      for (let i = 1; i < k.length; i++) {
        const ease = k[i]!.ease === 'hold' ? 'steps(1)' : (k[i]!.ease ?? 'none').replace('linear', 'none');
        tl.to(target, { intensity: k[i]!.v, duration: k[i]!.t - k[i - 1]!.t, ease, immediateRender: false }, clip.startS + k[i - 1]!.t);
      }
      const c = p.center.keyframes;
      tl.to(target, { cx: c[1]!.v[0], cy: c[1]!.v[1], duration: c[1]!.t, ease: 'sine.inOut', immediateRender: false }, clip.startS);
    }
  }
  return tl;
}

/** Timeline metrics: random-access evaluation of a 10,000-clip show, ours against GSAP seek, same run. */
export function benchTimeline(): Record<string, number> {
  const show = syntheticShow(10_000);
  const rnd = lcg(99);
  const times = Array.from({ length: 3000 }, () => rnd() * show.durationS);

  const ours = new TimelineEvaluator(show);
  let sink = 0;
  for (const t of times.slice(0, 300)) sink += ours.evaluate(t).layers.length; // warm-up
  const oursUs = timeEach(times, (t) => {
    sink += ours.evaluate(t).layers.length;
  });

  const seq = new TimelineEvaluator(show);
  const frames = Array.from({ length: 3000 }, (_, i) => 1000 + i / 60);
  const seqUs = timeEach(frames, (t) => {
    sink += seq.evaluate(t).layers.length;
  });

  const tl = gsapTimeline(show);
  gsap.ticker.sleep();
  for (const t of times.slice(0, 100)) tl.seek(t); // warm-up
  const gsapTimes = times.slice(0, 1000);
  const gsapUs = timeEach(gsapTimes, (t) => {
    tl.seek(t);
  });
  if (sink < 0) throw new Error('unreachable');
  const evalMedian = median(oursUs);
  const gsapMedian = median(gsapUs);
  return {
    'timeline.eval10k.medianUs': round(evalMedian),
    'timeline.evalSequential10k.medianUs': round(median(seqUs)),
    'timeline.gsapSeek10k.medianUs': round(gsapMedian),
    'timeline.speedupVsGsap': round(gsapMedian / evalMedian),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
