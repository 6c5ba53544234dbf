/**
 * The control window's view of the conductor's `status` payload: a lenient zod schema reads it (every
 * field optional, a malformed one read as missing, never a throw), then the outputs table and the
 * header's calibration and audio lines are built from the view.
 */
import { z } from 'zod';
import { showDiffMs } from './format.ts';
import { outputHealth, type Health } from './outputHealth.ts';

/** How many events the window keeps (newest first). */
export const EVENTS_SHOWN = 20;

/** One chapter as the window shows it. */
export interface ChapterView {
  readonly title: string | undefined;
  readonly startS: number | undefined;
}

/** One output's last report as the window shows it. */
export interface OutputView {
  readonly clientId: string | undefined;
  readonly projectorId: string | undefined;
  readonly role: string | undefined;
  readonly fps: number | undefined;
  readonly droppedFrames: number | undefined;
  readonly offsetMs: number | undefined;
  readonly errorBoundMs: number | undefined;
  readonly lastShowS: number | undefined;
  /** Conductor epoch at which that frame was to be seen (its presentation, a frame or more after it was drawn). */
  readonly lastEpochS: number | undefined;
  readonly ageS: number | undefined;
  readonly connected: boolean | undefined;
  /** Frames a second it aims at (its display's refresh or its cap). */
  readonly targetFps: number | undefined;
  /** Frames dropped between its last two reports. */
  readonly recentDropped: number | undefined;
  /** True for one tile of a preview window. */
  readonly preview: boolean;
}

/** One event line. */
export interface EventView {
  readonly epochS: number | undefined;
  readonly level: 'info' | 'warn' | 'error' | undefined;
  readonly message: string | undefined;
}

/** One subtitle line as the window shows it. */
export interface SubtitleView {
  readonly clipId: string | undefined;
  readonly language: string | undefined;
  readonly text: string;
}

/** An unplayable audio file as the window shows it. */
export interface AudioProblemView {
  readonly clipId: string | undefined;
  readonly file: string | undefined;
  readonly reason: string | undefined;
}

/** The calibration state as the window shows it (null when the conductor does not report one). */
export interface CalibrationView {
  readonly locked: boolean | undefined;
  readonly dirty: boolean | undefined;
  /** Saved version the working profile started from; null when the file has no history yet. */
  readonly version: number | null | undefined;
  /** Projectors showing a test pattern instead of the show. */
  readonly patterned: readonly string[];
}

/** The conductor status with every field optional (see ConductorStatus for meanings and units). */
export interface StatusView {
  readonly showTitle: string | undefined;
  readonly durationS: number | undefined;
  readonly chapters: readonly ChapterView[];
  readonly profileName: string | undefined;
  /** Projector ids of the profile, in profile order. */
  readonly profileProjectors: readonly string[];
  readonly playState: 'stopped' | 'playing' | 'paused' | undefined;
  readonly showS: number | undefined;
  readonly rate: number | undefined;
  readonly chapterIndex: number | undefined;
  readonly ended: boolean | undefined;
  readonly blackout: boolean | undefined;
  readonly language: string | undefined;
  /** Language queued for the next showing; null when none, undefined when unknown. */
  readonly nextLanguage: string | null | undefined;
  /** Languages the show offers (empty when unknown). */
  readonly languages: readonly string[];
  /** Subtitles on screen now (lines without text are dropped). */
  readonly subtitles: readonly SubtitleView[];
  /** Audio files found unplayable at load. */
  readonly audioProblems: readonly AudioProblemView[];
  /** The audio page's last report; null until an audio page has connected. */
  readonly audio: AudioView | null;
  /** Conductor clock, Unix seconds. */
  readonly epochS: number | undefined;
  readonly outputs: readonly OutputView[];
  /** The last EVENTS_SHOWN events, newest first. */
  readonly events: readonly EventView[];
  /** Calibration lock, unsaved changes and profile version. */
  readonly calibration: CalibrationView | null;
}

/** A value of `t`, or undefined when missing or malformed (the key is kept: the view has every field). */
function maybe<T extends z.ZodType>(t: T) {
  return z.union([t, z.undefined()]).catch(undefined);
}
const str = maybe(z.string());
// z.number() takes finite numbers only (NaN and ±Infinity read as missing).
const num = maybe(z.number());
const bool = maybe(z.boolean());

/** An object whose fields are all lenient: anything else (null, a list, a string) reads as `{}`, every key present. */
function lenient<S extends z.core.$ZodLooseShape>(shape: S) {
  const keys = Object.keys(shape);
  return z.preprocess((v) => {
    const o: Readonly<Record<string, unknown>> = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    return Object.fromEntries(keys.map((k) => [k, o[k]]));
  }, z.object(shape));
}

/** A list whose entries are read by `item`; anything but a list reads as empty. */
function list<T extends z.ZodType>(item: T) {
  return z.array(item).catch(() => []);
}

/** The strings of a list, other entries dropped. */
const strings = list(z.unknown()).transform((l) => l.filter((x): x is string => typeof x === 'string'));

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A section the conductor may not report: read by `t` when an object, else null. */
function section<T extends z.ZodType>(t: T) {
  return z.preprocess((v) => (isObject(v) ? v : null), z.union([z.null(), t]));
}

const OutputSchema = lenient({
  clientId: str,
  projectorId: str,
  role: str,
  fps: num,
  droppedFrames: num,
  offsetMs: num,
  errorBoundMs: num,
  lastShowS: num,
  lastEpochS: num,
  ageS: num,
  connected: bool,
  targetFps: num,
  recentDropped: num,
  preview: z.unknown().transform((v) => v === true),
});

const EventSchema = lenient({ epochS: num, level: maybe(z.enum(['info', 'warn', 'error'])), message: str });

const CalibrationSchema = lenient({ locked: bool, dirty: bool, version: maybe(z.union([z.number(), z.null()])), patterns: z.unknown() }).transform(
  ({ patterns, ...c }): CalibrationView => ({ ...c, patterned: Object.keys(isObject(patterns) ? (patterns as object) : {}) }),
);

const AudioSchema = lenient({ state: str, language: str, clipsLoaded: num, clipsFailed: list(z.unknown()), contextLatencyMs: num, clockRatePpm: num, driftMs: num, ageS: num, connected: bool }).transform(
  ({ clipsFailed, contextLatencyMs, ...a }): AudioView => ({ ...a, clipsFailed: clipsFailed.length, latencyMs: contextLatencyMs }),
);

/**
 * The conductor's `status.status` as the window reads it: the wire schema leaves it unknown, and a
 * missing or mistyped field becomes `undefined` (shown as "—"), a malformed list entry is dropped or
 * read as empty, instead of breaking the window a technician relies on during a show.
 */
const StatusSchema = lenient({
  show: lenient({ title: str, durationS: num, chapters: list(lenient({ title: str, startS: num })) }),
  profile: lenient({ name: str, projectors: strings }),
  transport: lenient({ status: maybe(z.enum(['stopped', 'playing', 'paused'])), showS: num, rate: num, chapterIndex: num, ended: bool }),
  blackout: bool,
  language: str,
  nextLanguage: maybe(z.union([z.string(), z.null()])),
  languages: strings,
  subtitles: list(lenient({ clipId: str, language: str, text: str })).transform((l) => l.filter((x): x is SubtitleView => x.text !== undefined)),
  audioProblems: list(lenient({ clipId: str, file: str, reason: str })),
  audio: section(AudioSchema),
  epochS: num,
  outputs: list(OutputSchema),
  // Only the newest EVENTS_SHOWN are read: the conductor may keep more, the window never shows them.
  events: list(z.unknown()).transform((l) => l.slice(-EVENTS_SHOWN).reverse().map((e): EventView => EventSchema.parse(e))),
  calibration: section(CalibrationSchema),
});

/** Turns an untrusted `status.status` payload into a StatusView; never throws. */
export function readStatus(raw: unknown): StatusView {
  const { show, profile, transport, ...s } = StatusSchema.parse(raw);
  return {
    showTitle: show.title,
    durationS: show.durationS,
    chapters: show.chapters,
    profileName: profile.name,
    profileProjectors: profile.projectors,
    playState: transport.status,
    showS: transport.showS,
    rate: transport.rate,
    chapterIndex: transport.chapterIndex,
    ended: transport.ended,
    ...s,
  };
}

/** The calibration line of the header: "locked (show mode) · v3", "UNLOCKED · unsaved changes · v3 · patterns on P01". */
export function calibrationLine(c: CalibrationView | null): string {
  if (!c) return '—';
  const parts = [c.locked === false ? 'UNLOCKED' : c.locked === true ? 'locked (show mode)' : '—'];
  if (c.dirty === true) parts.push('unsaved changes');
  parts.push(c.version === null ? 'no saved versions' : c.version === undefined ? 'version —' : `v${c.version}`);
  if (c.patterned.length > 0) parts.push(`test patterns on ${c.patterned.join(', ')}`);
  return parts.join(' · ');
}

/** True while show time is advancing: playing and not yet at the end. */
export function isAdvancing(v: StatusView | null): boolean {
  return v !== null && v.playState === 'playing' && v.ended !== true;
}

/** One row of the outputs table: a reporting output, or a profile projector with none (`output` null). */
export interface OutputRow {
  /** Stable React key. */
  readonly key: string;
  readonly projectorId: string | undefined;
  readonly output: OutputView | null;
  /** Show-time difference from the conductor (ms, + = output ahead). */
  readonly diffMs: number | undefined;
  readonly health: Health;
}

const NOT_CONNECTED: Health = { level: 'bad', reason: 'not connected' };

/**
 * The outputs table in profile order: each projector's outputs (its own window, a preview's tile for it,
 * render nodes) or one "not connected" row, then outputs whose projector is not in the profile (a wrong
 * id) in the conductor's order.
 */
export function outputRows(v: StatusView): OutputRow[] {
  const advancing = isAdvancing(v);
  const rows: OutputRow[] = [];
  const placed = new Set<OutputView>();
  const rowOf = (o: OutputView, i: number): OutputRow => {
    // An output renders the show time of its frame's presentation (a refresh or more after the report):
    // compare with the conductor's show time at that epoch; the report's age where it has none.
    const lagS = o.lastEpochS !== undefined && v.epochS !== undefined ? v.epochS - o.lastEpochS : o.ageS;
    const diffMs = showDiffMs(o.lastShowS, lagS, v.showS, advancing, v.rate);
    const health = outputHealth({ connected: o.connected, ageS: o.ageS, diffMs, fps: o.fps, targetFps: o.targetFps, recentDropped: o.recentDropped });
    return { key: `out:${o.clientId ?? i}:${o.projectorId ?? ''}`, projectorId: o.projectorId, output: o, diffMs, health };
  };
  for (const id of v.profileProjectors) {
    let found = false;
    v.outputs.forEach((o, i) => {
      if (o.projectorId !== id) return;
      found = true;
      placed.add(o);
      rows.push(rowOf(o, i));
    });
    if (!found) rows.push({ key: `missing:${id}`, projectorId: id, output: null, diffMs: undefined, health: NOT_CONNECTED });
  }
  v.outputs.forEach((o, i) => {
    if (!placed.has(o)) rows.push(rowOf(o, i));
  });
  return rows;
}

/** The audio engine as the control window shows it (every field may be missing from a garbled status). */
export interface AudioView {
  readonly state: string | undefined;
  readonly language: string | undefined;
  readonly clipsLoaded: number | undefined;
  readonly clipsFailed: number;
  readonly latencyMs: number | undefined;
  readonly clockRatePpm: number | undefined;
  readonly driftMs: number | undefined;
  readonly ageS: number | undefined;
  readonly connected: boolean | undefined;
}

/** The audio clock map never believes a rate beyond this (engine/core/audio/AudioClockMap maxPpm): a report there is its clamp, not a measurement. */
export const AUDIO_CLOCK_LIMIT_PPM = 1000;

/**
 * The audio clock's rate as the control window says it. The audio page reports 0 until its clock map
 * has enough pairs, and nothing true while its context is not running, so both read "measuring…"; a
 * rate at the map's clamp means the device's timestamps disagree with the conductor's clock by more
 * than the map believes, which is said as such (and warned), never as a figure.
 */
export function audioClockText(a: AudioView): { text: string; trouble: boolean } {
  const ppm = a.clockRatePpm;
  if (ppm === undefined) return { text: 'clock ?', trouble: false };
  if (a.state !== 'running' || ppm === 0) return { text: 'clock measuring…', trouble: false };
  if (Math.abs(ppm) >= AUDIO_CLOCK_LIMIT_PPM - 0.5) return { text: `clock off by more than ${AUDIO_CLOCK_LIMIT_PPM} ppm (the audio device's timestamps disagree with the conductor)`, trouble: true };
  return { text: `clock ${ppm > 0 ? '+' : ''}${ppm.toFixed(0)} ppm`, trouble: false };
}

/** One line on the audio engine: what a technician checks before opening (is there sound, in which language, on time). */
export function audioLine(a: AudioView | null): { text: string; level: 'ok' | 'warn' | 'error' } {
  if (a === null) return { text: 'no audio page connected: no sound', level: 'error' };
  const f = (x: number | undefined, digits: number) => (x === undefined ? '?' : x.toFixed(digits));
  const stale = a.connected === false || (a.ageS !== undefined && a.ageS > 5);
  const clock = audioClockText(a);
  const text = `${a.state ?? '?'} · ${a.language ?? '?'} · ${a.clipsLoaded ?? '?'} clips${a.clipsFailed > 0 ? `, ${a.clipsFailed} silent` : ''} · latency ${f(a.latencyMs, 1)} ms · ${clock.text} · drift ${f(a.driftMs, 2)} ms${stale ? ' · not reporting' : ''}`;
  const level = stale || a.state === 'failed' ? 'error' : a.state !== 'running' || a.clipsFailed > 0 || clock.trouble ? 'warn' : 'ok';
  return { text, level };
}
