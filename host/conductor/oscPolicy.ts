import { createHash, timingSafeEqual } from 'node:crypto';

/** One IPv4 range of the OSC allow-list: `base` and `mask` as unsigned 32-bit numbers. */
export interface Ipv4Range {
  readonly base: number;
  readonly mask: number;
  /** As the user wrote it, for messages. */
  readonly text: string;
}

/** The allow-list when none is given: the machine itself (127.0.0.0/8). */
export const DEFAULT_OSC_ALLOW = '127.0.0.0/8';

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/**
 * Parses `--osc-allow ADDR[,ADDR…]`: IPv4 addresses and CIDR ranges (`192.168.1.20`, `10.0.0.0/8`).
 * Returns the ranges, or a message naming the entry that is not one.
 */
export function parseAllowList(spec: string): Ipv4Range[] | string {
  const ranges: Ipv4Range[] = [];
  for (const raw of spec.split(',')) {
    const text = raw.trim();
    if (text === '') continue;
    const [addr = '', bits, extra] = text.split('/');
    const base = ipv4(addr);
    const prefix = bits === undefined ? 32 : /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
    if (base === null || extra !== undefined || !(prefix >= 0 && prefix <= 32)) return `--osc-allow: ${JSON.stringify(text.slice(0, 60))} is not an IPv4 address or range (expected e.g. 192.168.1.20 or 10.0.0.0/8)`;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    ranges.push({ base: (base & mask) >>> 0, mask, text });
  }
  if (ranges.length === 0) return '--osc-allow: no address given (expected e.g. 127.0.0.1 or 192.168.1.0/24)';
  return ranges;
}

/** True when `address` (as a UDP socket reports it) lies in one of `ranges`. */
export function addressAllowed(ranges: readonly Ipv4Range[], address: string): boolean {
  const a = ipv4(address.startsWith('::ffff:') ? address.slice(7) : address);
  return a !== null && ranges.some((r) => ((a & r.mask) >>> 0) === r.base);
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * True when `given` is the shared secret. Both sides are hashed first, so the comparison takes the same
 * time whatever the length or the first differing character of a guess.
 */
export function secretMatches(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * A token bucket: `ratePerS` tokens a second, at most `burst` saved up. Time is an argument (seconds),
 * so it is tested without waiting.
 */
export class TokenBucket {
  private tokens: number;
  private lastS: number | null = null;

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes one token at `nowS`; false when the bucket is empty (the message is over the limit). */
  take(nowS: number): boolean {
    if (this.lastS !== null) this.tokens = Math.min(this.burst, this.tokens + Math.max(0, nowS - this.lastS) * this.ratePerS);
    this.lastS = nowS;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
