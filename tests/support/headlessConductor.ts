import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** A conductor started as a user would (`npm start -- --headless …`), in its own process. */
export interface HeadlessConductor {
  readonly child: ChildProcess;
  /** The control token it generated in its settings folder. */
  readonly token: string;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
}

/**
 * Starts host/cli/start.ts headless on `profile` and the demo show, with its settings (token, profile
 * history) in `settingsDir`, and waits until it says it is playing.
 */
export async function startHeadlessConductor(options: { profile: string; settingsDir: string; port: number; oscPort: number | 'off'; timeoutMs?: number }): Promise<HeadlessConductor> {
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'host/cli/start.ts'), '--headless', '--show', 'demo', '--profile', options.profile, '--port', String(options.port), '--osc-port', String(options.oscPort)], {
    cwd: root,
    env: { ...process.env, PANORAMA_CONFIG_DIR: options.settingsDir, INIT_CWD: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!/playing/.test(log)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`conductor did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = readFileSync(join(options.settingsDir, 'control-token'), 'utf8').trim();
  return { child, token, log: () => log };
}
