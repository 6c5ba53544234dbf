/**
 * Show documents and source signals for the audio engine's offline tests and benchmark: clicks,
 * constant (DC) levels, tones and seeded noise, and the timeline's own account of where every clip
 * must start (computed from the transport states alone, not from the engine).
 */
import type { TransportState } from '../core/clock/transport.ts';
import { parseShowValue } from '../core/show/parseShow.ts';
import type { Show } from '../core/show/showSchema.ts';
import { hash2 } from '../core/timeline/noise.ts';

/** A click: one full-scale sample at the start, then silence. */
export function click(lengthS: number, sampleRate: number): Float32Array {
  const x = new Float32Array(Math.round(lengthS * sampleRate));
  x[0] = 1;
  return x;
}

/** A constant level (DC): the rendered output is the gain curve itself. */
export function dc(lengthS: number, sampleRate: number, level = 1): Float32Array {
  return new Float32Array(Math.round(lengthS * sampleRate)).fill(level);
}

/** A sine tone. */
export function tone(freqHz: number, lengthS: number, sampleRate: number, level = 0.5): Float32Array {
  const x = new Float32Array(Math.round(lengthS * sampleRate));
  for (let i = 0; i < x.length; i++) x[i] = level * Math.sin((2 * Math.PI * freqHz * i) / sampleRate);
  return x;
}

/** Seeded white noise in [-level, level). */
export function noise(seed: number, lengthS: number, sampleRate: number, level = 0.5): Float32Array {
  const x = new Float32Array(Math.round(lengthS * sampleRate));
  for (let i = 0; i < x.length; i++) x[i] = (hash2(seed, i) / 2147483648 - 1) * level;
  return x;
}

/** A show document (schema v2) with the given audio clips on one track, validated by the real parser. */
export function audioShow(clips: readonly Record<string, unknown>[], options: { durationS?: number; languages?: string[]; defaultLanguage?: string } = {}): Show {
  const languages = options.languages ?? ['en'];
  const defaultLanguage = options.defaultLanguage ?? languages[0]!;
  const r = parseShowValue({
    schemaVersion: 2,
    id: 'audio-test',
    title: { [defaultLanguage]: 'Audio test' },
    languages,
    defaultLanguage,
    durationS: options.durationS ?? 60,
    chapters: [],
    regions: [],
    tracks: [{ id: 'sound', type: 'audio', clips }],
  });
  if (!r.ok) throw new Error(`test show is invalid: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return r.value.show;
}

/** A transport received by the engine at context time `atS`. */
export interface TransportStep {
  readonly atS: number;
  readonly transport: TransportState;
}

/**
 * Where the timeline says each clip starts (shared epoch, seconds) for a sequence of transports: each
 * governs from its anchor to the next one's anchor (they take effect at their anchors), and a clip
 * starts where its startS is crossed while playing. Loops are not modelled (the tests do not loop).
 */
export function timelineOnsets(steps: readonly TransportStep[], clips: readonly { id: string; startS: number }[], untilEpochS: number): { clipId: string; epochS: number }[] {
  const states = dedupe(steps.map((s) => s.transport));
  const out: { clipId: string; epochS: number }[] = [];
  states.forEach((t, i) => {
    if (t.status !== 'playing') return;
    const until = Math.min(untilEpochS, states[i + 1]?.anchorEpochS ?? Infinity);
    for (const c of clips) {
      if (c.startS < t.anchorTravelS || c.startS >= t.durationS) continue;
      const e = t.anchorEpochS + (c.startS - t.anchorTravelS) / t.rate;
      if (e < until) out.push({ clipId: c.id, epochS: e });
    }
  });
  return out.sort((a, b) => a.epochS - b.epochS);
}

/** Consecutive identical states (heartbeats) count once. */
function dedupe(ts: readonly TransportState[]): TransportState[] {
  const out: TransportState[] = [];
  for (const t of ts) {
    const p = out[out.length - 1];
    if (p && p.status === t.status && p.anchorEpochS === t.anchorEpochS && p.anchorTravelS === t.anchorTravelS && p.rate === t.rate && p.segment === t.segment) continue;
    out.push(t);
  }
  return out;
}
