import { z } from 'zod';
import { LangSchema } from '../show/showSchema.ts';

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
]);

/** A validated operator command. */
export type Command = z.infer<typeof CommandSchema>;

/** One entry of the command registry: its name, what a person reads, and the key that triggers it. */
export interface CommandInfo {
  readonly name: Command['command'];
  readonly label: string;
  /** KeyboardEvent.key that triggers it in the control window, if any. */
  readonly key?: string;
  /** OSC address (arguments in order of the command's fields). */
  readonly osc: string;
}

/** Every command with its label, key and OSC address. */
export const COMMANDS: readonly CommandInfo[] = [
  { name: 'play', label: 'GO / play', key: ' ', osc: '/panorama/play' },
  { name: 'pause', label: 'Hold', key: 'h', osc: '/panorama/pause' },
  { name: 'stop', label: 'Stop', key: 'Escape', osc: '/panorama/stop' },
  { name: 'seek', label: 'Go to time', osc: '/panorama/seek' },
  { name: 'chapter', label: 'Go to chapter', osc: '/panorama/chapter' },
  { name: 'nextChapter', label: 'Next chapter', key: 'ArrowRight', osc: '/panorama/next' },
  { name: 'previousChapter', label: 'Previous chapter', key: 'ArrowLeft', osc: '/panorama/previous' },
  { name: 'blackout', label: 'Blackout', key: 'b', osc: '/panorama/blackout' },
  { name: 'rate', label: 'Playback rate', osc: '/panorama/rate' },
  { name: 'loadShow', label: 'Load show', osc: '/panorama/load' },
  { name: 'language', label: 'Language', osc: '/panorama/language' },
];

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
    default:
      candidate = { command: info.name };
  }
  const parsed = CommandSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: `bad arguments for ${address}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, command: parsed.data };
}
