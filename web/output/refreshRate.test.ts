import { describe, expect, it } from 'vitest';
import { refreshRateHz } from './refreshRate.ts';

describe('refreshRateHz', () => {
  it('snaps the shortest frame interval to the display rate it belongs to', () => {
    expect(refreshRateHz(1000 / 60)).toBe(60);
    expect(refreshRateHz(16.9)).toBe(60);
    expect(refreshRateHz(20)).toBe(50);
    expect(refreshRateHz(1000 / 120)).toBe(120);
    expect(refreshRateHz(1000 / 144)).toBe(144);
  });

  it('a jittery short interval does not invent a faster display (15.5 ms on a 60 Hz display is still 60)', () => {
    expect(refreshRateHz(15.5)).toBe(60);
  });

  it('assumes 60 Hz before any interval was seen', () => {
    expect(refreshRateHz(Infinity)).toBe(60);
    expect(refreshRateHz(0)).toBe(60);
  });
});
