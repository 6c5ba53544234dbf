import { z } from 'zod';
import { LangSchema } from '../show/showSchema.ts';
import { BlendSettingsSchema, LensSchema, PoseSchema, WarpGridSchema, type ProjectorConfig } from '../profile/profileSchema.ts';

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

/**
 * Operator commands, one registry for every way in: control window buttons and keys, the HTTP and
 * WebSocket control API, OSC and the remote all send these same objects (excalidraw's register()
 * habit). The conductor is the only place that performs them.
 */
export const CommandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('play') }),
  z.strictObject({ command: z.literal('pause') }),
  z.strictObject({ command: z.literal('stop') }),
  z.strictObject({ command: z.literal('seek'), toS: z.number().min(0).max(86_400) }),
  z.strictObject({ command: z.literal('chapter'), index: z.number().int().min(0).max(999) }),
  z.strictObject({ command: z.literal('nextChapter') }),
  z.strictObject({ command: z.literal('previousChapter') }),
  z.strictObject({ command: z.literal('blackout'), on: z.boolean() }),
  z.strictObject({ command: z.literal('rate'), rate: z.number().gt(0).max(16) }),
  z.strictObject({ command: z.literal('loadShow'), show: z.string().min(1).max(200) }),
  /** The language of the showing: at once when stopped, else from the next showing (the light never stops for it). */
  z.strictObject({ command: z.literal('language'), lang: LangSchema }),
  /** Calibration lock: on at start ("show mode"); while on, every calibration command but this one is refused. */
  z.strictObject({ command: z.literal('calibrationLock'), locked: z.boolean() }),
  /** Puts a test pattern (or 'content': the show again) on one projector's output, or on every one (null). */
  z.strictObject({ command: z.literal('testPattern'), projectorId: z.string().min(1).max(64).nullable(), pattern: TestPatternSchema }),
  /** Replaces calibration fields of one projector in the working profile and sends it to the outputs (not saved). */
  z.strictObject({ command: z.literal('setProjector'), projectorId: z.string().min(1).max(64), patch: ProjectorPatchSchema }),
  /** Saves the working profile as a new version of the profile file (who and why recorded). */
  z.strictObject({ command: z.literal('saveProfile'), who: z.string().min(1).max(100), note: z.string().max(1000) }),
  /**
   * Back to a saved version (the file and the working profile): `toVersion`, or by default the last one
   * whose content differs from the current; recorded as a new version (by `who`, default "conductor").
   */
  z.strictObject({ command: z.literal('rollbackProfile'), toVersion: z.number().int().min(1).max(999_999_999).optional(), who: z.string().min(1).max(100).optional() }),
  /** Marks a saved version as a baseline (never pruned from the history) or unmarks it; who and why recorded. */
  z.strictObject({ command: z.literal('markBaseline'), version: z.number().int().min(1).max(999_999_999), baseline: z.boolean(), who: z.string().min(1).max(100), note: z.string().max(1000) }),
  /**
   * Reopens the output windows of one projector (its own window, or the preview tiling it), or every
   * output window (null), also those the recovery policy gave up on. Performed by whoever owns the
   * windows (the Chromium runtime, Electron's main process); refused where nobody does.
   */
  z.strictObject({ command: z.literal('reloadOutput'), projectorId: z.string().min(1).max(64).nullable() }),
]);

/** Commands that change calibration: refused while the calibration lock is on. */
export const CALIBRATION_COMMANDS: readonly Command['command'][] = ['testPattern', 'setProjector', 'saveProfile', 'rollbackProfile', 'markBaseline'];

/** A validated operator command. */
export type Command = z.infer<typeof CommandSchema>;

/**
 * Who a client is, from the token it presented: `operator` (the control token: runs the show,
 * calibrates, saves) or `viewer` (the visitor token: subtitles, status, monitoring and the virtual
 * visit; it may read, and send only the commands whose `roles` name it).
 */
export type Role = 'operator' | 'viewer';

/** One entry of the command registry: its name, what a person reads, the key that triggers it, and who may send it. */
export interface CommandInfo {
  readonly name: Command['command'];
  readonly label: string;
  /** KeyboardEvent.key that triggers it in the control window, if any. */
  readonly key?: string;
  /** OSC address (arguments in order of the command's fields). */
  readonly osc: string;
  /** The roles that may send it. */
  readonly roles: readonly Role[];
  /**
   * True for commands that change calibration or write files: OSC carries no token and UDP senders
   * can be spoofed, so these are refused over OSC unless the operator enables them.
   */
  readonly privileged: boolean;
}

const OPERATOR: readonly Role[] = ['operator'];

/** Every command with its label, key, OSC address, the roles that may send it and whether OSC needs enabling for it. */
export const COMMANDS: readonly CommandInfo[] = [
  { name: 'play', label: 'GO / play', key: ' ', osc: '/panorama/play', roles: OPERATOR, privileged: false },
  { name: 'pause', label: 'Hold', key: 'h', osc: '/panorama/pause', roles: OPERATOR, privileged: false },
  { name: 'stop', label: 'Stop', key: 'Escape', osc: '/panorama/stop', roles: OPERATOR, privileged: false },
  { name: 'seek', label: 'Go to time', osc: '/panorama/seek', roles: OPERATOR, privileged: false },
  { name: 'chapter', label: 'Go to chapter', osc: '/panorama/chapter', roles: OPERATOR, privileged: false },
  { name: 'nextChapter', label: 'Next chapter', key: 'ArrowRight', osc: '/panorama/next', roles: OPERATOR, privileged: false },
  { name: 'previousChapter', label: 'Previous chapter', key: 'ArrowLeft', osc: '/panorama/previous', roles: OPERATOR, privileged: false },
  { name: 'blackout', label: 'Blackout', key: 'b', osc: '/panorama/blackout', roles: OPERATOR, privileged: false },
  { name: 'rate', label: 'Playback rate', osc: '/panorama/rate', roles: OPERATOR, privileged: false },
  { name: 'loadShow', label: 'Load show', osc: '/panorama/load', roles: OPERATOR, privileged: false },
  { name: 'language', label: 'Language', osc: '/panorama/language', roles: OPERATOR, privileged: false },
  { name: 'calibrationLock', label: 'Calibration lock', osc: '/panorama/calibration/lock', roles: OPERATOR, privileged: true },
  { name: 'testPattern', label: 'Test pattern', osc: '/panorama/calibration/pattern', roles: OPERATOR, privileged: true },
  { name: 'setProjector', label: 'Set projector calibration', osc: '/panorama/calibration/projector', roles: OPERATOR, privileged: true },
  { name: 'saveProfile', label: 'Save profile', osc: '/panorama/calibration/save', roles: OPERATOR, privileged: true },
  { name: 'rollbackProfile', label: 'Roll back profile', osc: '/panorama/calibration/rollback', roles: OPERATOR, privileged: true },
  { name: 'markBaseline', label: 'Mark profile baseline', osc: '/panorama/calibration/baseline', roles: OPERATOR, privileged: true },
  { name: 'reloadOutput', label: 'Reload output', osc: '/panorama/output/reload', roles: OPERATOR, privileged: false },
];

/** The registry entry of a command (every command has one). */
export function commandInfo(name: Command['command']): CommandInfo {
  const info = COMMANDS.find((c) => c.name === name);
  if (!info) throw new Error(`command ${name} is missing from COMMANDS`);
  return info;
}

/** True when a client of `role` may send `name` (the registry's `roles`). */
export function mayPerform(role: Role, name: Command['command']): boolean {
  return commandInfo(name).roles.includes(role);
}

/**
 * Turns an OSC message (address and arguments) into a command, or explains why not. OSC carries
 * numbers as int or float and booleans as ints; both are accepted.
 */
export function commandFromOsc(address: string, args: readonly unknown[]): { ok: true; command: Command } | { ok: false; reason: string } {
  const info = COMMANDS.find((c) => c.osc === address);
  if (!info) return { ok: false, reason: `unknown address ${JSON.stringify(address.slice(0, 80))}` };
  const num = (i: number) => (typeof args[i] === 'number' ? (args[i] as number) : typeof args[i] === 'boolean' ? Number(args[i]) : NaN);
  let candidate: unknown;
  switch (info.name) {
    case 'seek':
      candidate = { command: 'seek', toS: num(0) };
      break;
    case 'chapter':
      candidate = { command: 'chapter', index: num(0) };
      break;
    case 'blackout':
      candidate = { command: 'blackout', on: args.length === 0 ? true : num(0) !== 0 };
      break;
    case 'rate':
      candidate = { command: 'rate', rate: num(0) };
      break;
    case 'loadShow':
      candidate = { command: 'loadShow', show: args[0] };
      break;
    case 'language':
      candidate = { command: 'language', lang: args[0] };
      break;
    case 'calibrationLock':
      candidate = { command: 'calibrationLock', locked: args.length === 0 ? true : num(0) !== 0 };
      break;
    case 'testPattern': {
      // /panorama/calibration/pattern PROJECTOR|* NAME, or PROJECTOR|* grayCode x|y BIT INVERSE
      const projectorId = args[0] === '*' ? null : args[0];
      const pattern = args[1] === 'grayCode' ? { grayCode: { axis: args[2], bit: num(3), inverse: num(4) !== 0 } } : args[1];
      candidate = { command: 'testPattern', projectorId, pattern };
      break;
    }
    case 'setProjector': {
      // /panorama/calibration/projector PROJECTOR PATCH_JSON
      let patch: unknown;
      try {
        patch = typeof args[1] === 'string' ? JSON.parse(args[1]) : undefined;
      } catch {
        return { ok: false, reason: `bad arguments for ${address}: the patch is not JSON` };
      }
      candidate = { command: 'setProjector', projectorId: args[0], patch };
      break;
    }
    case 'saveProfile':
      candidate = { command: 'saveProfile', who: args[0], note: args[1] ?? '' };
      break;
    case 'rollbackProfile':
      // /panorama/calibration/rollback [VERSION [WHO]]
      candidate = { command: 'rollbackProfile', ...(args.length > 0 ? { toVersion: num(0) } : {}), ...(args.length > 1 ? { who: args[1] } : {}) };
      break;
    case 'markBaseline':
      // /panorama/calibration/baseline VERSION ON WHO [NOTE]
      candidate = { command: 'markBaseline', version: num(0), baseline: num(1) !== 0, who: args[2], note: args[3] ?? '' };
      break;
    case 'reloadOutput':
      // /panorama/output/reload [PROJECTOR|*]: no argument or * reloads every output window.
      candidate = { command: 'reloadOutput', projectorId: args.length === 0 || args[0] === '*' ? null : args[0] };
      break;
    default:
      candidate = { command: info.name };
  }
  const parsed = CommandSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, reason: `bad arguments for ${address}: ${at}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, command: parsed.data };
}
