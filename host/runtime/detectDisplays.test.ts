import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineChromiumFlags } from './ChromiumRuntime.ts';
import { detectDisplays, parseXrandrMonitors } from './detectDisplays.ts';

/** A PATH holding only an `xrandr` script with this body (none when null). */
function pathWith(xrandrScript: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'xrandr-path-'));
  if (xrandrScript !== null) {
    writeFileSync(join(dir, 'xrandr'), `#!/bin/sh\n${xrandrScript}\n`);
    chmodSync(join(dir, 'xrandr'), 0o755);
  }
  return dir;
}

describe('display detection and Chromium flags', () => {
  it('parses xrandr --listmonitors, primary first as marked', () => {
    const text = 'Monitors: 3\n 0: +*HDMI-1 1920/510x1080/290+0+0  HDMI-1\n 1: +DP-1 3840/600x2160/340+1920+0  DP-1\n 2: +DP-2 3840/600x2160/340+5760+0  DP-2\n';
    expect(parseXrandrMonitors(text)).toEqual([
      { id: 'HDMI-1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true },
      { id: 'DP-1', bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, scaleFactor: 1, primary: false },
      { id: 'DP-2', bounds: { x: 5760, y: 0, width: 3840, height: 2160 }, scaleFactor: 1, primary: false },
    ]);
    expect(parseXrandrMonitors('Monitors: 1\n 0: +screen 1920/508x1080/286+0+0  screen\n')[0]!.primary).toBe(true);
    expect(parseXrandrMonitors('garbage')).toEqual([]);
  });

  it('adds --no-sandbox only as root and SwiftShader only without a GPU, saying why', () => {
    expect(machineChromiumFlags(1000, true)).toEqual({ args: [], notes: [] });
    const root = machineChromiumFlags(0, false);
    expect(root.args).toEqual(['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
    expect(root.notes).toHaveLength(2);
  });

  it('says clearly when xrandr is missing: the command, the package, and what it means for the outputs', () => {
    const r = detectDisplays({ DISPLAY: ':99', PATH: pathWith(null) });
    expect(r.displays).toHaveLength(1);
    expect(r.note).toMatch(/^the command xrandr is missing/);
    expect(r.note).toContain('sudo apt-get install x11-xserver-utils');
    expect(r.note).toContain('one tiled preview window');
  });

  it('lists the displays through xrandr, and says why when xrandr fails', () => {
    const two = detectDisplays({ DISPLAY: ':99', PATH: pathWith(`echo 'Monitors: 2'; echo ' 0: +*HDMI-1 1920/510x1080/290+0+0  HDMI-1'; echo ' 1: +DP-1 1920/510x1080/290+1920+0  DP-1'`) });
    expect(two).toEqual({ displays: [expect.objectContaining({ id: 'HDMI-1', primary: true }), expect.objectContaining({ id: 'DP-1', bounds: { x: 1920, y: 0, width: 1920, height: 1080 } })], note: null });
    const failing = detectDisplays({ DISPLAY: ':99', PATH: pathWith(`echo "Can't open display :99" >&2; exit 1`) });
    expect(failing.displays).toHaveLength(1);
    expect(failing.note).toBe("xrandr could not list the displays (Can't open display :99); assuming one 1920×1080 display");
  });
});
