/**
 * npm start [-- --profile P] [--show S] [--lang CODE] [--port N] [--osc-port N|off] [--osc-host H] [--osc-allow ADDR,…] [--osc-secret-file F] [--osc-calibration] [--host H] [--assets DIR] [--kiosk] [--headless] [--dev] [--visit] [--calibrate]
 * npm start -- --node --conductor HOST:PORT [--token-file F] [--projector ID ...]   (or the token in $PANORAMA_TOKEN)
 *
 * Starts the conductor (show clock, control API, OSC) and opens every projector output on its display
 * plus the control window: in Electron where it is installed, else in Chromium windows (said once).
 * With fewer displays than projectors a preview window tiles the outputs. --headless opens no windows.
 * --visit also opens the virtual visit (the show in the simulated hall, seen from the platform).
 * --calibrate also opens the calibration page (the technician's tools; calibration stays locked until unlocked there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { TOKEN_RE } from '../../engine/core/protocol/tokenHandoff.ts';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { findChromium } from '../browser/findChromium.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { startConductor } from '../conductor/startConductor.ts';
import { ChromiumRuntime, machineChromiumFlags, type ChromiumWindow } from '../runtime/ChromiumRuntime.ts';
import { detectDisplays } from '../runtime/detectDisplays.ts';
import { parseRememberedDisplays, planWindows, rememberAssignments } from '../runtime/displayPlan.ts';
import { audioUrl, audioWindowBounds, calibrationUrl, controlUrl, outputUrl, previewUrl, subtitlesUrl, visitUrl, visitWindowBounds, withToken } from '../runtime/windowOptions.ts';
import { FLAG_NAMES, parseShellArgs, VALUE_NAMES, type ShellArgs } from '../runtime/shellArgs.ts';
import { superviseOutputs } from '../runtime/superviseOutputs.ts';
import { controlToken, settingsDir } from '../settings/settingsDir.ts';
import { parseArgs } from './args.ts';

const USAGE = [
  'usage: npm start -- [--profile P] [--show S] [--lang CODE] [--port N] [--host H] [--assets DIR] [--kiosk] [--headless] [--dev] [--visit] [--calibrate] [--runtime chromium|electron]',
  '                    [--osc-port N|off] [--osc-host H] [--osc-allow ADDR[,ADDR…]] [--osc-secret-file FILE] [--osc-calibration]',
  '       npm start -- --node --conductor HOST:PORT [--token-file F] [--projector ID]   (or the token in $PANORAMA_TOKEN)',
  'OSC (udp 9000 by default, bound exclusively): --osc-port off turns it off; --osc-allow lists the senders taken',
  '  (IPv4 addresses or CIDR ranges; default 127.0.0.0/8, this machine only); --osc-secret-file FILE makes every',
  '  message carry the secret in FILE as its first argument; --osc-calibration also takes the calibration and',
  '  file-writing commands (lock, pattern, projector, save, rollback), refused over OSC otherwise.',
].join('\n');

const say = (line: string) => process.stdout.write(line + '\n');

type Running = Awaited<ReturnType<typeof startConductor>>;
type Displays = ReturnType<typeof detectDisplays>['displays'];

function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

async function runElectron(binary: string, argv: string[]): Promise<number> {
  // Electron runs JavaScript: bundle the thin main process (ESM, so import.meta keeps working) and the
  // sandboxed preload (CommonJS, as sandboxed preloads must be) with esbuild, Vite's own. Packages stay
  // external and resolve from node_modules; dist/electron sits as deep as host/*, so paths hold.
  const esbuild = await import('esbuild');
  const out = join(import.meta.dirname, '../../dist/electron');
  const common = { bundle: true, platform: 'node' as const, packages: 'external' as const, logLevel: 'error' as const };
  await esbuild.build({ ...common, entryPoints: [join(import.meta.dirname, '../../electron/main.ts')], outfile: join(out, 'main.mjs'), format: 'esm' });
  await esbuild.build({ ...common, entryPoints: [join(import.meta.dirname, '../../electron/preload.ts')], outfile: join(out, 'preload.cjs'), format: 'cjs' });
  const child = spawn(binary, [join(out, 'main.mjs'), ...argv], { stdio: 'inherit', env: { ...process.env, PANORAMA_PRELOAD: join(out, 'preload.cjs') } });
  return new Promise((ok) => child.on('exit', (code) => ok(code ?? 1)));
}

/** The links and tokens the operator needs, printed once the conductor runs. */
function printLinks(running: Running, shell: ShellArgs): void {
  const { conductor, server } = running;
  say(`Panorama show engine: "${conductor.status().show.title}" on profile ${running.profile.id} (${running.profile.projectors.length} projectors)`);
  const c = shell.conductor;
  const oscTrust = `from ${c.oscAllow ?? '127.0.0.0/8'}${c.oscSecretFile ? ', with the shared secret' : ''}, calibration commands ${c.oscCalibration ? 'on' : 'off (--osc-calibration)'}`;
  say(`  conductor   ${running.url}   (OSC ${server.oscPort === null ? 'off' : `udp ${server.oscPort} ${oscTrust}`})`);
  say(`  operator token in ${running.tokenFile} (everything, calibration and saves: handed to the windows opened here; render nodes: --token-file)`);
  say(`  visitor token in ${running.visitorTokenFile} (subtitles, visit and status only)`);
  say(`  language    ${conductor.language} (the show offers ${conductor.status().languages.join(', ')})`);
  say(`  subtitles   ${withToken(subtitlesUrl(running.url), running.visitorToken)} (for visitors' phones; ?lang=CODE picks a language)`);
  say(`  visit       ${withToken(visitUrl(running.url), running.visitorToken)} (the show in the simulated hall; a local preview for its chapters)${shell.visit ? ', opened' : ''}`);
  say(`  control     ${controlUrl(running.url)} (operator token, as #token=…)`);
  say(`  calibrate   ${calibrationUrl(running.url)} (operator token, as #token=…; the technician's tools, locked until unlocked there)${shell.calibrate ? ', opened' : ''}`);
}

/** The windows of this machine: one per output (or a tiled preview), control, audio, and visit or calibration when asked. */
function planChromiumWindows(running: Running, shell: ShellArgs, displays: Displays) {
  const rememberFile = join(settingsDir(), 'displays.json');
  let remembered = {};
  try {
    remembered = parseRememberedDisplays(JSON.parse(readFileSync(rememberFile, 'utf8')));
  } catch {
    // first run, or an unreadable file: decide afresh
  }
  const plan = planWindows(running.profile, displays, remembered, { controlOnPrimary: true });
  for (const w of plan.warnings) say(`  ${w}`);
  // Merge: a preview run (no outputs placed) must not forget the assignments of the last real run.
  writeFileAtomic(rememberFile, JSON.stringify({ ...remembered, ...rememberAssignments(plan) }, null, 2) + '\n');
  const kiosk = shell.kiosk;
  // No token in any URL: the runtime hands each page its token over the DevTools pipe.
  const token = running.token;
  const windows: ChromiumWindow[] = plan.outputs.map((o) => ({ name: o.projectorId, url: outputUrl(running.url, o.projectorId), token, bounds: o.bounds, kiosk }));
  if (plan.preview) windows.push({ name: 'preview', url: previewUrl(running.url, plan.preview.projectorIds), token, bounds: plan.preview.bounds, kiosk: false });
  windows.push({ name: 'control', url: controlUrl(running.url), token, bounds: plan.control.bounds, kiosk: false });
  // The machine's one audio engine: its own small window, so closing the control window never stops the sound.
  windows.push({ name: 'audio', url: audioUrl(running.url), token, bounds: audioWindowBounds(plan.control.bounds), kiosk: false });
  // Without a GPU the visit would take the outputs' CPU: a few small frames a second beside them.
  // It follows the hall with the visitor token: it shows the show, the control window drives it.
  if (shell.visit) windows.push({ name: 'visit', url: visitUrl(running.url, 'follow', !existsSync('/dev/dri')), token: running.visitorToken, bounds: visitWindowBounds(plan.control.bounds), kiosk: false });
  // The technician's page, in the visit's place (both rarely open together; the window manager can move it).
  if (shell.calibrate) windows.push({ name: 'calibration', url: calibrationUrl(running.url), token, bounds: visitWindowBounds(plan.control.bounds), kiosk: false });
  return { plan, windows };
}

/** Opens this machine's windows in Chromium and supervises the outputs; null (said why) when no Chromium is found. */
function openChromiumWindows(running: Running, shell: ShellArgs, displays: Displays, note: string | null): ChromiumRuntime | null {
  const { conductor } = running;
  const chromium = findChromium();
  if (!electronBinary()) say('  Electron is not installed here (its binary could not be downloaded), so the outputs run in Chromium windows.');
  if (note) say(`  displays: ${note}`);
  if (!chromium.ok) {
    say(`  ${chromium.message}`);
    say(`  The conductor keeps running: open ${outputUrl(running.url, running.profile.projectors[0]!.id)}#token=… (operator token) in any Chromium.`);
    return null;
  }
  const { plan, windows } = planChromiumWindows(running, shell, displays);
  const flags = machineChromiumFlags();
  for (const n of flags.notes) say(`  ${n}`);
  const runtime = new ChromiumRuntime(
    chromium.path,
    flags.args,
    (level, m) => {
      conductor.note(level, m);
      process.stderr.write(`[runtime] ${level}: ${m}\n`);
    },
    { profileRoot: join(settingsDir(), 'chromium') },
  );
  runtime.open(windows);
  // A crashed renderer leaves its process (and window) up: restart windows whose page went silent;
  // reloadOutput and GO bring back windows the recovery policy gave up on.
  superviseOutputs(
    conductor,
    runtime,
    windows.filter((w) => w.name === 'preview' || plan.outputs.some((o) => o.projectorId === w.name)).map((w) => ({ name: w.name, projectorIds: w.name === 'preview' ? plan.preview!.projectorIds : [w.name], preview: w.name === 'preview' })),
  );
  say(`  opened ${windows.length} Chromium windows (${plan.mode === 'preview' ? 'preview tiling every output' : 'one per output'} + control + audio${shell.visit ? ' + visit' : ''}${shell.calibrate ? ' + calibration' : ''})`);
  return runtime;
}

/** Resolves at Ctrl-C or SIGTERM. */
const untilStopped = (): Promise<void> =>
  new Promise<void>((ok) => {
    process.once('SIGINT', ok);
    process.once('SIGTERM', ok);
  });

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n(README.md, "Command line", says what each option does.)\n`);
    return 0;
  }
  const args = parseArgs(argv, VALUE_NAMES, FLAG_NAMES);
  if (typeof args === 'string') {
    process.stderr.write(`start: ${args}\n${USAGE}\n`);
    return 2;
  }
  const v = args.values;
  const { displays, note } = detectDisplays();
  if (v.has('token')) {
    // A command line is readable by every user of the machine (ps): a token never goes there.
    process.stderr.write('start: --token would show the token to every user of this machine (ps); give --token-file FILE or set PANORAMA_TOKEN\n');
    return 2;
  }
  if (args.flags.has('node')) return runNode(v.get('conductor'), v.get('token-file'), v.get('projector'), args.flags.has('kiosk'), displays);

  const wantsWindows = !args.flags.has('headless');
  const electron = wantsWindows && v.get('runtime') !== 'chromium' ? electronBinary() : null;
  if (electron) return runElectron(electron, argv);

  // The same reading of the command line as the Electron shell: one place for options and defaults.
  const shell = parseShellArgs(argv, displays.length);
  if (typeof shell === 'string') {
    process.stderr.write(`start: ${shell}\n${USAGE}\n`);
    return 2;
  }
  let running;
  try {
    running = await startConductor(shell.conductor);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\nstart: nothing was started.\n`);
    return 1;
  }
  const { conductor } = running;
  printLinks(running, shell);
  const runtime = wantsWindows ? openChromiumWindows(running, shell, displays, note) : null;
  const start = conductor.perform({ command: 'play' });
  say(`  ${start.message}. Ctrl-C stops.`);
  await untilStopped();
  say('stopping…');
  await runtime?.close();
  await running.stop();
  return 0;
}

/** A render node's token: from --token-file, else $PANORAMA_TOKEN, else this machine's control-token file. */
function nodeToken(tokenFile: string | undefined): string {
  if (tokenFile !== undefined) {
    const t = readFileSync(tokenFile, 'utf8').trim();
    if (!TOKEN_RE.test(t)) throw new Error(`${tokenFile} holds no token (16 to 200 letters, digits, - or _)`);
    return t;
  }
  const env = process.env['PANORAMA_TOKEN'];
  if (env !== undefined && env !== '') return env;
  return controlToken().token;
}

async function runNode(conductor: string | undefined, tokenFile: string | undefined, projector: string | undefined, kiosk: boolean, displays: Displays): Promise<number> {
  if (!conductor || !/^[A-Za-z0-9.:[\]-]+:\d+$/.test(conductor)) {
    process.stderr.write(`start: --node needs --conductor HOST:PORT\n${USAGE}\n`);
    return 2;
  }
  let token: string;
  try {
    token = nodeToken(tokenFile);
  } catch (err) {
    process.stderr.write(`start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const base = `http://${conductor}`;
  let status: { profile: { id: string; projectors: string[] } };
  try {
    const res = await fetch(`${base}/api/status`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) throw new Error('the conductor refused the token (copy its control-token file and give --token-file FILE)');
    if (!res.ok) throw new Error(`the conductor answered HTTP ${res.status}`);
    status = (await res.json()) as typeof status;
  } catch (err) {
    process.stderr.write(`start: cannot reach the conductor at ${conductor}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const chromium = findChromium();
  if (!chromium.ok) {
    process.stderr.write(`start: ${chromium.message}\n`);
    return 1;
  }
  const ids = projector ? [projector] : status.profile.projectors;
  say(`Render node for ${conductor}: ${ids.join(', ')} (clock synchronised to the conductor continuously)`);
  const flags = machineChromiumFlags();
  for (const n of flags.notes) say(`  ${n}`);
  const runtime = new ChromiumRuntime(chromium.path, flags.args, (level, m) => process.stderr.write(`[node] ${level}: ${m}\n`), { profileRoot: join(settingsDir(), 'chromium-node') });
  runtime.open(ids.map((id, i) => ({ name: id, url: outputUrl(base, id), token, bounds: (displays[i] ?? displays[0]!).bounds, kiosk })));
  await untilStopped();
  await runtime.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    if (code !== 0) process.exit(code);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
