import { describe, expect, it } from 'vitest';
import { Installation } from '../geometry/Installation.ts';
import type { Profile } from '../profile/profileSchema.ts';
import { BlendCache } from './blendCache.ts';

const profile = (yaw2: number): Profile =>
  ({
    schemaVersion: 1,
    id: 'c',
    hall: { surface: { type: 'cylinder', radiusM: 5, bottomM: 0, topM: 3, spanDeg: 120 }, referenceAzimuthDeg: -60, eyeM: [0, 1.6, 0] },
    content: { widthPx: 2048, heightPx: 512 },
    projectors: [-25, yaw2].map((yaw, i) => ({ id: `P${i}`, resolution: { width: 320, height: 200 }, lens: { throwRatio: 0.9 }, pose: { positionM: [0, 1.5, 0], yawDeg: yaw, pitchDeg: 0, rollDeg: 0 } })),
  }) as Profile;

describe('BlendCache', () => {
  it('computes once per profile content, and again when the profile changes', () => {
    const cache = new BlendCache();
    const a = cache.get(new Installation(profile(25)));
    const again = cache.get(new Installation(structuredClone(profile(25)))); // re-read, same content
    expect(again).toBe(a);
    expect(cache.computed).toBe(1);
    const moved = cache.get(new Installation(profile(26)));
    expect(moved).not.toBe(a);
    expect(cache.computed).toBe(2);
  });

  it('forgets the least recently used profile beyond its capacity', () => {
    const cache = new BlendCache(2);
    const p1 = new Installation(profile(20));
    cache.get(p1);
    cache.get(new Installation(profile(21)));
    cache.get(new Installation(profile(22)));
    cache.get(p1);
    expect(cache.computed).toBe(4);
  });
});
