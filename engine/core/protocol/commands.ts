import { z } from 'zod';
import * as calibration from './calibrationCommands.ts';
import type { CommandMeta, OscArgs, Role } from './defineCommand.ts';
import * as output from './outputCommands.ts';
import * as showing from './showCommands.ts';
import * as transport from './transportCommands.ts';

export type { Role } from './defineCommand.ts';
export {
  applyProjectorPatch,
  GrayCodeFrameSchema,
  ProjectorPatchSchema,
  TEST_PATTERN_NAMES,
  TestPatternSchema,
  type GrayCodeFrame,
  type ProjectorPatch,
  type TestPattern,
} from './calibrationCommands.ts';

/**
 * Operator commands, one registry for every way in: control window buttons and keys, the HTTP and
 * WebSocket control API, OSC and the remote all send these same objects (excalidraw's register()
 * habit). Each is defined once in its group file (schema, label, key, OSC address and arguments,
 * roles, lock); this list is their order (the control window's and the schema's). The conductor is
 * the only place that performs them (host/conductor/actions).
 */
const COMMAND_DEFS = [
  transport.play,
  transport.pause,
  transport.stop,
  transport.seek,
  transport.chapter,
  transport.nextChapter,
  transport.previousChapter,
  output.blackout,
  transport.rate,
  showing.loadShow,
  showing.language,
  calibration.calibrationLock,
  calibration.testPattern,
  calibration.setProjector,
  calibration.saveProfile,
  calibration.rollbackProfile,
  calibration.markBaseline,
  output.reloadOutput,
] as const;

type CommandObjectSchema = (typeof COMMAND_DEFS)[number]['schema'];

/** Every command's schema, told apart by its `command` field. */
export const CommandSchema = z.discriminatedUnion('command', COMMAND_DEFS.map((d) => d.schema) as [CommandObjectSchema, ...CommandObjectSchema[]]);

/** A validated operator command. */
export type Command = z.infer<typeof CommandSchema>;

/** The name of a command. */
export type CommandName = Command['command'];

/** The command named `N`, as its schema validates it. */
export type CommandOf<N extends CommandName> = Extract<Command, { command: N }>;

/** Outcome of a command: performed (what was done) or refused (why), in words for the operator. */
export type CommandResult = { ok: true; message: string } | { ok: false; message: string };

/** One entry of the command registry: its name, what a person reads, the key that triggers it, who may send it and when. */
export interface CommandInfo extends CommandMeta {
  readonly name: CommandName;
}

/** Every command with its label, key, OSC address, the roles that may send it, whether OSC needs enabling for it and whether the lock refuses it. */
export const COMMANDS: readonly CommandInfo[] = COMMAND_DEFS;

/** Commands that change calibration: refused while the calibration lock is on. */
export const CALIBRATION_COMMANDS: readonly CommandName[] = COMMANDS.filter((c) => c.needsUnlock).map((c) => c.name);

/** The registry entry of a command (every command has one). */
export function commandInfo(name: CommandName): CommandInfo {
  const info = COMMANDS.find((c) => c.name === name);
  if (!info) throw new Error(`command ${name} is missing from COMMANDS`);
  return info;
}

/** True when a client of `role` may send `name` (the registry's `roles`). */
export function mayPerform(role: Role, name: CommandName): boolean {
  return commandInfo(name).roles.includes(role);
}

/**
 * Turns an OSC message (address and arguments) into a command, or explains why not. OSC carries
 * numbers as int or float and booleans as ints; both are accepted.
 */
export function commandFromOsc(address: string, args: OscArgs): { ok: true; command: Command } | { ok: false; reason: string } {
  const info = COMMANDS.find((c) => c.osc === address);
  if (!info) return { ok: false, reason: `unknown address ${JSON.stringify(address.slice(0, 80))}` };
  const fields = info.fromOsc?.(args) ?? {};
  if ('oscError' in fields) return { ok: false, reason: `bad arguments for ${address}: ${String(fields.oscError)}` };
  const parsed = CommandSchema.safeParse({ command: info.name, ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, reason: `bad arguments for ${address}: ${at}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, command: parsed.data };
}
