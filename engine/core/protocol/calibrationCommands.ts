import { z } from 'zod';
import { BlendSettingsSchema, LensSchema, PoseSchema, WarpGridSchema, type ProjectorConfig } from '../profile/profileSchema.ts';
import { defineCommand, OPERATOR, oscFlag, oscNumber } from './defineCommand.ts';

// Calibration: the lock, test patterns, the working profile, its versions. Every command here but the
// lock itself needs the lock off, and all of them are privileged over OSC.

/** Names of the fixed test patterns an output can show instead of the show ('content' = the show). */
export const TEST_PATTERN_NAMES = ['content', 'grid', 'crosshair', 'colorBars', 'white', 'black', 'paintingGrid'] as const;

/**
 * One Gray-code frame for camera calibration, drawn in raw output pixels (no warp, no blend, gamma 1).
 * For an output W × H px and axis x there are ceil(log2 W) bits; `bit` counts from the most
 * significant (0). Column c is white when (gray(c) >> (nbits − 1 − bit)) & 1, gray(c) = c ^ (c >> 1);
 * `inverse` swaps white and black. Axis y: the same with rows (row 0 at the top) and H.
 */
export const GrayCodeFrameSchema = z.strictObject({
  axis: z.enum(['x', 'y']),
  bit: z.number().int().min(0).max(15),
  inverse: z.boolean(),
});

/** What an output shows: the show ('content'), a fixed pattern, or a Gray-code frame. */
export const TestPatternSchema = z.union([z.enum(TEST_PATTERN_NAMES), z.strictObject({ grayCode: GrayCodeFrameSchema })]);

/** A test pattern or a Gray-code frame. */
export type TestPattern = z.infer<typeof TestPatternSchema>;
/** One Gray-code frame. */
export type GrayCodeFrame = z.infer<typeof GrayCodeFrameSchema>;

/**
 * The calibration fields of one projector a `setProjector` command replaces in the working profile.
 * A field left out stays as it is; `null` removes an optional field (back to its default: no warp,
 * default blend, black level and gains).
 */
export const ProjectorPatchSchema = z.strictObject({
  pose: PoseSchema.optional(),
  lens: LensSchema.optional(),
  warp: WarpGridSchema.nullable().optional(),
  blend: BlendSettingsSchema.nullable().optional(),
  blackLevel: z.number().min(0).max(0.2).nullable().optional(),
  colorGains: z.tuple([z.number().min(0).max(4), z.number().min(0).max(4), z.number().min(0).max(4)]).nullable().optional(),
});

/** A validated projector patch. */
export type ProjectorPatch = z.infer<typeof ProjectorPatchSchema>;

/** The projector config with `patch` applied (null removes a field, undefined keeps it). */
export function applyProjectorPatch(cfg: ProjectorConfig, patch: ProjectorPatch | { readonly [K in keyof ProjectorPatch]?: unknown }): ProjectorConfig {
  const out: Record<string, unknown> = { ...cfg };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as ProjectorConfig;
}

const WHO = z.string().min(1).max(100);
const NOTE = z.string().max(1000);
const VERSION = z.number().int().min(1).max(999_999_999);
const CALIBRATION = { roles: OPERATOR, privileged: true, needsUnlock: true } as const;

/** Calibration lock: on at start ("show mode"); while on, every calibration command but this one is refused. */
export const calibrationLock = defineCommand(
  'calibrationLock',
  { locked: z.boolean() },
  { label: 'Calibration lock', osc: '/panorama/calibration/lock', fromOsc: (a) => ({ locked: oscFlag(a, 0) }), ...CALIBRATION, needsUnlock: false },
);

/** Puts a test pattern (or 'content': the show again) on one projector's output, or on every one (null). */
export const testPattern = defineCommand(
  'testPattern',
  { projectorId: z.string().min(1).max(64).nullable(), pattern: TestPatternSchema },
  {
    label: 'Test pattern',
    osc: '/panorama/calibration/pattern',
    // /panorama/calibration/pattern PROJECTOR|* NAME, or PROJECTOR|* grayCode x|y BIT INVERSE
    fromOsc: (a) => ({
      projectorId: a[0] === '*' ? null : a[0],
      pattern: a[1] === 'grayCode' ? { grayCode: { axis: a[2], bit: oscNumber(a, 3), inverse: oscNumber(a, 4) !== 0 } } : a[1],
    }),
    ...CALIBRATION,
  },
);

/** Replaces calibration fields of one projector in the working profile and sends it to the outputs (not saved). */
export const setProjector = defineCommand(
  'setProjector',
  { projectorId: z.string().min(1).max(64), patch: ProjectorPatchSchema },
  {
    label: 'Set projector calibration',
    osc: '/panorama/calibration/projector',
    // /panorama/calibration/projector PROJECTOR PATCH_JSON
    fromOsc: (a) => {
      try {
        return { projectorId: a[0], patch: typeof a[1] === 'string' ? JSON.parse(a[1]) : undefined };
      } catch {
        return { oscError: 'the patch is not JSON' };
      }
    },
    ...CALIBRATION,
  },
);

/** Saves the working profile as a new version of the profile file (who and why recorded). */
export const saveProfile = defineCommand(
  'saveProfile',
  { who: WHO, note: NOTE },
  { label: 'Save profile', osc: '/panorama/calibration/save', fromOsc: (a) => ({ who: a[0], note: a[1] ?? '' }), ...CALIBRATION },
);

/**
 * Back to a saved version (the file and the working profile): `toVersion`, or by default the last one
 * whose content differs from the current; recorded as a new version (by `who`, default "conductor").
 */
export const rollbackProfile = defineCommand(
  'rollbackProfile',
  { toVersion: VERSION.optional(), who: WHO.optional() },
  {
    label: 'Roll back profile',
    osc: '/panorama/calibration/rollback',
    // /panorama/calibration/rollback [VERSION [WHO]]
    fromOsc: (a) => ({ ...(a.length > 0 ? { toVersion: oscNumber(a, 0) } : {}), ...(a.length > 1 ? { who: a[1] } : {}) }),
    ...CALIBRATION,
  },
);

/** Marks a saved version as a baseline (never pruned from the history) or unmarks it; who and why recorded. */
export const markBaseline = defineCommand(
  'markBaseline',
  { version: VERSION, baseline: z.boolean(), who: WHO, note: NOTE },
  {
    label: 'Mark profile baseline',
    osc: '/panorama/calibration/baseline',
    // /panorama/calibration/baseline VERSION ON WHO [NOTE]
    fromOsc: (a) => ({ version: oscNumber(a, 0), baseline: oscNumber(a, 1) !== 0, who: a[2], note: a[3] ?? '' }),
    ...CALIBRATION,
  },
);
