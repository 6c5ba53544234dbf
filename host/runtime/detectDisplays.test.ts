import { describe, expect, it } from 'vitest';
import { machineChromiumFlags } from './ChromiumRuntime.ts';
import { parseXrandrMonitors } from './detectDisplays.ts';

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
});
