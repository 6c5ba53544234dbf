import { describe, expect, it } from 'vitest';
import { escapeForLog } from './escapeForLog.ts';

describe('escapeForLog', () => {
  it('turns an injected ANSI colour and a forged second line into inert text', () => {
    const out = escapeForLog('who: \x1b[31mALARM\x1b[0m\n[conductor] info: fake\r');
    expect(out).toBe('who: \\x1b[31mALARM\\x1b[0m\\x0a[conductor] info: fake\\x0d');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('escapes C1 controls (a single-byte CSI), separators and bidi overrides, and keeps every other letter', () => {
    expect(escapeForLog('a\x9b31mb\u2028c\u202ed\u2066e\x7f')).toBe('a\\x9b31mb\\u2028c\\u202ed\\u2066e\\x7f');
    expect(escapeForLog('Lê Văn Lửa — Điện Biên Phủ 🎆 "quoted" \\ back')).toBe('Lê Văn Lửa — Điện Biên Phủ 🎆 "quoted" \\ back');
  });
});
