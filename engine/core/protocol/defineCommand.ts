import { z } from 'zod';

/**
 * Who a client is, from the token it presented: `operator` (the control token: runs the show,
 * calibrates, saves) or `viewer` (the visitor token: subtitles, status, monitoring and the virtual
 * visit; it may read, and send only the commands whose `roles` name it).
 */
export type Role = 'operator' | 'viewer';

/** Only the operator may send it (every command today). */
export const OPERATOR: readonly Role[] = ['operator'];

/** The arguments of one OSC message, as decoded (the shared secret already taken off). */
export type OscArgs = readonly unknown[];

/** The command's fields read from OSC arguments (validated afterwards by its schema), or why they cannot be read. */
export type OscFields = { readonly [field: string]: unknown } | { readonly oscError: string };

/** What a person and the ways in (keys, OSC, tokens) know of a command: everything but its fields. */
export interface CommandMeta {
  readonly label: string;
  /** KeyboardEvent.key that triggers it in the control window, if any. */
  readonly key?: string;
  /** OSC address (arguments in order of the command's fields, see `fromOsc`). */
  readonly osc: string;
  /** Reads the command's fields from OSC arguments; absent for commands without fields. */
  readonly fromOsc?: (args: OscArgs) => OscFields;
  /** The roles that may send it. */
  readonly roles: readonly Role[];
  /**
   * True for commands that change calibration or write files: OSC carries no token and UDP senders
   * can be spoofed, so these are refused over OSC unless the operator enables them.
   */
  readonly privileged: boolean;
  /** True when it changes calibration: refused while the calibration lock ("show mode") is on. */
  readonly needsUnlock: boolean;
}

/** One command defined once: its name, its schema (`{command: name, ...fields}`, strict) and what the ways in know of it. */
export interface CommandDef<N extends string, S extends z.ZodType> extends CommandMeta {
  readonly name: N;
  readonly schema: S;
}

/** Defines a command: the schema is `{ command: name, ...fields }`, unknown fields refused. */
export function defineCommand<const N extends string, const F extends z.ZodRawShape = Record<never, never>>(name: N, fields: F, meta: CommandMeta) {
  const schema = z.strictObject({ command: z.literal(name), ...fields });
  return { name, schema, ...meta } satisfies CommandDef<N, typeof schema>;
}

/**
 * OSC argument `i` as a number: OSC carries numbers as int or float and booleans as ints (or true/false);
 * anything else is NaN, which the schema then refuses.
 */
export function oscNumber(args: OscArgs, i: number): number {
  const v = args[i];
  return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN;
}

/** OSC flag at `i`: on when absent (a bare address switches it on), else any non-zero number. */
export function oscFlag(args: OscArgs, i: number): boolean {
  return args.length <= i ? true : oscNumber(args, i) !== 0;
}
