import { describe, expect, it } from 'vitest';
import { LiveThrottle } from './liveThrottle.ts';

describe('live updates', () => {
  it('sends at most once per 50 ms per key, and always the final value', async () => {
    const sent: { key: string; value: number; atMs: number }[] = [];
    const t0 = performance.now();
    const th = new LiveThrottle<number>((key, value) => sent.push({ key, value, atMs: performance.now() - t0 }), 50);
    // 40 changes over ~400 ms (a drag at 100 events a second), and one blend change in the middle.
    for (let i = 1; i <= 40; i++) {
      th.push('P01.warp', i);
      if (i === 20) th.push('P01.blend', 1000);
      await new Promise((ok) => setTimeout(ok, 10));
    }
    await new Promise((ok) => setTimeout(ok, 120));
    const warp = sent.filter((s) => s.key === 'P01.warp');
    expect(warp[0]!.value).toBe(1);
    expect(warp.at(-1)!.value).toBe(40);
    // About 20 a second: never two within 45 ms (timer slack), well under one per change.
    for (let i = 1; i < warp.length; i++) expect(warp[i]!.atMs - warp[i - 1]!.atMs).toBeGreaterThan(45);
    expect(warp.length).toBeLessThan(15);
    expect(sent.filter((s) => s.key === 'P01.blend').map((s) => s.value)).toEqual([1000]);
    expect(th.busy).toBe(false);
  });

  it('flush sends what waits at once', () => {
    const sent: number[] = [];
    const th = new LiveThrottle<number>((_k, v) => sent.push(v), 1000);
    th.push('a', 1);
    th.push('a', 2);
    th.push('a', 3);
    expect(sent).toEqual([1]);
    th.flush();
    expect(sent).toEqual([1, 3]);
  });
});
