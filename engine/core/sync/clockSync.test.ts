import { describe, expect, it } from 'vitest';
import { ClockFilter, offsetAndDelay } from './clockSync.ts';

describe('NTP-style clock sync', () => {
  it('computes offset and delay as RFC 5905 does', () => {
    // Client is 10 s behind; 20 ms out, 40 ms back, 5 ms at the server.
    const trueOffset = 10;
    const t1 = 100;
    const t2 = t1 + 0.02 + trueOffset;
    const t3 = t2 + 0.005;
    const t4 = t3 - trueOffset + 0.04;
    const { offset, delay } = offsetAndDelay({ t1, t2, t3, t4 });
    expect(delay).toBeCloseTo(0.06, 12);
    expect(offset).toBeCloseTo(trueOffset - 0.01, 12); // asymmetry error (40 − 20)/2 ms
    expect(Math.abs(offset - trueOffset)).toBeLessThanOrEqual(delay / 2);
  });

  it('narrows the offset to well under a millisecond through 5–50 ms asymmetric delays, and follows a change', () => {
    const f = new ClockFilter();
    let x = 1;
    const rnd = () => (x = (x * 16807) % 2147483647) / 2147483647;
    const exchange = (offset: number, client: number) => {
      const up = 0.005 + rnd() * 0.045;
      const down = 0.005 + rnd() * 0.045;
      const t2 = client + up + offset;
      return f.add({ t1: client, t2, t3: t2 + 0.001, t4: t2 + 0.001 - offset + down });
    };
    let est = null;
    for (let i = 0; i < 400; i++) est = exchange(3.5, i);
    expect(Math.abs(est!.offsetS - 3.5)).toBeLessThan(0.001);
    expect(Math.abs(est!.offsetS - 3.5)).toBeLessThanOrEqual(est!.errorBoundS + 1e-12);
    // A clock step: the old intervals no longer intersect the new ones; the estimate follows at once
    // (least delay) and settles once the window holds only new exchanges.
    for (let i = 400; i < 700; i++) est = exchange(3.6, i);
    expect(Math.abs(est!.offsetS - 3.6)).toBeLessThan(0.001);
  });

  it('falls back to the least-delay sample when the intervals disagree', () => {
    const f = new ClockFilter(4);
    f.add({ t1: 0, t2: 10.01, t3: 10.01, t4: 0.02 }); // offset 10, delay 20 ms
    const est = f.add({ t1: 1, t2: 12.001, t3: 12.001, t4: 1.002 }); // offset 11, delay 2 ms
    expect(est!.offsetS).toBeCloseTo(11, 9);
  });

  it('ignores impossible samples (negative delay)', () => {
    const f = new ClockFilter();
    expect(f.add({ t1: 10, t2: 5, t3: 20, t4: 11 })).toBeNull();
  });
});
