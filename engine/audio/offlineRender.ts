import * as Tone from 'tone';
import { audioVoices } from '../core/audio/audioVoices.ts';
import { speakerPlan, type Vec3M } from '../core/audio/speakerPlan.ts';
import type { TransportState } from '../core/clock/transport.ts';
import type { ProfileAudio } from '../core/profile/profileSchema.ts';
import type { Show } from '../core/show/showSchema.ts';
import { AudioEngine, IDENTITY_CLOCK, type ClockMapping, type ScheduledOnset } from './AudioEngine.ts';
import { SpeakerGraph } from './SpeakerGraph.ts';
import { SynthCache, voiceBuffers } from './voiceBuffers.ts';

/** What happens during an offline render, at context times (the epoch is the context clock). */
export type OfflineStep =
  | { readonly atS: number; readonly transport: TransportState }
  | { readonly atS: number; readonly language: string }
  | { readonly atS: number; readonly clock: ClockMapping };

/** An offline render of a show through the engine (tests and the audio benchmark). */
export interface OfflineRenderRequest {
  readonly show: Show;
  readonly language: string;
  /** Source files by asset path, as mono or multichannel sample arrays. */
  readonly files: Readonly<Record<string, Float32Array | readonly Float32Array[]>>;
  readonly profileAudio?: ProfileAudio;
  readonly eyeM?: Vec3M;
  /** Device channels (the OfflineAudioContext's). */
  readonly channels: number;
  readonly durationS: number;
  readonly sampleRate?: number;
  /** The transport at time 0, then changes at later context times, in time order. */
  readonly steps: readonly OfflineStep[];
  readonly clock?: ClockMapping;
}

/** The rendered channels, what the engine scheduled, and the graph it used. */
export interface OfflineRenderResult {
  readonly channels: Float32Array[];
  readonly sampleRate: number;
  readonly onsets: readonly ScheduledOnset[];
  readonly advanceS: number;
  readonly busDelaysS: readonly number[];
  readonly inHall: boolean;
}

const DEFAULT_EYE: Vec3M = [0, 1.6, 0];

/**
 * Renders a show through the real engine inside Tone.Offline: every node is built inside the
 * callback on the offline context, the engine runs on that context's clock (its timer fires as the
 * render advances), and transport or language changes are applied at the given context times.
 */
export async function renderShowOffline(req: OfflineRenderRequest): Promise<OfflineRenderResult> {
  const sr = req.sampleRate ?? 48_000;
  let engine: AudioEngine | null = null;
  let graph: SpeakerGraph | null = null;
  const out = await Tone.Offline(
    (ctx) => {
      const files = new Map<string, AudioBuffer>();
      for (const [path, data] of Object.entries(req.files)) {
        const chans = data instanceof Float32Array ? [data] : data;
        const b = new AudioBuffer({ length: chans[0]!.length, sampleRate: sr, numberOfChannels: chans.length });
        chans.forEach((c, i) => b.copyToChannel(c as Float32Array<ArrayBuffer>, i));
        files.set(path, b);
      }
      const eye = req.eyeM ?? DEFAULT_EYE;
      graph = new SpeakerGraph(ctx, speakerPlan(req.profileAudio, eye), eye, req.channels);
      const e = new AudioEngine({ context: ctx, clock: req.clock ?? IDENTITY_CLOCK, speakers: graph });
      engine = e;
      const synths = new SynthCache();
      const setLanguage = (lang: string) => {
        const voices = audioVoices(req.show, lang);
        e.setVoices(voices, voiceBuffers(voices, files, synths, sr));
      };
      setLanguage(req.language);
      const apply = (s: OfflineStep) => {
        if ('transport' in s) e.setTransport(s.transport);
        else if ('language' in s) setLanguage(s.language);
        else e.setClock(s.clock);
      };
      for (const s of req.steps) {
        if (s.atS <= 0) apply(s);
        else ctx.setTimeout(() => apply(s), s.atS);
      }
      e.start();
    },
    req.durationS,
    req.channels,
    sr,
  );
  const b = out.get();
  if (!b || !engine || !graph) throw new Error('the offline render produced no audio');
  const g: SpeakerGraph = graph;
  const channels = Array.from({ length: b.numberOfChannels }, (_, i) => b.getChannelData(i).slice());
  return { channels, sampleRate: sr, onsets: [...(engine as AudioEngine).onsets], advanceS: g.advanceS, busDelaysS: g.busDelaysS, inHall: g.inHall };
}

/** Every sample index whose value is not 0 (impulse detection in rendered clicks), with its value. */
export function nonZeroSamples(x: Float32Array, threshold = 1e-6): { i: number; v: number }[] {
  const out: { i: number; v: number }[] = [];
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]!) > threshold) out.push({ i, v: x[i]! });
  return out;
}

/**
 * Where `segment` best matches `source` (normalised cross-correlation), searching source positions
 * [fromSample, toSample]. Returns the best source index.
 */
export function bestMatch(segment: Float32Array, source: Float32Array, fromSample: number, toSample: number): number {
  let best = -Infinity;
  let at = fromSample;
  let segPow = 0;
  for (const v of segment) segPow += v * v;
  for (let lag = Math.max(0, fromSample); lag <= Math.min(toSample, source.length - segment.length); lag++) {
    let dot = 0;
    let pow = 0;
    for (let i = 0; i < segment.length; i++) {
      const s = source[lag + i]!;
      dot += segment[i]! * s;
      pow += s * s;
    }
    const score = dot / Math.sqrt(segPow * pow + 1e-30);
    if (score > best) {
      best = score;
      at = lag;
    }
  }
  return at;
}
