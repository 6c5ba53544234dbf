import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { loadProfile, loadShow, PROJECT_ROOT } from '../files/loadDocuments.ts';
import { controlToken, visitorToken } from '../settings/settingsDir.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import type { AudioFileProblem } from '../../engine/core/protocol/status.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { checkShowAudio } from '../validate/checkShowAudio.ts';
import { checkImageAssets } from '../validate/validateFile.ts';
import { Conductor } from './Conductor.ts';
import { ConductorServer } from './ConductorServer.ts';
import { ProfileStore } from '../profiles/ProfileStore.ts';
import type { SendLimits } from './ClientChannel.ts';
import { escapeForLog } from './escapeForLog.ts';
import { DEFAULT_OSC_ALLOW, parseAllowList } from './oscPolicy.ts';

/** Reads the OSC shared secret: the file's text without surrounding white space, at least 12 characters. */
function readOscSecret(file: string, warn: (line: string) => void): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--osc-secret-file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const secret = text.trim();
  if (secret.length < 12) throw new Error(`--osc-secret-file ${file}: the secret must be at least 12 characters (it has ${secret.length})`);
  if ((statSync(file).mode & 0o077) !== 0) warn(`--osc-secret-file ${file}: other users can read it; chmod 600 it`);
  return secret;
}

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
  /** OSC senders accepted, `ADDR[,ADDR…]` with CIDR ranges (default 127.0.0.0/8: this machine). */
  readonly oscAllow?: string;
  /** File holding the shared secret every OSC message must carry as its first argument (default: none). */
  readonly oscSecretFile?: string;
  /** Take calibration and file-writing commands over OSC (default false: refused, and logged). */
  readonly oscCalibration?: boolean;
  readonly language?: string;
  /** Settings folder for the tokens (default: the user's settings folder). */
  readonly settingsDir?: string;
  readonly assetRoot?: string;
  readonly pages?: 'built' | 'dev' | 'none';
  /** Per-client WebSocket send limits and heartbeat (default: ClientChannel's DEFAULT_SEND_LIMITS). */
  readonly sendLimits?: Partial<SendLimits>;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A running conductor. */
export interface RunningConductor {
  readonly url: string;
  /** The operator token (everything) and its file. */
  readonly token: string;
  readonly tokenFile: string;
  /** The visitor token (status, subtitles, visit; no commands) and its file. */
  readonly visitorToken: string;
  readonly visitorTokenFile: string;
  readonly profile: Profile;
  readonly conductor: Conductor;
  readonly server: ConductorServer;
  stop(): Promise<void>;
}

/**
 * Probes the show's audio files (each narration variant) and warns once per unplayable file, naming
 * the show file, the field and the asset. The show still runs: those clips are silent. Returns one
 * entry per clip and file for the conductor's status.
 */
export function checkAudioAtLoad(show: Show, showFile: string, assetRoot: string, warn: (line: string) => void): AudioFileProblem[] {
  const problems = checkShowAudio(show, assetRoot);
  const byFile = new Map<string, typeof problems>();
  for (const p of problems) byFile.set(`${p.file}\n${p.reason}`, [...(byFile.get(`${p.file}\n${p.reason}`) ?? []), p]);
  for (const same of byFile.values()) {
    const first = same[0]!;
    const clips = [...new Set(same.map((p) => p.clipId))];
    const more = same.length > 1 ? ` (and ${same.length - 1} more use${same.length === 2 ? '' : 's'} of it)` : '';
    warn(`${showFile}: ${first.path}: ${first.message}${more}; clip${clips.length === 1 ? '' : 's'} ${clips.join(', ')} stay${clips.length === 1 ? 's' : ''} silent, the show runs without ${clips.length === 1 ? 'it' : 'them'}`);
  }
  return problems.map((p) => ({ clipId: p.clipId, file: p.file, reason: p.reason }));
}

/**
 * Routes naming speakers the profile does not list (the show is checked without a profile, so this
 * waits for load). Such ids are ignored by the router; a clip naming none that exist plays on every
 * speaker. Nothing is said when the profile lists no speakers (a laptop's virtual stereo pair).
 */
export function checkRoutesAtLoad(show: Show, profile: Profile, showFile: string, warn: (line: string) => void): void {
  const speakers = profile.audio?.speakers ?? [];
  if (speakers.length === 0) return;
  const known = new Set(speakers.map((sp) => sp.id));
  show.tracks.forEach((track, ti) => {
    if (track.type !== 'audio') return;
    track.clips.forEach((clip, ci) => {
      if (!clip.route || !('speakers' in clip.route)) return;
      const unknown = clip.route.speakers.filter((id) => !known.has(id));
      if (unknown.length === 0) return;
      const none = unknown.length === clip.route.speakers.length;
      warn(`${showFile}: tracks.${ti}.clips.${ci}.route.speakers: ${unknown.map((id) => `"${id}"`).join(', ')} ${unknown.length === 1 ? 'is not a speaker' : 'are not speakers'} of profile ${profile.id} (it has ${[...known].join(', ')}); clip ${clip.id} plays on ${none ? 'every speaker' : 'the others'}`);
    });
  });
}

/** The shared epoch of this machine, seconds: wall-clock anchored, monotonic within the process. */
export const epochNow = (): number => (performance.timeOrigin + performance.now()) / 1000;

/**
 * Loads and validates the show and profile, gets the operator and visitor tokens, and starts the conductor and its
 * server. Throws an Error whose message lists every problem (file: field: what (expected)).
 */
export async function startConductor(o: ConductorOptions): Promise<RunningConductor> {
  const profile = loadProfile(o.profile);
  const show = loadShow(o.show);
  const problems = [...(profile.ok ? [] : profile.lines), ...(show.ok ? [] : show.lines)];
  if (!profile.ok || !show.ok) throw new Error(problems.join('\n'));
  const language = o.language ?? show.value.defaultLanguage;
  if (!show.value.languages.includes(language)) throw new Error(`${show.file}: languages: has no "${language}" (expected one of ${show.value.languages.join(', ')})`);
  const sink = o.log ?? ((level: string, m: string) => process.stderr.write(`[conductor] ${level}: ${m}\n`));
  // Lines carry user strings (show names, cue ids, who): made inert at the sink.
  const log = (level: 'info' | 'warn' | 'error', m: string) => sink(level, escapeForLog(m));
  const oscAllow = parseAllowList(o.oscAllow ?? DEFAULT_OSC_ALLOW);
  if (typeof oscAllow === 'string') throw new Error(oscAllow);
  const oscSecret = o.oscSecretFile !== undefined ? readOscSecret(o.oscSecretFile, (line) => log('warn', line)) : null;
  const { token, file: tokenFile } = controlToken(o.settingsDir, (m) => log('warn', m));
  const { token: visitor, file: visitorTokenFile } = visitorToken(o.settingsDir, (m) => log('warn', m));
  const assetRoot = o.assetRoot ?? resolve(PROJECT_ROOT, 'assets');
  // Set once the conductor exists; a show loaded later warns through it too.
  let warn = (line: string) => log('warn', line);
  const conductor = new Conductor(
    { show: show.value, showFile: show.file, profile: profile.value, profileFile: profile.file },
    epochNow,
    (name) => {
      // Shows load only from the project's shows folder, by name: a remote cannot open arbitrary paths.
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) return { ok: false, message: `loadShow: "${name}" is not a show name` };
      const r = loadShow(resolve(PROJECT_ROOT, 'shows', `${name}.show.json`));
      if (!r.ok) return { ok: false, message: r.lines.join('; ') };
      checkRoutesAtLoad(r.value, profile.value, r.file, warn);
      return { ok: true, show: r.value, file: r.file, audioProblems: checkAudioAtLoad(r.value, r.file, assetRoot, warn) };
    },
    language,
    (e, showS) => log('info', e.kind === 'chapter' ? `chapter ${e.index + 1} (${e.id}) at ${showS.toFixed(2)} s` : `cue ${e.id} ${JSON.stringify(e.action)} at ${showS.toFixed(2)} s`),
  );
  // saveProfile and rollbackProfile version the profile file the conductor loaded (the user's file).
  const profileStore = new ProfileStore(profile.file, { warn: (m) => log('warn', m) });
  conductor.attachProfileVersions(profileStore);
  const server = new ConductorServer(
    conductor,
    {
      host: o.host ?? '127.0.0.1',
      port: o.port ?? 8420,
      oscPort: o.oscPort === undefined ? 9000 : o.oscPort,
      oscHost: o.oscHost ?? '127.0.0.1',
      oscAllow,
      oscSecret,
      oscCalibration: o.oscCalibration ?? false,
      token,
      visitorToken: visitor,
      assetRoot: o.assetRoot ?? resolve(PROJECT_ROOT, 'assets'),
      pages: o.pages ?? 'built',
      log,
      profileStore,
      ...(o.sendLimits ? { sendLimits: o.sendLimits } : {}),
    },
    epochNow,
  );
  // Missing assets do not stop a show (their layers stay dark, their clips silent); they are named once, file and field.
  warn = (line: string) => {
    log('warn', line);
    conductor.note('warn', line);
  };
  for (const p of checkImageAssets(show.value, assetRoot)) warn(`${show.file}: ${formatProblem(p)}; the show runs without it`);
  conductor.setAudioProblems(checkAudioAtLoad(show.value, show.file, assetRoot, warn));
  checkRoutesAtLoad(show.value, profile.value, show.file, warn);
  await server.start();
  return { url: server.url, token, tokenFile, visitorToken: visitor, visitorTokenFile, profile: profile.value, conductor, server, stop: () => server.stop() };
}
