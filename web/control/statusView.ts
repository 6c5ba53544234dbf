/**
 * Reads the conductor's `status` payload defensively. The wire schema leaves `status.status` as
 * unknown, so every field is checked here; a missing or mistyped field becomes `undefined` (shown as
 * "—") instead of breaking the window a technician relies on during a show.
 */
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

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

const PLAY_STATES = ['stopped', 'playing', 'paused'] as const;
const LEVELS = ['info', 'warn', 'error'] as const;

function readOutput(v: unknown): OutputView {
  const o = obj(v) ?? {};
  return {
    clientId: str(o.clientId),
    projectorId: str(o.projectorId),
    role: str(o.role),
    fps: num(o.fps),
    droppedFrames: num(o.droppedFrames),
    offsetMs: num(o.offsetMs),
    errorBoundMs: num(o.errorBoundMs),
    lastShowS: num(o.lastShowS),
    lastEpochS: num(o.lastEpochS),
    ageS: num(o.ageS),
    connected: bool(o.connected),
    targetFps: num(o.targetFps),
    recentDropped: num(o.recentDropped),
    preview: o.preview === true,
  };
}

/** Turns an untrusted `status.status` payload into a StatusView; never throws. */
export function readStatus(raw: unknown): StatusView {
  const s = obj(raw) ?? {};
  const show = obj(s.show) ?? {};
  const profile = obj(s.profile) ?? {};
  const transport = obj(s.transport) ?? {};
  const rawEvents = list(s.events);
  const events: EventView[] = [];
  // Only the newest EVENTS_SHOWN are read: the conductor may keep more, the window never shows them.
  for (let i = rawEvents.length - 1; i >= 0 && events.length < EVENTS_SHOWN; i--) {
    const e = obj(rawEvents[i]) ?? {};
    events.push({ epochS: num(e.epochS), level: oneOf(e.level, LEVELS), message: str(e.message) });
  }
  return {
    showTitle: str(show.title),
    durationS: num(show.durationS),
    chapters: list(show.chapters).map((c) => {
      const ch = obj(c) ?? {};
      return { title: str(ch.title), startS: num(ch.startS) };
    }),
    profileName: str(profile.name),
    profileProjectors: list(profile.projectors).filter((p): p is string => typeof p === 'string'),
    playState: oneOf(transport.status, PLAY_STATES),
    showS: num(transport.showS),
    rate: num(transport.rate),
    chapterIndex: num(transport.chapterIndex),
    ended: bool(transport.ended),
    blackout: bool(s.blackout),
    language: str(s.language),
    nextLanguage: s.nextLanguage === null ? null : str(s.nextLanguage),
    languages: list(s.languages).filter((l): l is string => typeof l === 'string'),
    subtitles: list(s.subtitles).flatMap((raw) => {
      const l = obj(raw) ?? {};
      const text = str(l.text);
      return text === undefined ? [] : [{ clipId: str(l.clipId), language: str(l.language), text }];
    }),
    audioProblems: list(s.audioProblems).map((raw) => {
      const p = obj(raw) ?? {};
      return { clipId: str(p.clipId), file: str(p.file), reason: str(p.reason) };
    }),
    audio: readAudio(s.audio),
    epochS: num(s.epochS),
    outputs: list(s.outputs).map(readOutput),
    events,
    calibration: readCalibration(s.calibration),
  };
}

function readCalibration(raw: unknown): CalibrationView | null {
  const c = obj(raw);
  if (!c) return null;
  return { locked: bool(c.locked), dirty: bool(c.dirty), version: c.version === null ? null : num(c.version), patterned: Object.keys(obj(c.patterns) ?? {}) };
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

function readAudio(raw: unknown): AudioView | null {
  const a = obj(raw);
  if (!a) return null;
  return {
    state: str(a.state),
    language: str(a.language),
    clipsLoaded: num(a.clipsLoaded),
    clipsFailed: list(a.clipsFailed).length,
    latencyMs: num(a.contextLatencyMs),
    clockRatePpm: num(a.clockRatePpm),
    driftMs: num(a.driftMs),
    ageS: num(a.ageS),
    connected: bool(a.connected),
  };
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
