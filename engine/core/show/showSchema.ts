import { z } from 'zod';
import { checkAssetPath } from './assetPath.ts';
import { AUDIO_PARAMS, IMAGE_PARAMS, type ParamSpec } from './paramSpecs.ts';
import { LIGHT_EFFECT_MODULES, LIGHT_PARAMS } from '../light/effects/registry.ts';
import { EASE_EXAMPLES, parseEaseName } from '../timeline/eases.ts';
import { SYNTH_PARAMS, type SynthInstrument } from '../audio/synthSpecs.ts';

/** The show document version this engine writes; older versions are migrated forward on load. */
export const SHOW_SCHEMA_VERSION = 2;

/** The longest show the engine accepts, in seconds (24 hours: a day's loop). */
export const MAX_SHOW_S = 86_400;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const LANG_RE = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/;

/** A stable id: letters, digits, "_", "-", "." (1 to 64 characters, starting with a letter or digit). */
export const IdSchema = z
  .string()
  .regex(ID_RE, { error: 'an id of letters, digits, "_", "-" or "." (1 to 64 characters)' })
  .describe('Stable id: letters, digits, _ - . (1 to 64 characters)');

/** A language code (BCP 47 primary tag, optional script and region): "vi", "en", "fr", "zh-Hant". */
export const LangSchema = z
  .string()
  .regex(LANG_RE, { error: 'a language code like "vi", "en" or "fr"' })
  .describe('Language code: "vi", "en", "fr", "zh-Hant", "pt-BR"');

/** Text in several languages, keyed by language code. */
export const LocalizedTextSchema = z
  .record(LangSchema, z.string().min(1).max(2000))
  .refine((r) => Object.keys(r).length > 0, { error: 'text in at least one language, like {"en": "…"}' })
  .describe('Text per language: {"vi": "…", "en": "…", "fr": "…"}');

const time = (doc: string) => z.number().min(0).max(MAX_SHOW_S).describe(doc);

/** An ease name: "linear", "hold", or any GSAP ease ("power2.inOut", "back.out(1.7)", "steps(6)"). */
export const EaseNameSchema = z
  .string()
  .max(64)
  .superRefine((name, ctx) => {
    const r = parseEaseName(name);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `"${name}" ${r.reason}`, params: { expected: EASE_EXAMPLES } });
    }
  })
  .describe(`Ease: ${EASE_EXAMPLES}`);

function paramSchema(name: string, spec: ParamSpec) {
  const component = z.number().min(spec.min).max(spec.max);
  const value =
    spec.size === 1
      ? component
      : z.array(component).length(spec.size, { error: `a list of ${spec.size} numbers` });
  const keyframe = z.strictObject({
    t: time('Keyframe time in seconds from the clip start'),
    v: value,
    ease: EaseNameSchema.optional().describe('How the value travels from the previous keyframe to this one (default linear)'),
  });
  const keyframes = z
    .array(keyframe)
    .min(1)
    .max(100_000)
    .superRefine((kfs, ctx) => {
      for (let i = 1; i < kfs.length; i++) {
        if ((kfs[i] as { t: number }).t < (kfs[i - 1] as { t: number }).t) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 't'],
            message: `is ${(kfs[i] as { t: number }).t}, earlier than the keyframe before it`,
            params: { expected: 'keyframes in time order' },
          });
        }
      }
    });
  const shape = spec.size === 1 ? 'a number' : `a list of ${spec.size} numbers`;
  return z
    .union([value, z.strictObject({ keyframes })], {
      error: `${shape} from ${spec.min} to ${spec.max}, or {"keyframes": [{"t": s, "v": …, "ease": "…"}]}`,
    })
    .optional()
    .describe(`${name}: ${spec.doc}. Constant (${shape}) or keyframes.`);
}

function paramsSchema(specs: Record<string, ParamSpec>) {
  const shape: Record<string, ReturnType<typeof paramSchema>> = {};
  for (const [name, spec] of Object.entries(specs)) shape[name] = paramSchema(name, spec);
  return z.strictObject(shape).optional();
}

const assetPath = z
  .string()
  .superRefine((path, ctx) => {
    const r = checkAssetPath(path);
    if (!r.ok) {
      ctx.addIssue({
        code: 'custom',
        message: `"${path.length > 80 ? path.slice(0, 80) + '…' : path}" ${r.reason}`,
        params: { expected: 'a path inside the assets folder, like "paintings/dbp/painting.png"' },
      });
    }
  })
  .describe('Path inside the installation assets folder, forward slashes, no ".."');

const clipTiming = {
  id: IdSchema,
  name: z.string().max(200).optional(),
  startS: time('Start, in seconds of show time'),
  durationS: z.number().gt(0).max(MAX_SHOW_S).describe('Duration in seconds'),
  fadeInS: time('Fade-in length in seconds').optional(),
  fadeOutS: time('Fade-out length in seconds').optional(),
  fadeEase: EaseNameSchema.optional().describe('Ease of the fades (default sine.inOut)'),
};

const lightClip = <E extends keyof typeof LIGHT_PARAMS>(effect: E) =>
  z.strictObject({
    ...clipTiming,
    effect: z.literal(effect),
    region: IdSchema.optional().describe('Named region that masks the light (feathered)'),
    blend: z.enum(['add', 'multiply', 'max']).optional().describe('How the layer combines with the light below (default add; haze multiplies)'),
    params: paramsSchema(LIGHT_PARAMS[effect]),
  });

const [firstLightClip, ...moreLightClips] = LIGHT_EFFECT_MODULES.map((m) => lightClip(m.name));

/** A light clip: one of the registry's effects (wash, spot, flash, fire flicker, searchlight, haze) over painting space. */
export const LightClipSchema = z.discriminatedUnion('effect', [firstLightClip!, ...moreLightClips]);

/** An image clip: an overlay registered to the painting, or the painting image itself. */
export const ImageClipSchema = z.strictObject({
  ...clipTiming,
  src: assetPath,
  mode: z.enum(['overlay', 'painting']).optional().describe('overlay (default) or the whole painting image'),
  region: IdSchema.optional(),
  blend: z.enum(['normal', 'add', 'multiply', 'screen']).optional().describe('Compositing over the layers below (default normal)'),
  params: paramsSchema(IMAGE_PARAMS),
});

/** A recorded sound file (WAV, OGG or MP3) inside the assets folder. */
export const FileSourceSchema = z.strictObject({
  type: z.literal('file'),
  src: assetPath,
});

/** Narration: one recording per language, with the subtitle text spoken in it. */
export const NarrationSourceSchema = z.strictObject({
  type: z.literal('narration'),
  variants: z
    .record(
      LangSchema,
      z.strictObject({
        src: assetPath,
        text: z.string().min(1).max(5000).optional().describe('What is said, for subtitles (up to 5000 characters)'),
      }),
    )
    .refine((r) => Object.keys(r).length > 0, { error: 'a recording in at least one language, like {"en": {"src": "audio/en/intro.ogg"}}' })
    .describe('Recording and subtitle per language: {"vi": {"src": "…", "text": "…"}, "en": {…}}'),
  fallback: LangSchema.optional().describe('Language played when the showing\'s language has no variant (default: the show\'s defaultLanguage)'),
});

const synthSource = <I extends SynthInstrument>(instrument: I) => {
  const shape: Record<string, z.ZodOptional<z.ZodNumber>> = {};
  for (const [name, spec] of Object.entries(SYNTH_PARAMS[instrument])) {
    shape[name] = z.number().min(spec.min).max(spec.max).optional().describe(`${spec.doc}${spec.unit ? `, ${spec.unit}` : ''} (default ${spec.default})`);
  }
  return z.strictObject({
    type: z.literal('synth'),
    instrument: z.literal(instrument),
    seed: z.number().int().min(0).max(0xffffffff).describe('Seed of every random choice the instrument makes (0 to 4294967295)'),
    params: z.strictObject(shape).optional(),
  });
};

/** A sound synthesized by a Tone instrument from a seed, for sketching before recordings exist. */
export const SynthSourceSchema = z.discriminatedUnion('instrument', [synthSource('rumble'), synthSource('artillery'), synthSource('wind')]);

/** Where an audio clip's sound comes from, tagged by type. */
export const AudioSourceSchema = z.discriminatedUnion('type', [FileSourceSchema, NarrationSourceSchema, SynthSourceSchema]);

/** Which speakers play a clip: a list of speaker ids, or a direction in the hall seen from the eye point. */
export const AudioRouteSchema = z.union(
  [
    z.strictObject({
      speakers: z.array(IdSchema).min(1).max(64).describe('Ids of the profile\'s speakers that play the clip, at equal power'),
    }),
    z.strictObject({
      azimuthDeg: z.number().min(-3600).max(3600).describe('Direction of the sound seen from the eye point, degrees from +x toward +z (hall coordinates)'),
      spreadDeg: z.number().min(0).max(360).optional().describe('Width of the sound, degrees (default 0: a point between the two nearest speakers)'),
    }),
  ],
  { error: '{"speakers": ["id", …]} or {"azimuthDeg": degrees, "spreadDeg": degrees}' },
);

/** An audio clip: a sound file, a narration in several languages or a synthesized sound, placed on the timeline. */
export const AudioClipSchema = z.strictObject({
  ...clipTiming,
  fadeInEase: EaseNameSchema.optional().describe('Ease of the fade-in (default fadeEase, then sine.inOut)'),
  fadeOutEase: EaseNameSchema.optional().describe('Ease of the fade-out, played backwards from the end (default fadeEase, then sine.inOut)'),
  source: AudioSourceSchema,
  sourceOffsetS: time('Where in the recording the clip starts, in seconds (files and narration)').optional(),
  loop: z.boolean().optional().describe('Loop the recording to fill durationS (files and narration; default false)'),
  route: AudioRouteSchema.optional().describe('Speakers or direction (default: every speaker at equal power)'),
  params: paramsSchema(AUDIO_PARAMS),
});

/** What a cue does when the playhead passes it. */
export const CueActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('osc'),
    address: z.string().regex(/^\/[!-~]{0,255}$/, { error: 'an OSC address starting with "/"' }),
    args: z.array(z.union([z.number(), z.string().max(1000), z.boolean()])).max(64).optional(),
  }),
  z.strictObject({ type: z.literal('houseLights'), level: z.number().min(0).max(1) }),
  z.strictObject({ type: z.literal('mark'), label: z.string().max(200) }),
]);

/** A cue: an instant event fired once when the playhead passes `atS`. */
export const CueSchema = z.strictObject({
  id: IdSchema,
  atS: time('Time of the cue in seconds of show time'),
  action: CueActionSchema,
});

const track = <T extends string, C extends z.ZodType>(type: T, clip: C) =>
  z.strictObject({
    id: IdSchema,
    type: z.literal(type),
    name: z.string().max(200).optional(),
    enabled: z.boolean().optional().describe('false mutes the track (default true)'),
    clips: z.array(clip).max(1_000_000),
  });

/** A track: an ordered lane of clips of one kind. Tracks composite in document order (first is lowest). */
export const TrackSchema = z.discriminatedUnion('type', [
  track('light', LightClipSchema),
  track('image', ImageClipSchema),
  track('audio', AudioClipSchema),
  z.strictObject({
    id: IdSchema,
    type: z.literal('cue'),
    name: z.string().max(200).optional(),
    enabled: z.boolean().optional(),
    cues: z.array(CueSchema).max(1_000_000),
  }),
]);

/** A chapter: a named section of the show (the painting's sections), a jump target for operators. */
export const ChapterSchema = z.strictObject({
  id: IdSchema,
  title: LocalizedTextSchema,
  startS: time('Chapter start in seconds of show time'),
});

/** A named region: a polygon in painting space [[u, v], …] with a feathered edge. */
export const RegionSchema = z.strictObject({
  id: IdSchema,
  name: z.string().max(200).optional(),
  polygon: z
    .array(z.tuple([z.number().min(-1).max(2), z.number().min(-0.5).max(1.5)]))
    .min(3)
    .max(10_000)
    .describe('Vertices [u, v] in painting space; u may pass 1 to cross the seam'),
  featherV: z.number().min(0).max(1).optional().describe('Feather width in wall heights (default 0.01)'),
});

const ShowBaseSchema = z.strictObject({
  $schema: z.string().max(1000).optional(),
  schemaVersion: z.literal(SHOW_SCHEMA_VERSION),
  id: IdSchema,
  title: LocalizedTextSchema,
  languages: z.array(LangSchema).min(1).max(64).describe('Languages the show is offered in'),
  defaultLanguage: LangSchema.describe('Language used when a text is missing in the chosen one'),
  durationS: z.number().gt(0).max(MAX_SHOW_S).describe('Show length in seconds'),
  chapters: z.array(ChapterSchema).max(1000),
  regions: z.array(RegionSchema).max(10_000),
  tracks: z.array(TrackSchema).max(10_000),
});

/** A show document (plain JSON). Checked as a whole: ids unique, references resolve, clips inside the show. */
export const ShowSchema = ShowBaseSchema.superRefine((show, ctx) => {
  const seen = new Map<string, string>();
  const claim = (id: string, path: (string | number)[]) => {
    const where = path.join('.');
    const prior = seen.get(id);
    if (prior !== undefined) {
      ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `"${id}" is already used at ${prior}`, params: { expected: 'ids unique in the document' } });
    } else seen.set(id, where);
  };
  const regionIds = new Set(show.regions.map((r) => r.id));
  if (!show.languages.includes(show.defaultLanguage)) {
    ctx.addIssue({ code: 'custom', path: ['defaultLanguage'], message: `"${show.defaultLanguage}" is not in languages`, params: { expected: `one of ${show.languages.join(', ')}` } });
  }
  if (show.title[show.defaultLanguage] === undefined) {
    ctx.addIssue({ code: 'custom', path: ['title'], message: `has no "${show.defaultLanguage}" text`, params: { expected: 'a title in the default language' } });
  }
  show.chapters.forEach((c, i) => {
    claim(c.id, ['chapters', i]);
    if (c.startS >= show.durationS) ctx.addIssue({ code: 'custom', path: ['chapters', i, 'startS'], message: `is ${c.startS}, not before the end of the show`, params: { expected: `less than durationS ${show.durationS}` } });
    const prev = show.chapters[i - 1];
    if (prev && c.startS <= prev.startS) ctx.addIssue({ code: 'custom', path: ['chapters', i, 'startS'], message: `is ${c.startS}, not after the chapter before it`, params: { expected: 'chapters in time order' } });
    if (c.title[show.defaultLanguage] === undefined) ctx.addIssue({ code: 'custom', path: ['chapters', i, 'title'], message: `has no "${show.defaultLanguage}" text`, params: { expected: 'a title in the default language' } });
  });
  show.regions.forEach((r, i) => claim(r.id, ['regions', i]));
  show.tracks.forEach((tr, ti) => {
    claim(tr.id, ['tracks', ti]);
    if (tr.type === 'cue') {
      tr.cues.forEach((cue, ci) => {
        claim(cue.id, ['tracks', ti, 'cues', ci]);
        if (cue.atS >= show.durationS) ctx.addIssue({ code: 'custom', path: ['tracks', ti, 'cues', ci, 'atS'], message: `is ${cue.atS}, not before the end of the show`, params: { expected: `less than durationS ${show.durationS}` } });
      });
      return;
    }
    tr.clips.forEach((clip, ci) => {
      const path = ['tracks', ti, 'clips', ci];
      claim(clip.id, path);
      const end = clip.startS + clip.durationS;
      if (end > show.durationS + 1e-9) ctx.addIssue({ code: 'custom', path: [...path, 'durationS'], message: `ends at ${end} s, after the show ends`, params: { expected: `startS + durationS ≤ ${show.durationS}` } });
      if ((clip.fadeInS ?? 0) + (clip.fadeOutS ?? 0) > clip.durationS + 1e-9) ctx.addIssue({ code: 'custom', path: [...path, 'fadeOutS'], message: 'fades are longer than the clip', params: { expected: `fadeInS + fadeOutS ≤ durationS ${clip.durationS}` } });
      if ('region' in clip && clip.region !== undefined && !regionIds.has(clip.region)) ctx.addIssue({ code: 'custom', path: [...path, 'region'], message: `"${clip.region}" is not a region of this show`, params: { expected: 'the id of an entry in regions' } });
      if (tr.type === 'audio') checkAudioClip(clip as AudioClip, path, show.languages, ctx);
    });
  });
});

/** Cross-field rules of an audio clip: narration languages offered by the show, no source offset on synths. */
function checkAudioClip(clip: AudioClip, path: (string | number)[], languages: readonly string[], ctx: z.RefinementCtx): void {
  const source = clip.source;
  if (source.type === 'narration') {
    const langs = Object.keys(source.variants);
    for (const lang of langs) {
      if (!languages.includes(lang)) ctx.addIssue({ code: 'custom', path: [...path, 'source', 'variants', lang], message: `"${lang}" is not one of the show's languages`, params: { expected: `one of ${languages.join(', ')}` } });
    }
    if (source.fallback !== undefined && !langs.includes(source.fallback)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'source', 'fallback'], message: `"${source.fallback}" has no variant in this clip`, params: { expected: `one of ${langs.join(', ')}` } });
    }
  } else if (source.type === 'synth') {
    if (clip.sourceOffsetS !== undefined) ctx.addIssue({ code: 'custom', path: [...path, 'sourceOffsetS'], message: 'is set on a synthesized clip', params: { expected: 'no sourceOffsetS: a synth is a function of show time and its seed' } });
    if (clip.loop !== undefined) ctx.addIssue({ code: 'custom', path: [...path, 'loop'], message: 'is set on a synthesized clip', params: { expected: 'no loop: a synth plays for the whole clip' } });
  }
}

/** A validated show document. */
export type Show = z.infer<typeof ShowSchema>;
/** A track of a show. */
export type Track = z.infer<typeof TrackSchema>;
/** A light clip. */
export type LightClip = z.infer<typeof LightClipSchema>;
/** An image clip. */
export type ImageClip = z.infer<typeof ImageClipSchema>;
/** An audio clip. */
export type AudioClip = z.infer<typeof AudioClipSchema>;
/** Where an audio clip's sound comes from. */
export type AudioSource = z.infer<typeof AudioSourceSchema>;
/** Speakers or direction of an audio clip. */
export type AudioRoute = z.infer<typeof AudioRouteSchema>;
/** A cue. */
export type Cue = z.infer<typeof CueSchema>;
/** A chapter. */
export type Chapter = z.infer<typeof ChapterSchema>;
/** A named region. */
export type Region = z.infer<typeof RegionSchema>;
/** A parameter value as written: a constant or keyframes. */
export type ParamValue = number | readonly number[] | { keyframes: readonly { t: number; v: number | readonly number[]; ease?: string | undefined }[] };
