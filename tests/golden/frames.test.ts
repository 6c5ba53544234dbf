import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { goldenFrames } from '../support/frameGolden.ts';

describe('golden frame states (Node)', () => {
  it('match the committed golden bit for bit (regenerate with npx tsx tests/support/writeGoldens.ts after an intended change)', () => {
    const show = JSON.parse(readFileSync(new URL('../../shows/demo.show.json', import.meta.url), 'utf8'));
    expect(goldenFrames(show)).toBe(readFileSync(new URL('./demo.frames.json', import.meta.url), 'utf8'));
  });
});
