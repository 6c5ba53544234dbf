import { resolve } from 'node:path';
import type { ConductorOptions } from '../conductor/startConductor.ts';
import { parseAllowList } from '../conductor/oscPolicy.ts';
import { readOptions } from '../cli/args.ts';

/** What a shell (Electron main) makes of its command line: how to start the conductor, and whether to lock outputs in kiosk mode. */
export interface ShellArgs {
  conductor: ConductorOptions;
  kiosk: boolean;
  /** `--visit`: also open the virtual visit (web/visit) in its own window. */
  visit?: true;
  /** `--calibrate`: also open the calibration page (web/calibration) in its own window. */
  calibrate?: true;
}

/** The show `npm start` plays without --show: the Dien Bien Phu show (shows/dien-bien-phu.show.json). */
export const DEFAULT_SHOW = 'dien-bien-phu';

/** Options `npm start` takes with a value; the shell accepts them all because `npm start` hands its argv on unchanged. */
export const VALUE_NAMES: readonly string[] = ['profile', 'show', 'lang', 'port', 'osc-port', 'osc-host', 'osc-allow', 'osc-secret-file', 'host', 'conductor', 'token', 'token-file', 'projector', 'runtime', 'assets'];
/** Options `npm start` takes without a value. */
export const FLAG_NAMES: readonly string[] = ['kiosk', 'headless', 'node', 'dev', 'visit', 'calibrate', 'osc-calibration'];

/**
 * Reads the same options as `npm start` (`--profile P --show S --lang L --port N --osc-port N|off
 * --osc-host H --osc-allow ADDR[,ADDR…] --osc-secret-file FILE --osc-calibration --host H --assets DIR --kiosk`). Defaults match it: show "dien-bien-phu", profile "preview-3" on a single display and
 * "dien-bien-phu" otherwise, port 8420, OSC on 9000, host 127.0.0.1. Other `--switch` and
 * `--switch=value` options are left to Electron and Chromium (`--no-sandbox`, `--enable-logging`); a
 * stray word (often a mistyped option's value) is refused. Returns a message on bad input.
 */
export function parseShellArgs(argv: readonly string[], displayCount: number): ShellArgs | string {
  const args = readOptions(argv, VALUE_NAMES, FLAG_NAMES, { unknownOption: 'ignore', word: 'refuse' });
  if (typeof args === 'string') return args;
  const v = args.values;
  const flags = args.flags;
  const port = v.has('port') ? Number(v.get('port')) : 8420;
  const osc = v.get('osc-port');
  const oscPort = osc === 'off' ? null : osc !== undefined ? Number(osc) : 9000;
  // Port 0 lets the system pick a free port for the conductor; OSC needs a fixed one for show controllers.
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `--port must be a whole number from 0 to 65535, got ${v.get('port')}`;
  if (oscPort !== null && (!Number.isInteger(oscPort) || oscPort < 1 || oscPort > 65535)) return `--osc-port must be "off" or a whole number from 1 to 65535, got ${osc}`;
  const oscAllow = v.get('osc-allow');
  if (oscAllow !== undefined) {
    const ranges = parseAllowList(oscAllow);
    if (typeof ranges === 'string') return ranges;
  }
  const secretFile = v.get('osc-secret-file');
  const lang = v.get('lang');
  return {
    conductor: {
      show: v.get('show') ?? DEFAULT_SHOW,
      profile: v.get('profile') ?? (displayCount <= 1 ? 'preview-3' : 'dien-bien-phu'),
      port,
      oscPort,
      host: v.get('host') ?? '127.0.0.1',
      oscHost: v.get('osc-host') ?? '127.0.0.1',
      ...(oscAllow !== undefined ? { oscAllow } : {}),
      ...(secretFile !== undefined ? { oscSecretFile: resolve(secretFile) } : {}),
      ...(flags.has('osc-calibration') ? { oscCalibration: true } : {}),
      pages: flags.has('dev') ? 'dev' : 'built',
      ...(lang !== undefined ? { language: lang } : {}),
      // The installation's asset folder (paintings, sound) where it is not the project's assets/: a
      // museum keeps its scans and recordings on their own disk.
      ...(v.has('assets') ? { assetRoot: resolve(v.get('assets')!) } : {}),
    },
    kiosk: flags.has('kiosk'),
    ...(flags.has('visit') ? { visit: true as const } : {}),
    ...(flags.has('calibrate') ? { calibrate: true as const } : {}),
  };
}
