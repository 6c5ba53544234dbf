import { useCallback, useRef, useState } from 'react';
import type { FrameInfo } from './HallScene.tsx';

/** What the DOM shows of the rendered frames. */
export interface FrameFeedback {
  /** Show time of the last frame, updated a few times a second (null before a transport). */
  readonly showS: number | null;
  /** Frames in the last second and the last frame's main-thread time, ms. */
  readonly stats: { readonly fps: number; readonly cpuMs: number };
  /** To pass to the hall scene as its `onFrame`. */
  readonly handleFrame: (info: FrameInfo) => void;
}

/** Follows the hall scene's frames for the slider, captions and status line; passes each frame on to `onFrame`. */
export function useFrameFeedback(onFrame: ((info: FrameInfo) => void) | undefined): FrameFeedback {
  const [showS, setShowS] = useState<number | null>(null);
  const [stats, setStats] = useState({ fps: 0, cpuMs: 0 });
  const frames = useRef<number[]>([]);
  const handleFrame = useCallback(
    (info: FrameInfo) => {
      const f = frames.current;
      f.push(info.atMs);
      while (f.length > 0 && f[0]! < info.atMs - 1000) f.shift();
      // The DOM follows at a few updates a second: the slider and captions need no more.
      setShowS((prior) => (prior === null || info.showS === null || Math.abs(prior - info.showS) >= 0.25 || info.showS < prior ? info.showS : prior));
      setStats((s) => (Math.abs(s.fps - f.length) >= 1 || Math.abs(s.cpuMs - info.cpuMs) > 2 ? { fps: f.length, cpuMs: info.cpuMs } : s));
      onFrame?.(info);
    },
    [onFrame],
  );
  return { showS, stats, handleFrame };
}
