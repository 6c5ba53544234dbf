import { describe, expect, it } from 'vitest';
import show from '../../shows/dien-bien-phu.show.json';

interface Variant { src: string; text: string }
interface NarrationClip { id: string; durationS: number; source: { type: string; variants?: Record<string, Variant> } }

const narration = (show.tracks as { type: string; clips?: NarrationClip[] }[])
  .flatMap((t) => (t.type === 'audio' ? (t.clips ?? []) : []))
  .filter((c) => c.source.type === 'narration');

// Files come from the repository's assets folder through Vite's dev server, as the conductor serves them.
const url = (src: string) => `/assets/${src}`;

describe('the Dien Bien Phu show media decode in Chromium', () => {
  it('every narration recording (vi, en, fr) decodes to speech no longer than its clip', async () => {
    const ctx = new OfflineAudioContext(1, 48_000, 48_000);
    let files = 0;
    for (const clip of narration) {
      for (const lang of ['vi', 'en', 'fr']) {
        const v = clip.source.variants?.[lang];
        expect(v, `${clip.id} has a ${lang} variant`).toBeDefined();
        const res = await fetch(url(v!.src));
        expect(res.ok, `${v!.src}: HTTP ${res.status}`).toBe(true);
        const audio = await ctx.decodeAudioData(await res.arrayBuffer());
        expect(audio.duration, v!.src).toBeGreaterThan(5);
        expect(audio.duration, v!.src).toBeLessThanOrEqual(clip.durationS);
        const data = audio.getChannelData(0);
        let sum = 0;
        for (let i = 0; i < data.length; i++) sum += data[i]! * data[i]!;
        const rmsDb = 10 * Math.log10(sum / data.length);
        expect(rmsDb, `${v!.src} is audible speech, not silence`).toBeGreaterThan(-40);
        files++;
      }
    }
    expect(files).toBe(narration.length * 3);
  });

  it('the placeholder painting is a 16384 × 2560 tile pyramid whose coarsest tile decodes with the PLACEHOLDER banner dark at the top and the sky lighter below it', async () => {
    const clip = (show.tracks as { type: string; clips?: { mode?: string; src?: string }[] }[]).flatMap((t) => (t.type === 'image' ? (t.clips ?? []) : [])).find((c) => c.mode === 'painting');
    const res = await fetch(url(clip!.src!));
    expect(res.ok).toBe(true);
    const manifest = (await res.json()) as { width: number; height: number; fileType: string; levels: { level: number; width: number; height: number }[] };
    expect([manifest.width, manifest.height]).toEqual([16384, 2560]);
    const level0 = manifest.levels[0]!;
    const tile = await fetch(url(clip!.src!.replace(/tiles\.json$/, `tiles/0/0_0.${manifest.fileType}`)));
    expect(tile.ok).toBe(true);
    const bitmap = await createImageBitmap(await tile.blob());
    expect([bitmap.width, bitmap.height]).toEqual([level0.width, level0.height]);
    const canvas = new OffscreenCanvas(64, 64);
    const g = canvas.getContext('2d')!;
    const lum = (x: number, y: number) => {
      g.drawImage(bitmap, x, y, 1, 1, 0, 0, 1, 1);
      const [r, gg, b] = g.getImageData(0, 0, 1, 1).data;
      return (r! + gg! + b!) / 3;
    };
    // Banner: the top 150 of 2560 rows; sky at row 400 of 2560.
    expect(lum(3, Math.floor((60 / 2560) * level0.height))).toBeLessThan(40);
    expect(lum(3, Math.floor((400 / 2560) * level0.height))).toBeGreaterThan(90);
    bitmap.close();
  });
});
