import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlToken, ensureSettingsDir, TOKEN_RE, visitorToken } from './settingsDir.ts';

const mode = (p: string) => statSync(p).mode & 0o777;
let priorUmask = 0;

// A umask of 0 is the worst case: a file opened 0666 would stay world-readable. The tests must see
// 0600 without any help from the umask.
beforeAll(() => {
  priorUmask = process.umask(0);
});
afterAll(() => {
  process.umask(priorUmask);
});

describe('tokens in the settings folder', () => {
  it('creates the folder 0700 and both tokens 0600, distinct, and reads the same ones back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'settings-')), 'panorama');
    const lines: string[] = [];
    const op = controlToken(dir, (m) => lines.push(m));
    const vi = visitorToken(dir, (m) => lines.push(m));
    expect(mode(dir)).toBe(0o700);
    expect(op).toMatchObject({ file: join(dir, 'control-token'), created: true });
    expect(vi).toMatchObject({ file: join(dir, 'visitor-token'), created: true });
    expect(mode(op.file)).toBe(0o600);
    expect(mode(vi.file)).toBe(0o600);
    expect(op.token).toMatch(TOKEN_RE);
    expect(vi.token).toMatch(TOKEN_RE);
    expect(op.token).not.toBe(vi.token);
    expect(readFileSync(op.file, 'utf8')).toBe(`${op.token}\n`);
    expect(controlToken(dir, (m) => lines.push(m))).toEqual({ token: op.token, file: op.file, created: false });
    expect(visitorToken(dir, (m) => lines.push(m))).toEqual({ token: vi.token, file: vi.file, created: false });
    expect(lines).toEqual([]);
  });

  it('tightens a loose token file and a loose folder, saying so, and keeps the token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'control-token'), 'abcdefghijklmnopqrstuvwx\n', { mode: 0o644 });
    writeFileSync(join(dir, 'visitor-token'), 'ABCDEFGHIJKLMNOPQRSTUVWX\n', { mode: 0o666 });
    expect(mode(join(dir, 'visitor-token'))).toBe(0o666);
    const lines: string[] = [];
    expect(controlToken(dir, (m) => lines.push(m))).toMatchObject({ token: 'abcdefghijklmnopqrstuvwx', created: false });
    expect(visitorToken(dir, (m) => lines.push(m))).toMatchObject({ token: 'ABCDEFGHIJKLMNOPQRSTUVWX', created: false });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'control-token'))).toBe(0o600);
    expect(mode(join(dir, 'visitor-token'))).toBe(0o600);
    expect(lines).toEqual([
      `${dir} was open to other users (mode 0755); tightened to 0700`,
      `${join(dir, 'control-token')} was readable by other users (mode 0644); tightened to 0600`,
      `${join(dir, 'visitor-token')} was readable by other users (mode 0666); tightened to 0600`,
    ]);
    ensureSettingsDir(dir, (m) => lines.push(m));
    expect(lines).toHaveLength(3);
  });

  it('replaces a file holding no valid token with a new one, 0600, even over a stale world-readable temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'control-token'), 'short\n', { mode: 0o600 });
    writeFileSync(join(dir, `.control-token.${process.pid}.tmp`), 'stale', { mode: 0o666 });
    const lines: string[] = [];
    const t = controlToken(dir, (m) => lines.push(m));
    expect(t.created).toBe(true);
    expect(t.token).toMatch(TOKEN_RE);
    expect(mode(t.file)).toBe(0o600);
    expect(lines).toEqual([`${t.file} holds no valid token; a new operator token was written`]);
  });

  it('refuses a token path that is a link or a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'elsewhere'), 'abcdefghijklmnopqrstuvwx\n', { mode: 0o600 });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'control-token'));
    expect(() => controlToken(dir, () => {})).toThrow(/control-token is not a regular file/);
    mkdirSync(join(dir, 'visitor-token'));
    expect(() => visitorToken(dir, () => {})).toThrow(/visitor-token is not a regular file/);
  });
});
