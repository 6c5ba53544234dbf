import type { ProfileAudio } from '../profile/profileSchema.ts';
import type { AudioRoute } from '../show/showSchema.ts';
import { dbToGain } from './voiceTiming.ts';

/** Speed of sound in air at 20 °C, m/s. */
export const SPEED_OF_SOUND_MPS = 343;

/** A hall point [x, y, z] in metres. */
export type Vec3M = readonly [number, number, number];

/** One speaker as the engine drives it. */
export interface PlannedSpeaker {
  readonly id: string;
  /** Output channel of the audio device. */
  readonly channel: number;
  /** Linear level trim (from gainDb). */
  readonly gain: number;
  /** Delay of this speaker's feed, seconds (≥ 0), so every speaker's sound reaches the eye together. */
  readonly delayS: number;
  readonly positionM: Vec3M;
  /** Distance to the eye point, metres. */
  readonly distanceM: number;
  /** Direction seen from the eye, degrees from +x toward +z, in (−180, 180]. */
  readonly azimuthDeg: number;
}

/** The speakers of an installation and how early the audio must be scheduled. */
export interface SpeakerPlan {
  readonly speakers: readonly PlannedSpeaker[];
  /**
   * Seconds the whole audio is scheduled ahead of the light: sound leaving every speaker at its
   * delay then reaches the eye when the light does. max distance / c (plus any negative trim).
   */
  readonly advanceS: number;
  /** Straight ahead for a stereo fold-down, degrees from +x toward +z. */
  readonly frontAzimuthDeg: number;
  /** True when the profile lists no speakers: a virtual stereo pair stands in (no propagation to compensate). */
  readonly virtual: boolean;
}

const DEG = Math.PI / 180;

/** Wraps an angle in degrees to (−180, 180]. */
export function wrapDeg(deg: number): number {
  const w = ((((deg + 180) % 360) + 360) % 360) - 180;
  return w === -180 ? 180 : w;
}

/** Azimuth of a point seen from the eye, degrees from +x toward +z (y ignored). */
export function azimuthFromEye(positionM: Vec3M, eyeM: Vec3M): number {
  return wrapDeg(Math.atan2(positionM[2] - eyeM[2], positionM[0] - eyeM[0]) / DEG);
}

/**
 * The speaker plan of an installation: each speaker's delay so that its sound reaches the eye point
 * at the same moment as every other's (delayS = (farthest distance − its distance) / c + its trim),
 * and the advance the whole audio is scheduled with so that moment is the light's (advanceS =
 * farthest distance / c). Sound needs 61 ms to cross the 21 m radius of the Dien Bien Phu hall. A
 * negative trim (a processor's own latency) that would need a negative delay moves every delay and
 * the advance later by the same amount. Without speakers: a virtual stereo pair (left at front − 30°,
 * right at front + 30°, 2 m from the eye; channels 0 and 1) with no delays and no advance, as on a
 * laptop or headphones.
 */
export function speakerPlan(audio: ProfileAudio | undefined, eyeM: Vec3M): SpeakerPlan {
  const frontAzimuthDeg = audio?.frontAzimuthDeg ?? 0;
  const c = audio?.speedOfSoundMps ?? SPEED_OF_SOUND_MPS;
  const given = audio?.speakers ?? [];
  if (given.length === 0) {
    const pair = (id: string, channel: number, az: number): PlannedSpeaker => {
      const positionM: Vec3M = [eyeM[0] + 2 * Math.cos(az * DEG), eyeM[1], eyeM[2] + 2 * Math.sin(az * DEG)];
      return { id, channel, gain: 1, delayS: 0, positionM, distanceM: 2, azimuthDeg: wrapDeg(az) };
    };
    return { speakers: [pair('left', 0, frontAzimuthDeg - 30), pair('right', 1, frontAzimuthDeg + 30)], advanceS: 0, frontAzimuthDeg, virtual: true };
  }
  const distances = given.map((s) => Math.hypot(s.positionM[0] - eyeM[0], s.positionM[1] - eyeM[1], s.positionM[2] - eyeM[2]));
  const maxD = Math.max(...distances);
  const raw = given.map((s, i) => (maxD - distances[i]!) / c + (s.delayTrimMs ?? 0) / 1000);
  const shift = Math.max(0, -Math.min(...raw));
  const speakers = given.map((s, i) => ({
    id: s.id,
    channel: s.channel,
    gain: dbToGain(s.gainDb ?? 0),
    delayS: raw[i]! + shift,
    positionM: s.positionM,
    distanceM: distances[i]!,
    azimuthDeg: azimuthFromEye(s.positionM, eyeM),
  }));
  return { speakers, advanceS: maxD / c + shift, frontAzimuthDeg, virtual: false };
}

/** Constant-power gains of a point source at `azimuthDeg` over the plan's speakers (index-aligned). */
function panPoint(azimuthDeg: number, azimuths: readonly number[]): number[] {
  const n = azimuths.length;
  const gains = new Array<number>(n).fill(0);
  if (n === 1) {
    gains[0] = 1;
    return gains;
  }
  // The two speakers that bracket the direction going round the circle: the nearest on each side.
  let below = -1;
  let belowGap = Infinity;
  let above = -1;
  let aboveGap = Infinity;
  for (let i = 0; i < n; i++) {
    const d = (((azimuths[i]! - azimuthDeg) % 360) + 360) % 360; // 0..360 going up from the source to the speaker
    if (d === 0) {
      gains[i] = 1;
      return gains;
    }
    if (d < aboveGap) {
      aboveGap = d;
      above = i;
    }
    if (360 - d < belowGap) {
      belowGap = 360 - d;
      below = i;
    }
  }
  const gap = belowGap + aboveGap;
  let f: number; // 0 at `below`, 1 at `above`
  if (gap <= 180) f = belowGap / gap;
  else {
    // Outside the speakers' arc (behind a stereo pair): pan by the lateral position across the gap, so
    // a source beside the listener stays on its side and one straight behind sits in the middle.
    const half = (gap / 2) * DEG;
    const fromMid = (belowGap - gap / 2) * DEG;
    f = Math.min(1, Math.max(0, 0.5 + (0.5 * Math.sin(fromMid)) / Math.sin(half)));
  }
  gains[below] = Math.cos((f * Math.PI) / 2);
  gains[above] = Math.sin((f * Math.PI) / 2);
  if (below === above) gains[below] = 1;
  return gains;
}

/** Spacing of the directions a spread is sampled at, degrees (a full circle: 72 points, symmetric for rings of 2, 3, 4, 6, 8, 9, 12… speakers). */
const SPREAD_STEP_DEG = 5;

/**
 * The gain of each speaker of the plan (index-aligned with plan.speakers) for a clip's route, with
 * constant total power (Σ gain² = 1):
 * - no route: every speaker at equal power (1/√n);
 * - `speakers`: the listed ones at equal power (ids the plan lacks are ignored; none known → every speaker);
 * - `azimuthDeg`: constant-power panning between the two speakers that bracket the direction, seen
 *   from the eye; `spreadDeg` widens the source into an arc of that width (the power average of
 *   points across it), up to every speaker at 360°.
 * `eyeM` is the point directions are measured from (the plan's eye).
 */
export function routeGains(route: AudioRoute | null | undefined, plan: SpeakerPlan, eyeM: Vec3M): number[] {
  const n = plan.speakers.length;
  if (n === 0) return [];
  const equal = (members: readonly boolean[]): number[] => {
    const k = members.filter(Boolean).length;
    return members.map((m) => (m ? 1 / Math.sqrt(k) : 0));
  };
  if (!route) return equal(plan.speakers.map(() => true));
  if ('speakers' in route) {
    const wanted = new Set(route.speakers);
    const members = plan.speakers.map((s) => wanted.has(s.id));
    return equal(members.some(Boolean) ? members : members.map(() => true));
  }
  const azimuths = plan.speakers.map((s) => azimuthFromEye(s.positionM, eyeM));
  const spread = Math.min(360, Math.max(0, route.spreadDeg ?? 0));
  if (spread === 0) return panPoint(route.azimuthDeg, azimuths);
  const power = new Array<number>(n).fill(0);
  const full = spread >= 360;
  // Evenly spaced directions across the arc, both ends included (a full circle: ±180° counted once).
  const points = full ? 360 / SPREAD_STEP_DEG : Math.max(3, Math.ceil(spread / SPREAD_STEP_DEG) + 1);
  for (let k = 0; k < points; k++) {
    const az = full ? route.azimuthDeg + (360 * k) / points : route.azimuthDeg - spread / 2 + (spread * k) / (points - 1);
    panPoint(az, azimuths).forEach((g, i) => (power[i]! += (g * g) / points));
  }
  return power.map(Math.sqrt);
}

/**
 * How speaker feeds reach the device's outputs: matrix[speaker][deviceChannel]. With as many device
 * channels as the plan uses (≥ highest channel + 1): each speaker to its own channel. With fewer but
 * at least 2: a stereo fold-down onto channels 0 (left) and 1 (right) by each speaker's direction
 * relative to the front (lateral position sin θ, constant-power pan law: a speaker to the right of the
 * listener goes right, one ahead or behind to both at −3 dB). With 1: everything to it. Each row has
 * unit power, so every speaker keeps its level; for one signal fed to several speakers use
 * `deviceGains`, which keeps the voice's power.
 */
export function foldDownMatrix(plan: SpeakerPlan, deviceChannels: number): number[][] {
  const channels = Math.max(0, Math.floor(deviceChannels));
  const needed = plan.speakers.reduce((m, s) => Math.max(m, s.channel + 1), 0);
  return plan.speakers.map((s) => {
    const row = new Array<number>(channels).fill(0);
    if (channels === 0) return row;
    if (channels >= needed) row[s.channel] = 1;
    else if (channels === 1) row[0] = 1;
    else {
      const x = Math.sin(wrapDeg(s.azimuthDeg - plan.frontAzimuthDeg) * DEG); // −1 left … +1 right
      const p = ((x + 1) * Math.PI) / 4;
      row[0] = Math.cos(p);
      row[1] = Math.sin(p);
    }
    return row;
  });
}

/**
 * One voice's gain on each device channel: its speaker gains through the fold-down matrix, scaled so
 * the total power equals the speakers' (Σ out² = Σ gains²). The same signal reaching a device channel
 * from several speakers adds in amplitude, so without this a voice sent to a ring of 12 speakers
 * would come out ~10 dB louder on a laptop.
 */
export function deviceGains(speakerGains: readonly number[], matrix: readonly (readonly number[])[]): number[] {
  const channels = matrix[0]?.length ?? 0;
  const out = new Array<number>(channels).fill(0);
  let inPower = 0;
  speakerGains.forEach((g, i) => {
    inPower += g * g;
    const row = matrix[i];
    if (row) for (let c = 0; c < channels; c++) out[c]! += g * row[c]!;
  });
  const outPower = out.reduce((a, v) => a + v * v, 0);
  if (outPower === 0) return out;
  const k = Math.sqrt(inPower / outPower);
  return out.map((v) => v * k);
}
