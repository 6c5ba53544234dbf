import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../engine/core/protocol/commands.ts';
import { TOKEN_RE } from '../../engine/core/protocol/tokenHandoff.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';

/**
 * The folder for the user's settings (tokens, remembered displays, the runtime's browser profile):
 * $PANORAMA_CONFIG_DIR, else $XDG_CONFIG_HOME/panorama-show-engine, else ~/.config/panorama-show-engine.
 */
export function settingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PANORAMA_CONFIG_DIR']) return env['PANORAMA_CONFIG_DIR'];
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'panorama-show-engine');
}

/** A token read from (or written to) its file. */
export interface TokenFile {
  readonly token: string;
  readonly file: string;
  /** True when this call generated it (first run, or the file held no valid token). */
  readonly created: boolean;
}

/** Where a line about a tightened permission goes (default: stderr). */
export type SettingsLog = (message: string) => void;

/** File name of each role's token in the settings folder. */
export const TOKEN_FILE_NAMES: Readonly<Record<Role, string>> = { operator: 'control-token', viewer: 'visitor-token' };

export { TOKEN_RE };

const defaultLog: SettingsLog = (m) => process.stderr.write(`[settings] ${m}\n`);
const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Creates the settings folder owner-only (0700), or tightens an existing one that group or others
 * can enter, with a line saying so. A folder of another user (a shared PANORAMA_CONFIG_DIR) is left
 * alone with a warning: only its owner can change it.
 */
export function ensureSettingsDir(dir = settingsDir(), log: SettingsLog = defaultLog): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if ((st.mode & 0o077) === 0) return;
  if (st.uid !== process.getuid?.()) return log(`${dir} is open to other users (mode ${octal(st.mode)}) and belongs to another user: the tokens in it are only as private as that folder`);
  chmodSync(dir, 0o700);
  log(`${dir} was open to other users (mode ${octal(st.mode)}); tightened to 0700`);
}

/**
 * The token of `role` (`control-token` for operators, `visitor-token` for viewers): generated on
 * first run (192 random bits) and kept, so remotes and visitors' links keep working from run to run.
 * The file is created 0600 from the start; an existing one that group or others can read is
 * tightened to 0600 with a line saying so. Anything but a regular file there is refused.
 */
export function roleToken(role: Role, dir = settingsDir(), log: SettingsLog = defaultLog): TokenFile {
  ensureSettingsDir(dir, log);
  const file = join(dir, TOKEN_FILE_NAMES[role]);
  let st: ReturnType<typeof lstatSync> | undefined;
  try {
    st = lstatSync(file);
  } catch {
    st = undefined;
  }
  if (st) {
    // A link could point the conductor at someone else's file (or make it write one there).
    if (!st.isFile()) throw new Error(`${file} is not a regular file (a link or a folder); remove it and start again to get a new ${role} token`);
    if ((st.mode & 0o077) !== 0) {
      chmodSync(file, 0o600);
      log(`${file} was readable by other users (mode ${octal(st.mode)}); tightened to 0600`);
    }
    const token = readFileSync(file, 'utf8').trim();
    if (TOKEN_RE.test(token)) return { token, file, created: false };
    log(`${file} holds no valid token; a new ${role} token was written`);
  }
  const token = randomBytes(24).toString('base64url');
  writeFileAtomic(file, token + '\n', { mode: 0o600 });
  return { token, file, created: true };
}

/** The operator's control token (everything: show, calibration, saves); see {@link roleToken}. */
export function controlToken(dir = settingsDir(), log: SettingsLog = defaultLog): TokenFile {
  return roleToken('operator', dir, log);
}

/** The visitors' token (subtitles, status, the visit, monitoring; no commands); see {@link roleToken}. */
export function visitorToken(dir = settingsDir(), log: SettingsLog = defaultLog): TokenFile {
  return roleToken('viewer', dir, log);
}
