import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Runs host/cli/`script` as npm would (tsx, from the project root) with `args`, relative paths taken
 * from `initCwd` as from the folder npm was called in; up to 240 s.
 */
export function runCliScript(script: string, initCwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli', script), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, INIT_CWD: initCwd } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
