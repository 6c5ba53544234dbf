import { z } from 'zod';
import { IdSchema } from '../show/showSchema.ts';
import { hallBoundsProblems } from './hallBounds.ts';

/** The installation profile version this engine writes. */
export const PROFILE_SCHEMA_VERSION = 1;

const vec3 = z.tuple([z.number().min(-1e4).max(1e4), z.number().min(-1e4).max(1e4), z.number().min(-1e4).max(1e4)]);
const angle = (doc: string) => z.number().min(-3600).max(3600).describe(doc);

/** A cylindrical wall (a panorama rotunda): axis vertical through the hall centre. */
export const CylinderSurfaceSchema = z.strictObject({
  type: z.literal('cylinder'),
  radiusM: z.number().gt(0).max(1000).describe('Radius of the painted wall, metres'),
  bottomM: z.number().min(-100).max(1000).describe('Height of the bottom of the painted wall above the floor, metres'),
  topM: z.number().min(-100).max(1000).describe('Height of the top of the painted wall, metres'),
  spanDeg: z.number().gt(0).max(360).optional().describe('Angle the painting spans, degrees (default 360: the full round)'),
});

/** A flat wall: a rectangle standing upright, seen from its front. */
export const PlaneSurfaceSchema = z.strictObject({
  type: z.literal('plane'),
  originM: vec3.describe('Bottom-left corner of the painted area as seen from the front [x, y, z], metres'),
  widthM: z.number().gt(0).max(1000),
  heightM: z.number().gt(0).max(1000),
  yawDeg: angle('Direction of the wall\'s left-to-right edge, degrees from +x toward +z'),
});

/** The projection surface. Room for meshes later: the union is tagged by type. */
export const SurfaceSchema = z.discriminatedUnion('type', [CylinderSurfaceSchema, PlaneSurfaceSchema]);

/** A projector's lens: throw ratio (throw distance / image width) or focal length in pixels. */
export const LensSchema = z
  .strictObject({
    throwRatio: z.number().gt(0.05).max(20).optional().describe('Throw distance / image width; f = throwRatio × width in pixels'),
    focalPx: z.number().gt(1).max(1e6).optional().describe('Focal length in pixels (instead of throwRatio)'),
    shiftX: z.number().min(-2).max(2).optional().describe('Horizontal lens shift as set on the projector (+ moves the image right), fraction per shiftConvention'),
    shiftY: z.number().min(-2).max(2).optional().describe('Vertical lens shift as set on the projector (+ moves the image up), fraction per shiftConvention'),
    shiftConvention: z.enum(['fullImage', 'halfImage']).optional().describe('Lens shift as a fraction of the full image size (cy = H/2 + s·H) or of half of it (cy = H/2 + s·H/2); default fullImage'),
    k1: z.number().min(-2).max(2).optional().describe('Radial distortion, r² coefficient'),
    k2: z.number().min(-2).max(2).optional().describe('Radial distortion, r⁴ coefficient'),
  })
  .superRefine((l, ctx) => {
    if ((l.throwRatio === undefined) === (l.focalPx === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'gives neither or both of throwRatio and focalPx', params: { expected: 'exactly one of throwRatio or focalPx' } });
    }
  });

/** Where the projector is and where it points. */
export const PoseSchema = z.strictObject({
  positionM: vec3.describe('Lens centre [x, y, z], metres (y up, origin at the hall centre on the floor)'),
  yawDeg: angle('Azimuth the lens points to, degrees from +x toward +z'),
  pitchDeg: z.number().min(-90).max(90).describe('Tilt up (+) or down (−), degrees'),
  rollDeg: angle('Rotation about the lens axis, degrees; +90 turns a landscape projector to portrait (image top toward the left as seen from behind)'),
});

/** The edge-blend settings of a projector. */
export const BlendSettingsSchema = z.strictObject({
  gamma: z.number().min(1).max(4).optional().describe('The projector\'s decoding gamma (default 2.2); weights are encoded with 1/gamma'),
  exponent: z.number().min(0.5).max(8).optional().describe('Blend curve exponent p (default 2)'),
  luminance: z.number().gt(0).lt(1).optional().describe('Blend curve mid-point luminance a (default 0.5: weights sum to 1)'),
  rampPx: z.number().gt(0).max(20000).optional().describe('Width of the blend ramp in projector pixels (default: measured from the overlaps)'),
});

/** A fine-warp grid: displacement of the image at each control point, in output pixels. */
export const WarpGridSchema = z
  .strictObject({
    cols: z.number().int().min(2).max(129),
    rows: z.number().int().min(2).max(129),
    offsetsPx: z.array(z.tuple([z.number().min(-10000).max(10000), z.number().min(-10000).max(10000)])).describe('rows × cols displacements [dx, dy], row by row from the top-left'),
  })
  .superRefine((w, ctx) => {
    if (w.offsetsPx.length !== w.rows * w.cols) {
      ctx.addIssue({ code: 'custom', path: ['offsetsPx'], message: `has ${w.offsetsPx.length} points`, params: { expected: `rows × cols = ${w.rows * w.cols}` } });
    }
  });

/** One projector of the installation. */
export const ProjectorSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(200).optional(),
  resolution: z.strictObject({ width: z.number().int().min(16).max(16384), height: z.number().int().min(16).max(16384) }),
  lens: LensSchema,
  pose: PoseSchema,
  mount: z.enum(['floor', 'ceiling']).optional().describe('ceiling: the body is inverted, which flips the sign of both lens shifts (default floor)'),
  warp: WarpGridSchema.optional(),
  blend: BlendSettingsSchema.optional(),
  blackLevel: z.number().min(0).max(0.2).optional().describe('Black-to-white light ratio β of the projector (default 0.001)'),
  colorGains: z.tuple([z.number().min(0).max(4), z.number().min(0).max(4), z.number().min(0).max(4)]).optional().describe('Linear gains per channel [r, g, b] (default [1, 1, 1])'),
  lumens: z.number().gt(0).max(1e6).optional().describe('Luminous output at full white, lumens'),
  display: z
    .strictObject({
      id: z.union([z.number().int(), z.string().max(200)]).optional().describe('Operating-system display id'),
      index: z.number().int().min(0).max(64).optional().describe('Display position, left to right, when the id is not found'),
    })
    .optional(),
});

/** A loudspeaker of the hall: where it is and which output channel of the audio device drives it. */
export const SpeakerSchema = z.strictObject({
  id: IdSchema,
  positionM: vec3.describe('Position of the speaker [x, y, z], metres (hall coordinates, as hall.eyeM)'),
  channel: z.number().int().min(0).max(63).describe('Output channel of the audio device, from 0'),
  gainDb: z.number().min(-60).max(24).optional().describe('Level trim of this speaker, decibels (default 0)'),
  delayTrimMs: z.number().min(-100).max(1000).optional().describe('Extra delay of this speaker, milliseconds, after the distance compensation (default 0; negative for a processor\'s own latency)'),
});

/** The hall's sound system. Without speakers the engine plays to a virtual stereo pair (±30° at 2 m from the eye). */
export const ProfileAudioSchema = z.strictObject({
  speakers: z.array(SpeakerSchema).max(64).describe('Loudspeakers; sound is delayed per speaker so it reaches the eye point with the light'),
  speedOfSoundMps: z.number().min(300).max(380).optional().describe('Speed of sound in the hall, metres per second (default 343, air at 20 °C)'),
  frontAzimuthDeg: angle('Direction treated as straight ahead when folding down to stereo, degrees from +x toward +z (default 0)').optional(),
});

/**
 * The museum's light limits for the painting (conservation), and how often the show runs. Common
 * guidance: CIE 157:2004 puts oil paintings in the "low responsivity" class (200 lux, 600,000 lux·h a
 * year); many museums keep oils at 150–200 lux and sensitive works at 50 lux / 150,000 lux·h.
 */
export const ConservationSchema = z.strictObject({
  maxLux: z.number().gt(0).max(1e5).describe('Largest illuminance allowed anywhere on the painting at any moment, lux'),
  maxLuxHoursPerYear: z.number().gt(0).max(1e9).describe('Largest yearly exposure allowed on any part of the painting, lux·hours'),
  ambientLux: z.number().min(0).max(1e4).optional().describe('Light on the painting from the hall itself during a showing (platform spill, exit signs), lux (default 0)'),
  schedule: z.strictObject({
    showingsPerDay: z.number().min(0).max(1440).describe('Showings a day'),
    daysPerYear: z.number().min(0).max(366).describe('Days a year the show runs'),
  }),
});

/**
 * What the projectors light: a blank "screen" (the picture comes from the projectors: image layers in
 * painting mode are projected) or a "painted" canvas (the picture is on the wall: projectors emit light
 * only, and painting-mode image layers are the canvas's reflectance, never projected).
 */
export const CanvasKindSchema = z
  .enum(['screen', 'painted'])
  .describe('screen (default): a blank surface, painting-mode image layers are projected; painted: the wall carries the painting, projectors emit light only');

/** What a profile's wall is: "screen" when the profile does not say. */
export type CanvasKind = z.infer<typeof CanvasKindSchema>;

/** The canvas kind of a profile (default "screen"). */
export function canvasOf(profile: { readonly hall: { readonly canvas?: CanvasKind | undefined } }): CanvasKind {
  return profile.hall.canvas ?? 'screen';
}

/**
 * A well-defined point of the painting (a hilltop, a river bend, a corner of the airstrip) at painting
 * (u, v): hence a known point on the wall. The technician clicks where landmarks appear in a
 * projector's image to solve its pose (calibration/pose/solvePose.ts).
 */
export const LandmarkSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(200).describe('What to click, for the technician (e.g. "Summit of Hill A1")'),
  u: z.number().min(0).max(1).describe('Painting u, 0..1 round the hall'),
  v: z.number().min(0).max(1).describe('Painting v, 0 at the bottom of the painted wall, 1 at the top'),
});

/** A painting landmark. */
export type Landmark = z.infer<typeof LandmarkSchema>;

const ProfileBaseSchema = z.strictObject({
  $schema: z.string().max(1000).optional(),
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  id: IdSchema,
  name: z.string().max(200).optional(),
  hall: z.strictObject({
    surface: SurfaceSchema,
    referenceAzimuthDeg: angle('Azimuth of painting u = 0 (the left edge of a partial arc), degrees from +x toward +z').optional(),
    eyeM: vec3.describe('Visitor eye point on the platform [x, y, z], metres'),
    canvas: CanvasKindSchema.optional(),
    landmarks: z.array(LandmarkSchema).max(1000).optional().describe('Painting landmarks for pose-from-points calibration; each projector needs at least 6 in its own image'),
  }),
  content: z
    .strictObject({
      widthPx: z.number().int().min(16).max(1 << 20),
      heightPx: z.number().int().min(16).max(1 << 20),
    })
    .describe('Resolution of painting space (the painting image) used for content and for measuring misregistration'),
  projectors: z.array(ProjectorSchema).min(1).max(256),
  audio: ProfileAudioSchema.optional(),
  conservation: ConservationSchema.optional().describe('Light limits of the painting; npm run validate warns when a show exceeds them'),
});

/** An installation profile: the hall, the visitor eye point and every projector's calibration. */
export const ProfileSchema = ProfileBaseSchema.superRefine((p, ctx) => {
  const seen = new Map<string, number>();
  p.projectors.forEach((pr, i) => {
    const prior = seen.get(pr.id);
    if (prior !== undefined) ctx.addIssue({ code: 'custom', path: ['projectors', i, 'id'], message: `"${pr.id}" is already used at projectors.${prior}`, params: { expected: 'projector ids unique in the profile' } });
    else seen.set(pr.id, i);
  });
  const speakerIds = new Map<string, number>();
  const channels = new Map<number, number>();
  p.audio?.speakers.forEach((sp, i) => {
    const prior = speakerIds.get(sp.id);
    if (prior !== undefined) ctx.addIssue({ code: 'custom', path: ['audio', 'speakers', i, 'id'], message: `"${sp.id}" is already used at audio.speakers.${prior}`, params: { expected: 'speaker ids unique in the profile' } });
    else speakerIds.set(sp.id, i);
    const chPrior = channels.get(sp.channel);
    if (chPrior !== undefined) ctx.addIssue({ code: 'custom', path: ['audio', 'speakers', i, 'channel'], message: `${sp.channel} is already used by audio.speakers.${chPrior}`, params: { expected: 'one speaker per output channel' } });
    else channels.set(sp.channel, i);
  });
  const landmarkIds = new Map<string, number>();
  p.hall.landmarks?.forEach((l, i) => {
    const prior = landmarkIds.get(l.id);
    if (prior !== undefined) ctx.addIssue({ code: 'custom', path: ['hall', 'landmarks', i, 'id'], message: `"${l.id}" is already used at hall.landmarks.${prior}`, params: { expected: 'landmark ids unique in the profile' } });
    else landmarkIds.set(l.id, i);
  });
  if (p.conservation) {
    p.projectors.forEach((pr, i) => {
      if (pr.lumens === undefined) ctx.addIssue({ code: 'custom', path: ['projectors', i, 'lumens'], message: 'is missing', params: { expected: 'the luminous output in lumens: the conservation limits need it to compute lux' } });
    });
  }
  if (p.hall.surface.type === 'cylinder' && p.hall.surface.topM <= p.hall.surface.bottomM) {
    ctx.addIssue({ code: 'custom', path: ['hall', 'surface', 'topM'], message: `is ${p.hall.surface.topM}, not above bottomM`, params: { expected: `more than ${p.hall.surface.bottomM}` } });
  } else {
    // The eye point and every projector stand in the hall (a typo of 1 km is not a hall).
    for (const b of hallBoundsProblems(p)) ctx.addIssue({ code: 'custom', path: [...b.path], message: b.message, params: { expected: b.expected } });
  }
});

/** A validated installation profile. */
export type Profile = z.infer<typeof ProfileSchema>;
/** One projector's calibration. */
export type ProjectorConfig = z.infer<typeof ProjectorSchema>;
/** The projection surface. */
export type SurfaceConfig = z.infer<typeof SurfaceSchema>;
/** The hall's sound system as written in the profile. */
export type ProfileAudio = z.infer<typeof ProfileAudioSchema>;
/** One loudspeaker. */
export type SpeakerConfig = z.infer<typeof SpeakerSchema>;
/** A fine-warp grid. */
export type WarpGridConfig = z.infer<typeof WarpGridSchema>;
/** The painting's light limits and the show's schedule. */
export type ConservationConfig = z.infer<typeof ConservationSchema>;
