import { spawnSync } from 'node:child_process';
import type { DisplayInfo } from './displayPlan.ts';

/**
 * Parses `xrandr --listmonitors` output ("0: +*HDMI-1 1920/510x1080/290+0+0  HDMI-1") into displays.
 * Pure, so it is tested on captured outputs.
 */
export function parseXrandrMonitors(text: string): DisplayInfo[] {
  const out: DisplayInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+:\s+\+?(\*?)(\S+)\s+(\d+)\/\d+x(\d+)\/\d+\+(-?\d+)\+(-?\d+)/.exec(line);
    if (!m) continue;
    out.push({ id: m[2]!, bounds: { x: Number(m[5]), y: Number(m[6]), width: Number(m[3]), height: Number(m[4]) }, scaleFactor: 1, primary: m[1] === '*' });
  }
  if (out.length > 0 && !out.some((d) => d.primary)) out[0] = { ...out[0]!, primary: true };
  return out;
}

/** The Debian/Ubuntu package that provides xrandr. */
export const XRANDR_PACKAGE = 'x11-xserver-utils';

/**
 * The displays of this machine for the Chromium runtime (X11: xrandr). Where they cannot be listed,
 * one 1920×1080 display is assumed and the reason is returned, to be said once at start-up: above all
 * a missing xrandr, which would otherwise put a hall of projectors into one tiled preview window
 * without a word.
 */
export function detectDisplays(env: NodeJS.ProcessEnv = process.env): { displays: DisplayInfo[]; note: string | null } {
  const fallback = [{ id: 'default', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true }];
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { displays: fallback, note: 'no graphical display (DISPLAY is not set)' };
  const r = spawnSync('xrandr', ['--listmonitors'], { encoding: 'utf8', timeout: 5000, env });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return {
      displays: fallback,
      note:
        `the command xrandr is missing, so the displays cannot be listed: assuming ONE 1920×1080 display, so every projector goes into one tiled preview window. ` +
        `Install it (Debian/Ubuntu: sudo apt-get install ${XRANDR_PACKAGE}) and start again to give each projector its own display.`,
    };
  }
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n')[0] || `exit ${r.status}`;
    return { displays: fallback, note: `xrandr could not list the displays (${why}); assuming one 1920×1080 display` };
  }
  const displays = parseXrandrMonitors(r.stdout);
  return displays.length ? { displays, note: null } : { displays: fallback, note: 'xrandr listed no monitors; assuming one 1920×1080 display' };
}
