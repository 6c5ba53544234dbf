import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';

/**
 * The folder for the user's settings (control token, remembered displays): $PANORAMA_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/panorama-show-engine, else ~/.config/panorama-show-engine.
 */
export function settingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PANORAMA_CONFIG_DIR']) return env['PANORAMA_CONFIG_DIR'];
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'panorama-show-engine');
}

/**
 * The control token: generated on first run (192 random bits), stored beside the user's settings with
 * owner-only permissions, and the same on every later run so remotes keep working.
 */
export function controlToken(dir = settingsDir()): { token: string; file: string; created: boolean } {
  const file = join(dir, 'control-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,200}$/.test(token)) return { token, file, created: false };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString('base64url');
  writeFileAtomic(file, token + '\n');
  chmodSync(file, 0o600);
  return { token, file, created: true };
}
