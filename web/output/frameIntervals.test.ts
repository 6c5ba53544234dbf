import { describe, expect, it } from 'vitest';
import { FrameIntervals } from './frameIntervals.ts';

describe('FrameIntervals', () => {
  it('answers the fallback until five intervals, then their median', () => {
    const f = new FrameIntervals(30, 20);
    for (const ms of [16, 17, 100, 16]) f.add(ms);
    expect(f.ms).toBe(20);
    f.add(18);
    // 16, 16, 17, 18, 100: the median ignores the one slow frame.
    expect(f.ms).toBe(17);
  });

  it('keeps only the last `size` intervals', () => {
    const f = new FrameIntervals(5);
    for (let i = 0; i < 5; i++) f.add(40);
    for (let i = 0; i < 5; i++) f.add(10);
    expect(f.ms).toBe(10);
  });

  it('equals the sorted-copy median it replaces, over a long irregular run', () => {
    const f = new FrameIntervals(30);
    const all: number[] = [];
    for (let i = 0; i < 500; i++) {
      const ms = 16 + ((i * 7919) % 13) + (i % 41 === 0 ? 80 : 0);
      all.push(ms);
      f.add(ms);
      const last = all.slice(-30);
      if (last.length >= 5) expect(f.ms).toBe([...last].sort((a, b) => a - b)[last.length >> 1]);
    }
  });
});
