/** The one IPC channel on which the shell's main process tells the control window what happened. */
export const SHELL_EVENT_CHANNEL = 'panorama:shell-event';

/** Command-line switch that hands the shell version to the preload (sandboxed preloads cannot ask the app). */
export const SHELL_VERSION_SWITCH = '--panorama-shell-version=';

/** What a shell version may look like (a semver and similar): it travels on a command line. */
export const SHELL_VERSION_RE = /^[0-9A-Za-z.+-]{1,40}$/;

/** Kinds of shell event: an output's crash recovery, the GPU process, the display layout. */
export type ShellEventType = 'recovery' | 'gpu' | 'display';

/** A message from the shell to the control window. */
export interface ShellEvent {
  type: ShellEventType;
  message: string;
  epochMs: number;
}

/** Longest message passed on (characters); longer ones are cut so a runaway log cannot flood the page. */
export const MAX_SHELL_MESSAGE_CHARS = 2000;

const TYPES: readonly string[] = ['recovery', 'gpu', 'display'] satisfies ShellEventType[];

/**
 * Checks a value received over IPC and returns a fresh plain event, or null when it is not one. The
 * page never sees the original object, so nothing else can ride along with it.
 */
export function parseShellEvent(value: unknown): ShellEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['type'] !== 'string' || !TYPES.includes(v['type'])) return null;
  if (typeof v['message'] !== 'string' || typeof v['epochMs'] !== 'number' || !Number.isFinite(v['epochMs'])) return null;
  return { type: v['type'] as ShellEventType, message: v['message'].slice(0, MAX_SHELL_MESSAGE_CHARS), epochMs: v['epochMs'] };
}

/** Reads the shell version from a renderer's argv (see {@link SHELL_VERSION_SWITCH}); "unknown" when absent or odd. */
export function shellVersionFromArgv(argv: readonly string[]): string {
  const arg = argv.find((a) => a.startsWith(SHELL_VERSION_SWITCH));
  const version = arg?.slice(SHELL_VERSION_SWITCH.length) ?? '';
  return SHELL_VERSION_RE.test(version) ? version : 'unknown';
}
