import { describe, expect, it } from 'vitest';
import { ClockFilter, conductorTime, offsetAndDelay } from './clockSync.ts';

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

  it('stays within 2 ms of two clocks that run at different rates (50 ppm) through 5–50 ms delays', () => {
    const f = new ClockFilter();
    let x = 7;
    const rnd = () => (x = (x * 16807) % 2147483647) / 2147483647;
    const skew = 50e-6;
    const offsetAt = (client: number) => 2.25 + skew * client;
    const errors: number[] = [];
    let est = null;
    for (let i = 0; i < 6000; i++) {
      const client = i * 0.1; // ten exchanges a second for ten minutes
      const up = 0.005 + rnd() * 0.045;
      const down = 0.005 + rnd() * 0.045;
      const t2 = client + up + offsetAt(client + up);
      const t4 = client + up + 0.0005 + down;
      est = f.add({ t1: client, t2, t3: t2 + 0.0005, t4 });
      // The page uses the estimate until the next exchange, up to 100 ms later.
      if (i > 600) errors.push(Math.abs(conductorTime(est!, t4 + 0.1) - (t4 + 0.1 + offsetAt(t4 + 0.1))));
    }
    errors.sort((a, b) => a - b);
    // The window is not tilted for the rate difference: it lags by about half its span's drift
    // (50 ppm × ~25 s ≈ 1.3 ms), an eighth of a 60 Hz frame.
    expect(errors[Math.floor(errors.length * 0.99)]!).toBeLessThan(0.002);
  });

  it('on one machine clock, a full window narrows the offset to a tenth of a millisecond (p99 0.2 ms)', () => {
    const f = new ClockFilter();
    let x = 3;
    const rnd = () => (x = (x * 16807) % 2147483647) / 2147483647;
    const errors: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const client = i * 0.1;
      const up = 0.005 + rnd() * 0.045;
      const down = 0.005 + rnd() * 0.045;
      const t2 = client + up - 1.5;
      const est = f.add({ t1: client, t2, t3: t2, t4: client + up + down });
      if (i > 300) errors.push(Math.abs(conductorTime(est!, client + 0.2) - (client + 0.2 - 1.5)));
    }
    errors.sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length * 0.99)]!).toBeLessThan(0.0002);
  });
});
