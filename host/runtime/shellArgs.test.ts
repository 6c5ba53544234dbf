import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseShellArgs } from './shellArgs.ts';

describe('parseShellArgs', () => {
  it('uses the npm start defaults, picking the preview profile on a single display', () => {
    expect(parseShellArgs([], 1)).toEqual({ conductor: { show: 'dien-bien-phu', profile: 'preview-3', port: 8420, oscPort: 9000, host: '127.0.0.1', oscHost: '127.0.0.1', pages: 'built' }, kiosk: false });
    expect(parseShellArgs([], 4)).toMatchObject({ conductor: { profile: 'dien-bien-phu' } });
  });

  it('reads every npm start option and ignores the ones only npm start uses', () => {
    const argv = ['--profile', 'hall', '--show', 'night', '--lang', 'vi', '--port', '0', '--osc-port', '9100', '--host', '0.0.0.0', '--kiosk', '--runtime', 'electron'];
    expect(parseShellArgs(argv, 2)).toEqual({ conductor: { show: 'night', profile: 'hall', port: 0, oscPort: 9100, host: '0.0.0.0', oscHost: '127.0.0.1', pages: 'built', language: 'vi' }, kiosk: true });
    expect(parseShellArgs(['--osc-port', 'off'], 2)).toMatchObject({ conductor: { oscPort: null } });
  });

  it('leaves Electron and Chromium switches alone', () => {
    expect(parseShellArgs(['--no-sandbox', '--enable-logging=stderr', '--show', 'x'], 2)).toMatchObject({ conductor: { show: 'x' } });
  });

  it('refuses missing values, stray words and bad ports with a message', () => {
    expect(parseShellArgs(['--show'], 2)).toBe('--show needs a value');
    expect(parseShellArgs(['--show', '--kiosk'], 2)).toBe('--show needs a value');
    expect(parseShellArgs(['--profil', 'hall'], 2)).toBe('unexpected argument hall');
    expect(parseShellArgs(['--port', '70000'], 2)).toMatch(/^--port must be a whole number from 0 to 65535/);
    expect(parseShellArgs(['--port', '1.5'], 2)).toMatch(/^--port/);
    expect(parseShellArgs(['--osc-port', '0'], 2)).toMatch(/^--osc-port must be "off" or a whole number/);
  });
});

describe('parseShellArgs, show-machine options', () => {
  it('reads --osc-host and --dev', () => {
    const r = parseShellArgs(['--osc-host', '0.0.0.0', '--dev'], 1);
    expect(typeof r === 'object' && r.conductor.oscHost).toBe('0.0.0.0');
    expect(typeof r === 'object' && r.conductor.pages).toBe('dev');
  });
});

describe('parseShellArgs, the virtual visit', () => {
  it('reads the OSC trust options, and refuses a bad allow-list', () => {
    const argv = ['--osc-allow', '127.0.0.1,192.168.1.0/24', '--osc-secret-file', 'osc.secret', '--osc-calibration'];
    expect(parseShellArgs(argv, 1)).toMatchObject({ conductor: { oscAllow: '127.0.0.1,192.168.1.0/24', oscSecretFile: resolve('osc.secret'), oscCalibration: true } });
    expect(parseShellArgs([], 1)).not.toHaveProperty('conductor.oscCalibration');
    expect(parseShellArgs(['--osc-allow', 'everyone'], 1)).toBe('--osc-allow: "everyone" is not an IPv4 address or range (expected e.g. 192.168.1.20 or 10.0.0.0/8)');
  });

  it('reads --visit', () => {
    expect(parseShellArgs(['--visit'], 1)).toMatchObject({ visit: true, kiosk: false });
    expect(parseShellArgs([], 1)).not.toHaveProperty('visit');
  });

  it('reads --calibrate (the calibration page)', () => {
    expect(parseShellArgs(['--calibrate', '--visit'], 1)).toMatchObject({ calibrate: true, visit: true });
    expect(parseShellArgs([], 1)).not.toHaveProperty('calibrate');
  });
});

describe('parseShellArgs, the asset folder', () => {
  it('reads --assets as an absolute folder, and leaves the default (the project assets/) to the conductor', () => {
    const a = parseShellArgs(['--assets', 'media/hall'], 1);
    expect(typeof a === 'object' && a.conductor.assetRoot).toBe(resolve('media/hall'));
    const b = parseShellArgs([], 1);
    expect(typeof b === 'object' && 'assetRoot' in b.conductor).toBe(false);
    expect(parseShellArgs(['--assets'], 1)).toBe('--assets needs a value');
  });
});
