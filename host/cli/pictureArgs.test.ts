import { describe, expect, it } from 'vitest';
import { readPicture } from './pictureArgs.ts';

describe('readPicture', () => {
  const read = (o: Record<string, string>) => readPicture(new Map(Object.entries(o)), 'give --show');
  it('reads the pattern (content by default) and the time (0 by default)', () => {
    expect(read({ show: 's' })).toEqual({ pattern: 'content', t: 0 });
    expect(read({ pattern: 'white', t: '2.5' })).toEqual({ pattern: 'white', t: 2.5 });
  });
  it('says what is wrong: an unknown pattern, content without a show, a bad time', () => {
    expect(read({ pattern: 'plaid' })).toBe('unknown pattern "plaid"');
    expect(read({})).toBe('give --show');
    expect(read({ show: 's', t: '-1' })).toBe('--t must be a time in seconds ≥ 0, got "-1"');
  });
});
