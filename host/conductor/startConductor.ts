import { resolve } from 'node:path';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { loadProfile, loadShow, PROJECT_ROOT } from '../files/loadDocuments.ts';
import { controlToken } from '../settings/settingsDir.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { checkShowAssets } from '../validate/validateFile.ts';
import { Conductor } from './Conductor.ts';
import { ConductorServer } from './ConductorServer.ts';

/** How to start a conductor. */
export interface ConductorOptions {
  /** Show name (in shows/) or path. */
  readonly show: string;
  /** Profile name (in calibration/profiles/) or path. */
  readonly profile: string;
  readonly host?: string;
  readonly port?: number;
  /** OSC UDP port (null: no OSC). Default 9000. */
  readonly oscPort?: number | null;
  readonly oscHost?: string;
  readonly language?: string;
  /** Settings folder for the control token (default: the user's settings folder). */
  readonly settingsDir?: string;
  readonly assetRoot?: string;
  readonly pages?: 'built' | 'dev' | 'none';
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A running conductor. */
export interface RunningConductor {
  readonly url: string;
  readonly token: string;
  readonly tokenFile: string;
  readonly profile: Profile;
  readonly conductor: Conductor;
  readonly server: ConductorServer;
  stop(): Promise<void>;
}

/** The shared epoch of this machine, seconds: wall-clock anchored, monotonic within the process. */
export const epochNow = (): number => (performance.timeOrigin + performance.now()) / 1000;

/**
 * Loads and validates the show and profile, gets the control token, and starts the conductor and its
 * server. Throws an Error whose message lists every problem (file: field: what (expected)).
 */
export async function startConductor(o: ConductorOptions): Promise<RunningConductor> {
  const profile = loadProfile(o.profile);
  const show = loadShow(o.show);
  const problems = [...(profile.ok ? [] : profile.lines), ...(show.ok ? [] : show.lines)];
  if (!profile.ok || !show.ok) throw new Error(problems.join('\n'));
  const language = o.language ?? show.value.defaultLanguage;
  if (!show.value.languages.includes(language)) throw new Error(`${show.file}: languages: has no "${language}" (expected one of ${show.value.languages.join(', ')})`);
  const { token, file: tokenFile } = controlToken(o.settingsDir);
  const log = o.log ?? ((level: string, m: string) => process.stderr.write(`[conductor] ${level}: ${m}\n`));
  const conductor = new Conductor(
    { show: show.value, showFile: show.file, profile: profile.value, profileFile: profile.file },
    epochNow,
    (name) => {
      // Shows load only from the project's shows folder, by name: a remote cannot open arbitrary paths.
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) return { ok: false, message: `loadShow: "${name}" is not a show name` };
      const r = loadShow(resolve(PROJECT_ROOT, 'shows', `${name}.show.json`));
      return r.ok ? { ok: true, show: r.value, file: r.file } : { ok: false, message: r.lines.join('; ') };
    },
    language,
    (e, showS) => log('info', e.kind === 'chapter' ? `chapter ${e.index + 1} (${e.id}) at ${showS.toFixed(2)} s` : `cue ${e.id} ${JSON.stringify(e.action)} at ${showS.toFixed(2)} s`),
  );
  const server = new ConductorServer(
    conductor,
    {
      host: o.host ?? '127.0.0.1',
      port: o.port ?? 8420,
      oscPort: o.oscPort === undefined ? 9000 : o.oscPort,
      oscHost: o.oscHost ?? '127.0.0.1',
      token,
      assetRoot: o.assetRoot ?? resolve(PROJECT_ROOT, 'assets'),
      pages: o.pages ?? 'built',
      log,
    },
    epochNow,
  );
  // Missing assets do not stop a show (their layers stay dark); they are named once, file and field.
  const assetRoot = o.assetRoot ?? resolve(PROJECT_ROOT, 'assets');
  for (const p of checkShowAssets(show.value, assetRoot)) {
    const line = `${show.file}: ${formatProblem(p)}; the show runs without it`;
    log('warn', line);
    conductor.note('warn', line);
  }
  await server.start();
  return { url: server.url, token, tokenFile, profile: profile.value, conductor, server, stop: () => server.stop() };
}
