import { describe, expect, it } from 'vitest';
import { addressAllowed, parseAllowList, secretMatches, TokenBucket } from './oscPolicy.ts';

describe('OSC allow-list', () => {
  it('matches addresses and CIDR ranges, and nothing else', () => {
    const list = parseAllowList('127.0.0.0/8, 192.168.1.20,10.1.0.0/16');
    if (typeof list === 'string') throw new Error(list);
    for (const a of ['127.0.0.1', '127.9.9.9', '192.168.1.20', '10.1.255.3', '::ffff:127.0.0.1']) expect(addressAllowed(list, a), a).toBe(true);
    for (const a of ['192.168.1.21', '10.2.0.1', '128.0.0.1', '::1', 'not-an-address', '']) expect(addressAllowed(list, a), a).toBe(false);
    const all = parseAllowList('0.0.0.0/0');
    expect(typeof all !== 'string' && addressAllowed(all, '8.8.8.8')).toBe(true);
  });

  it('names a bad entry', () => {
    expect(parseAllowList('127.0.0.1,hall-pc')).toBe('--osc-allow: "hall-pc" is not an IPv4 address or range (expected e.g. 192.168.1.20 or 10.0.0.0/8)');
    expect(parseAllowList('10.0.0.0/33')).toMatch(/"10\.0\.0\.0\/33" is not/);
    expect(parseAllowList('256.0.0.1')).toMatch(/"256\.0\.0\.1" is not/);
    expect(parseAllowList(' , ')).toMatch(/no address given/);
  });
});

describe('OSC secret and rate', () => {
  it('accepts only the exact secret', () => {
    expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
    for (const g of ['s3cret-valuE', 's3cret-value ', '', 's3cret', 42, undefined]) expect(secretMatches(g, 's3cret-value')).toBe(false);
  });

  it('lets a burst through, then the rate', () => {
    const b = new TokenBucket(50, 100);
    let passed = 0;
    for (let i = 0; i < 300; i++) if (b.take(10)) passed++;
    expect(passed).toBe(100);
    // 0.5 s later: 25 more (50/s), then empty again.
    let later = 0;
    for (let i = 0; i < 60; i++) if (b.take(10.5)) later++;
    expect(later).toBe(25);
    // After a long quiet, never more than the burst.
    let after = 0;
    for (let i = 0; i < 300; i++) if (b.take(1000)) after++;
    expect(after).toBe(100);
  });
});
