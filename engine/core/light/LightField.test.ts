import { describe, expect, it } from 'vitest';
import type { FrameState, ImageLayerState, LightLayerState } from '../timeline/FrameState.ts';
import { LightField } from './LightField.ts';

/** The light map on a screen and on a painted canvas: painting-mode layers are never light. */

const wash: LightLayerState = { kind: 'light', clipId: 'wash', trackId: 'l', effect: 'wash', region: null, blend: 'add', localS: 0, fade: 1, gain: 1, seed: 1, params: { intensity: 0.4, color: [1, 0.5, 0.25] } };
const layer = (mode: ImageLayerState['mode'], blend: ImageLayerState['blend'] = 'normal'): ImageLayerState => ({
  kind: 'image', clipId: `img-${mode}`, trackId: 'i', src: 'paintings/p/tiles.json', mode, region: null, blend, localS: 0, fade: 1, gain: 1, seed: 2,
  params: { rect: [0, 0, 1, 1], opacity: 1, tint: [1, 1, 1] },
});
const frame = (layers: FrameState['layers']): FrameState => ({ t: 0, chapterIndex: -1, chapterId: null, layers, audio: [] });

function compose(canvas: 'screen' | 'painted' | undefined, f: FrameState): Float32Array {
  const u = Float64Array.from([0.1, 0.5, 0.9]);
  const v = Float64Array.from([0.2, 0.5, 0.8]);
  const field = new LightField(u, v, { regions: [], aspect: 6, wrapsU: true, ...(canvas ? { canvas } : {}) });
  const rgb = new Float32Array(9);
  field.compose(f, rgb);
  return rgb;
}

describe('LightField and the canvas kind', () => {
  it('a painting-mode layer adds no light on a painted canvas (the wall carries it) nor on a screen (× painting ≤ 1)', () => {
    for (const canvas of ['painted', 'screen', undefined] as const) {
      for (const order of [[wash, layer('painting')], [layer('painting'), wash]]) {
        expect(Array.from(compose(canvas, frame(order)))).toEqual(Array.from({ length: 3 }, () => [0.4, 0.2, 0.1]).flat().map(Math.fround));
      }
      expect(Array.from(compose(canvas, frame([layer('painting')])))).toEqual(new Array(9).fill(0));
    }
  });

  it('overlays stay light on a painted canvas: a white overlay added over the wash counts as white', () => {
    const rgb = compose('painted', frame([wash, layer('painting'), layer('overlay', 'add')]));
    expect(Array.from(rgb)).toEqual(Array.from({ length: 3 }, () => [1.4, 1.2, 1.1]).flat().map(Math.fround));
  });
});
