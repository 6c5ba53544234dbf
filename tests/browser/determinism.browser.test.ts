import { describe, expect, it } from 'vitest';
import demoShow from '../../shows/demo.show.json';
import golden from '../golden/demo.frames.json?raw';
import { goldenFrames } from '../support/frameGolden.ts';

describe('determinism across runtimes', () => {
  it('Chromium evaluates the show to the same frame states as Node, bit for bit', () => {
    expect(goldenFrames(demoShow)).toBe(golden);
  });
});
