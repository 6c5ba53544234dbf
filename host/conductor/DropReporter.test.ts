import { describe, expect, it } from 'vitest';
import { DropReporter } from './DropReporter.ts';

describe('DropReporter', () => {
  it('reports the first few per sender, sums up the rest once per window, and reports again after it', () => {
    let t = 0;
    const lines: string[] = [];
    const r = new DropReporter((l) => lines.push(l), () => t, { windowS: 60, perSender: 3 });
    for (let i = 0; i < 50; i++) r.drop('flooder', `bad ${i}`);
    // Another sender's first problem is not hidden by the flood.
    r.drop('page-1', 'first from page-1');
    expect(lines).toEqual(['dropped: bad 0', 'dropped: bad 1', 'dropped: bad 2', 'dropped: first from page-1']);
    t = 59;
    r.flush();
    expect(lines).toHaveLength(4);
    t = 61;
    r.flush();
    expect(lines.at(-1)).toBe('dropped: 47 more in the last minute (flooder: 47)');
    // A new window: reported again, as a technician fixing the sender would expect.
    r.drop('flooder', 'bad again');
    expect(lines.at(-1)).toBe('dropped: bad again');
    expect(lines).toHaveLength(6);
  });

  it('keeps a bounded list of senders however many addresses a flood claims', () => {
    let t = 0;
    const lines: string[] = [];
    const r = new DropReporter((l) => lines.push(l), () => t, { windowS: 10, perSender: 1, maxSenders: 4 });
    for (let i = 0; i < 1000; i++) r.drop(`10.0.${i >> 8}.${i & 255}`, `from ${i}`);
    expect(lines).toHaveLength(5);
    t = 10;
    r.flush();
    expect(lines.at(-1)).toBe('dropped: 995 more in the last 10 s (other senders: 995)');
  });
});
