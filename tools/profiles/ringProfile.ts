import type { CanvasKind, ConservationConfig, Landmark, Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { placeholderLandmarks } from './paintingLandmarks.ts';

/** How to lay out a ring of identical projectors round a cylindrical hall. */
export interface RingLayout {
  readonly id: string;
  readonly name: string;
  readonly radiusM: number;
  readonly bottomM: number;
  readonly topM: number;
  /** Painted arc, degrees (360 for a full round). */
  readonly spanDeg: number;
  /** Azimuth of painting u = 0, degrees. */
  readonly referenceAzimuthDeg: number;
  readonly eyeM: readonly [number, number, number];
  readonly count: number;
  readonly resolution: { readonly width: number; readonly height: number };
  readonly throwRatio: number;
  /** Portrait mounting (roll 90°) for tall walls. */
  readonly portrait: boolean;
  /** Lens height above the floor, metres. */
  readonly heightM: number;
  /** Distance of each lens from the hall axis, metres (projectors sit round a central mast). */
  readonly mastRadiusM: number;
  readonly blackLevel: number;
  readonly lumens: number;
  readonly contentWidthPx: number;
  /** The painting's light limits, when the wall is a real painting. */
  readonly conservation?: ConservationConfig;
  /** "painted" when the wall is the real painting (projectors emit light only); default "screen". */
  readonly canvas?: CanvasKind;
  /** Painting landmarks for pose-from-points calibration (hall.landmarks). */
  readonly landmarks?: readonly Landmark[];
}

/**
 * An installation profile for projectors evenly spaced round a cylinder, each aimed straight out from
 * the axis at its share of the painted arc. The shipped profiles are made with it; a real hall is then
 * calibrated from this starting point.
 */
export function ringProfile(l: RingLayout): Profile {
  const spacing = l.spanDeg / l.count;
  const projectors: ProjectorConfig[] = Array.from({ length: l.count }, (_, i) => {
    const yaw = l.referenceAzimuthDeg + (l.spanDeg >= 360 ? i * spacing : (i + 0.5) * spacing);
    const a = (yaw * Math.PI) / 180;
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    return {
      id: `P${String(i + 1).padStart(2, '0')}`,
      name: `Projector ${i + 1}`,
      resolution: { ...l.resolution },
      lens: { throwRatio: l.throwRatio, shiftX: 0, shiftY: 0, shiftConvention: 'fullImage', k1: 0, k2: 0 },
      pose: { positionM: [round(l.mastRadiusM * Math.cos(a)), l.heightM, round(l.mastRadiusM * Math.sin(a))], yawDeg: round(yaw), pitchDeg: 0, rollDeg: l.portrait ? 90 : 0 },
      mount: 'floor',
      blend: { gamma: 2.2, exponent: 2, luminance: 0.5 },
      blackLevel: l.blackLevel,
      colorGains: [1, 1, 1],
      lumens: l.lumens,
      display: { index: i },
    };
  });
  const widthM = (l.radiusM * l.spanDeg * Math.PI) / 180;
  return {
    $schema: './schema/profile.schema.json',
    schemaVersion: 1,
    id: l.id,
    name: l.name,
    hall: {
      surface: { type: 'cylinder', radiusM: l.radiusM, bottomM: l.bottomM, topM: l.topM, spanDeg: l.spanDeg },
      referenceAzimuthDeg: l.referenceAzimuthDeg,
      eyeM: [...l.eyeM],
      ...(l.canvas ? { canvas: l.canvas } : {}),
      ...(l.landmarks ? { landmarks: l.landmarks.map((m) => ({ ...m })) } : {}),
    },
    content: { widthPx: l.contentWidthPx, heightPx: Math.round((l.contentWidthPx * (l.topM - l.bottomM)) / widthM) },
    projectors,
    ...(l.conservation ? { conservation: structuredClone(l.conservation) } : {}),
  } as Profile;
}

/** The Dien Bien Phu Victory panorama: 42 m hall, 20.5 m painted wall, 12 4K projectors in portrait round a central mast. */
export const DIEN_BIEN_PHU: RingLayout = {
  id: 'dien-bien-phu',
  name: 'Dien Bien Phu Victory panorama (42 m rotunda, 12 × 4K portrait)',
  radiusM: 21,
  bottomM: 0,
  topM: 20.5,
  spanDeg: 360,
  referenceAzimuthDeg: 0,
  eyeM: [0, 4.6, 0],
  count: 12,
  resolution: { width: 3840, height: 2160 },
  throwRatio: 0.9,
  portrait: true,
  heightM: 10.25,
  mastRadiusM: 0.5,
  blackLevel: 0.0005,
  // A 20,000 lm native-4K laser projector (the class of Panasonic PT-RQ25K, Epson EB-PU2220B).
  lumens: 20000,
  contentWidthPx: 65536,
  // The hall's wall is the painted canvas itself: the show lights it, it never projects the painting.
  canvas: 'painted',
  // Points of the placeholder painting the technician clicks to solve a projector's pose (6 to 15 per projector).
  landmarks: placeholderLandmarks(),
  // Oil on canvas: CIE 157:2004 "low responsivity" allows 200 lux and 600,000 lux·h a year; we keep the
  // stricter 150 lux many museums use for oils. The museum opens 7:00–11:00 and 13:30–17:00 every day:
  // one showing per half hour (a guided visit) is 15 a day; 3 lux of platform spill stays on during them.
  conservation: { maxLux: 150, maxLuxHoursPerYear: 600000, ambientLux: 3, schedule: { showingsPerDay: 15, daysPerYear: 363 } },
};

/** A desk-sized preview hall: three WXGA projectors on a 138° arc, for one screen. */
export const PREVIEW_3: RingLayout = {
  id: 'preview-3',
  name: 'Preview: three projectors on a short arc',
  radiusM: 4,
  bottomM: 0.5,
  topM: 2.5,
  spanDeg: 138,
  referenceAzimuthDeg: -69,
  eyeM: [0, 1.6, 0],
  count: 3,
  resolution: { width: 1280, height: 800 },
  throwRatio: 1.03,
  portrait: false,
  heightM: 1.5,
  mastRadiusM: 0,
  blackLevel: 0.001,
  lumens: 5000,
  contentWidthPx: 8192,
  // A blank screen: the painting image is projected under the light.
  canvas: 'screen',
  // The same painting is projected round the short arc: the same landmarks.
  landmarks: placeholderLandmarks(),
};
