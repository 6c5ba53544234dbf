import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

describe('npm start -- --lang', () => {
  it('refuses a language the show does not offer, naming the show file and the languages it has, and starts nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/start.ts'), '--headless', '--lang', 'de', '--port', '0', '--osc-port', 'off'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PANORAMA_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'start-lang-')) },
    });
    expect(r.signal, 'start must exit by itself').toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${join(root, 'shows/dien-bien-phu.show.json')}: languages: has no "de" (expected one of vi, en, fr)\nstart: nothing was started.\n`);
    expect(r.stdout).toBe('');
  });
});

describe('npm start -- --help', () => {
  it('prints the usage and starts nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/start.ts'), '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm start -- \[--profile P\].*--calibrate/);
    expect(r.stderr).toBe('');
  });
});
