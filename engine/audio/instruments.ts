/**
 * The synthesized instruments (rumble, artillery, wind) as direct synthesis: every sample is a function
 * of the seed, the parameters and its index since the clip start. Noise comes from integer hashes of
 * (seed, sample index) (engine/core/timeline/noise.ts), never from Math.random — Tone.Noise would — so
 * the same seed renders the same samples on every machine, and a voice started mid-way (after a seek)
 * plays exactly what it would have played had it run from the start. The engine plays the rendered
 * buffer like a recording.
 *
 * Filters are the RBJ cookbook biquads; a short pre-roll before sample 0 lets their state settle, so
 * the first samples are already the steady sound, not a filter's start-up.
 */
import { SYNTH_PARAMS, synthParams, type SynthInstrument } from '../core/audio/synthSpecs.ts';
import { fractalNoise1, hash2 } from '../core/timeline/noise.ts';

/** Longest stretch rendered (seconds); longer clips loop a seamless render of this length. */
export const MAX_SYNTH_RENDER_S = 120;
/** Cross-fade that joins the end of a looped render to its start (seconds). */
const LOOP_JOIN_S = 2;
/** Filter warm-up rendered before sample 0 and thrown away (seconds). */
const PREROLL_S = 0.5;

/** A rendered synth voice: mono samples, and whether the engine must loop them to fill the clip. */
export interface SynthRender {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** True when the clip is longer than MAX_SYNTH_RENDER_S: the samples are a seamless loop. */
  readonly loops: boolean;
}

/** What to synthesize (the `synth` variant of an AudioVoice's source). */
export interface SynthSpec {
  readonly instrument: SynthInstrument;
  readonly seed: number;
  readonly params: Readonly<Record<string, number>>;
}

/** White noise in [-1, 1) for sample `n` of stream `seed`. */
const white = (seed: number, n: number): number => hash2(seed, n | 0) / 2147483648 - 1;

/** Keeps peaks below full scale without touching quiet samples (linear below 0.5, tanh-shaped above). */
function softClip(x: number): number {
  const a = Math.abs(x);
  if (a <= 0.5) return x;
  return Math.sign(x) * (0.5 + 0.45 * Math.tanh((a - 0.5) / 0.45));
}

/** A biquad section (direct form I) with RBJ cookbook coefficients. */
class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  lowpass(freqHz: number, q: number, sampleRate: number): this {
    const w = (2 * Math.PI * Math.min(freqHz, sampleRate * 0.45)) / sampleRate;
    const cos = Math.cos(w);
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    this.b0 = (1 - cos) / 2 / a0;
    this.b1 = (1 - cos) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
    return this;
  }

  /** Band-pass with 0 dB peak gain at the centre. */
  bandpass(freqHz: number, q: number, sampleRate: number): this {
    const w = (2 * Math.PI * Math.min(freqHz, sampleRate * 0.45)) / sampleRate;
    const cos = Math.cos(w);
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    this.b0 = alpha / a0;
    this.b1 = 0;
    this.b2 = -alpha / a0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
    return this;
  }

  process(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** Seeds of the independent random streams an instrument draws from (all derived from the clip seed). */
const stream = (seed: number, k: number): number => hash2(seed >>> 0, 0x51ed270b + k);

type Renderer = (p: Record<string, number>, seed: number, firstSample: number, out: Float32Array, sampleRate: number) => void;

/** A low roar: brown noise, low-passed twice at cutoffHz, its level breathing with seeded slow noise. */
const rumble: Renderer = (p, seed, first, out, sr) => {
  const lp1 = new Biquad().lowpass(p['cutoffHz']!, 0.707, sr);
  const lp2 = new Biquad().lowpass(p['cutoffHz']!, 0.707, sr);
  const noiseSeed = stream(seed, 1);
  const modSeed = stream(seed, 2);
  const depth = p['modDepth']!;
  const rate = p['modRateHz']!;
  // Brown noise keeps most of its power below any cutoff in range: one make-up gain (about -20 dBFS RMS).
  const makeUp = 0.4;
  const levelAt = (n: number) => 1 - depth * fractalNoise1(modSeed, (n / sr) * rate);
  let brown = 0;
  let block = Number.NaN;
  let l0 = 0;
  let l1 = 0;
  for (let i = 0; i < out.length; i++) {
    const n = first + i;
    brown = brown * 0.996 + white(noiseSeed, n) * 0.06;
    const y = lp2.process(lp1.process(brown));
    // The slow level is evaluated every 32 samples (on absolute indices) and interpolated between.
    const b = Math.floor(n / 32);
    if (b !== block) {
      block = b;
      l0 = levelAt(b * 32);
      l1 = levelAt(b * 32 + 32);
    }
    out[i] = softClip(y * (l0 + ((l1 - l0) * (n - b * 32)) / 32) * makeUp);
  }
};

/** Shot `k` of an artillery voice: its time (seconds from the clip start) and its loudness (0.5 to 1). */
export function artilleryShot(seed: number, params: Readonly<Record<string, number>>, k: number): { readonly atS: number; readonly level: number } {
  const interval = params['intervalS'] ?? SYNTH_PARAMS.artillery.intervalS.default;
  const jitter = params['jitter'] ?? SYNTH_PARAMS.artillery.jitter.default;
  const u = hash2(stream(seed, 3), k) / 4294967296;
  const v = hash2(stream(seed, 4), k) / 4294967296;
  return { atS: (k + 0.5 + jitter * (u - 0.5)) * interval, level: 0.5 + 0.5 * v };
}

/** Every artillery shot whose time lies in [fromS, toS), in time order. */
export function artilleryShots(seed: number, params: Readonly<Record<string, number>>, fromS: number, toS: number): { atS: number; level: number }[] {
  const interval = params['intervalS'] ?? SYNTH_PARAMS.artillery.intervalS.default;
  const shots: { atS: number; level: number }[] = [];
  // Shot k lies within [(k) · interval, (k + 1) · interval): only the slots that overlap the window.
  for (let k = Math.max(0, Math.floor(fromS / interval) - 1); k * interval < toS; k++) {
    const s = artilleryShot(seed, params, k);
    if (s.atS >= fromS && s.atS < toS) shots.push(s);
  }
  return shots;
}

/**
 * Distant guns: at each seeded shot a noise burst and a low thump with a pitch that falls, with an
 * attack that softens and a tail that lengthens with distance, low-passed darker the farther the guns.
 */
const artillery: Renderer = (p, seed, first, out, sr) => {
  const km = p['distanceKm']!;
  const decayS = p['decayS']! * (1 + km / 15);
  const attackS = 0.004 + 0.01 * km;
  const thumpS = 0.35 + 0.05 * km;
  const cutoff = 60 + 1800 / (1 + km);
  const lp1 = new Biquad().lowpass(cutoff, 0.707, sr);
  const lp2 = new Biquad().lowpass(cutoff, 0.707, sr);
  const noiseSeed = stream(seed, 5);
  const t0 = first / sr;
  const t1 = (first + out.length) / sr;
  // The tails' envelope is one decaying accumulator (a shot joins it when its attack ends), so dense
  // shots with long tails cost no more than sparse ones; attacks and thumps are summed per shot.
  const r = Math.exp(-1 / (decayS * sr));
  const tailEnd = (first - 1) / sr;
  let acc = 0;
  for (const shot of artilleryShots(seed, p, Math.max(0, t0 - decayS * 40), t0)) {
    const joins = Math.ceil((shot.atS + attackS) * sr);
    if (joins <= first - 1) acc += shot.level * Math.exp(-(tailEnd - shot.atS) / decayS);
  }
  const attack = new Float32Array(out.length);
  const joinAt = new Float32Array(out.length);
  const thump = new Float32Array(out.length);
  for (const shot of artilleryShots(seed, p, Math.max(0, t0 - Math.max(attackS, thumpS * 7)), t1)) {
    const start = Math.ceil(shot.atS * sr);
    const joins = Math.ceil((shot.atS + attackS) * sr);
    for (let n = Math.max(start, first); n < Math.min(joins, first + out.length); n++) attack[n - first] = attack[n - first]! + (shot.level * (n / sr - shot.atS)) / attackS;
    if (joins >= first && joins < first + out.length) joinAt[joins - first] = joinAt[joins - first]! + shot.level * Math.exp(-(joins / sr - shot.atS) / decayS);
    // The thump: a membrane-like sine sweeping from 70 Hz down to 28 Hz, shorter than the tail.
    for (let n = Math.max(start, first); n < Math.min(Math.ceil((shot.atS + thumpS * 7) * sr), first + out.length); n++) {
      const t = n / sr - shot.atS;
      const phase = 2 * Math.PI * (28 * t + 42 * 0.15 * (1 - Math.exp(-t / 0.15)));
      thump[n - first] = thump[n - first]! + Math.sin(phase) * Math.min(1, t / attackS) * Math.exp(-t / thumpS) * shot.level;
    }
  }
  // Overlapping tails add up: scale dense, long-tailed guns down so they stay about as loud as sparse ones.
  const makeUp = (2.2 * Math.sqrt((1 + km) / 4)) / Math.sqrt(Math.max(1, decayS / (2 * p['intervalS']!)));
  for (let i = 0; i < out.length; i++) {
    acc = acc * r + joinAt[i]!;
    const burst = (acc + attack[i]!) * white(noiseSeed, first + i);
    out[i] = softClip(lp2.process(lp1.process(burst)) * makeUp + thump[i]! * 0.45);
  }
};

/** Wind: band-passed noise whose level and band centre follow seeded gusts. */
const wind: Renderer = (p, seed, first, out, sr) => {
  const bp1 = new Biquad();
  const bp2 = new Biquad();
  const noiseSeed = stream(seed, 6);
  const gustSeed = stream(seed, 7);
  const centre = p['centerHz']!;
  const q = p['q']!;
  const period = p['gustPeriodS']!;
  const gustiness = p['gustiness']!;
  // A band-pass passes about (bandwidth / Nyquist) of white noise's power: make up for it.
  const makeUp = 0.35 * Math.sqrt((sr / 2) / (centre / q));
  let level = 0;
  for (let i = 0; i < out.length; i++) {
    const n = first + i;
    // Coefficients follow the gust every 32 samples (on absolute sample indices, so any start agrees).
    if (i === 0 || n % 32 === 0) {
      const g = fractalNoise1(gustSeed, n / sr / period);
      const f = centre * (0.7 + 0.6 * g * gustiness + 0.3 * (1 - gustiness));
      bp1.bandpass(f, q, sr);
      bp2.bandpass(f, q, sr);
      level = 1 - gustiness + gustiness * g * g * 1.6;
    }
    out[i] = softClip(bp2.process(bp1.process(white(noiseSeed, n))) * level * makeUp);
  }
};

const RENDERERS: Record<SynthInstrument, Renderer> = { rumble, artillery, wind };

/** Samples [firstSample, firstSample + length) of an instrument, with the filters' pre-roll before them. */
export function synthesize(spec: SynthSpec, firstSample: number, length: number, sampleRate: number): Float32Array {
  const preroll = Math.round(PREROLL_S * sampleRate);
  const buf = new Float32Array(preroll + length);
  RENDERERS[spec.instrument](synthParams(spec.instrument, spec.params), spec.seed >>> 0, firstSample - preroll, buf, sampleRate);
  return buf.subarray(preroll);
}

/**
 * Renders a synth voice of `durationS` seconds at `sampleRate` (mono). Clips up to MAX_SYNTH_RENDER_S
 * are rendered whole; longer ones render MAX_SYNTH_RENDER_S plus a join, cross-faded (equal power) into
 * a seamless loop the engine repeats.
 */
export function renderSynth(spec: SynthSpec, durationS: number, sampleRate: number): SynthRender {
  if (!(durationS > 0)) throw new RangeError(`a synth voice needs a positive duration, got ${durationS}`);
  const n = Math.ceil(Math.min(durationS, MAX_SYNTH_RENDER_S) * sampleRate);
  if (durationS <= MAX_SYNTH_RENDER_S) return { samples: synthesize(spec, 0, n, sampleRate).slice(), sampleRate, loops: false };
  const join = Math.round(LOOP_JOIN_S * sampleRate);
  const raw = synthesize(spec, 0, n + join, sampleRate);
  const out = raw.slice(0, n);
  // The loop's last sample is raw[n - 1]; its next one is out[0] ≈ raw[n]: fade raw[n…] out over the start.
  for (let i = 0; i < join; i++) {
    const x = i / join;
    out[i] = raw[i]! * Math.sin((x * Math.PI) / 2) + raw[n + i]! * Math.cos((x * Math.PI) / 2);
  }
  return { samples: out, sampleRate, loops: true };
}
