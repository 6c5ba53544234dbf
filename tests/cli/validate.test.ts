import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const demo = readFileSync(join(root, 'shows/demo.show.json'), 'utf8');
let dir: string;

/** Runs the validate CLI as a user does (npm run validate -- …), from the project folder. */
function validate(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/validate.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, INIT_CWD: dir },
  });
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  return { status: r.status, signal: r.signal, lines, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(file: string, pattern: RegExp) {
  const r = validate(file);
  expect(r.signal, 'the CLI must not hang').toBeNull();
  expect(r.status).toBe(1);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]!.startsWith(`${file}: `)).toBe(true);
  expect(r.lines[0]).toMatch(pattern);
  expect(r.lines[0]).toMatch(/^[^:]+: [^:]+: .+ \(.+\)$/); // FILE: path: what (expected)
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

function variant(mutate: (d: Record<string, any>) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const d = JSON.parse(demo);
  mutate(d);
  return JSON.stringify(d, null, 2);
}

describe('npm run validate', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validate-'));
    mkdirSync(join(dir, 'assets/paintings'), { recursive: true });
    writeFileSync(join(dir, 'assets/paintings/p.png'), 'png');
    // A deterministic pseudo-random byte stream: binary garbage with NULs and invalid UTF-8.
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
    writeFileSync(join(dir, 'garbage.bin'), bytes);
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])); // {"é"} in Latin-1
    writeFileSync(join(dir, 'empty.show.json'), '');
    writeFileSync(join(dir, 'truncated.show.json'), demo.slice(0, Math.floor(demo.length / 2)));
    writeFileSync(join(dir, 'deep.show.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    writeFileSync(join(dir, 'deep-field.show.json'), variant(() => {}).replace('"durationS": 120', `"durationS": ${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    writeFileSync(join(dir, 'huge-number.show.json'), demo.replace('"durationS": 120', '"durationS": 1e999'));
    writeFileSync(join(dir, 'bom.show.json'), '\ufeff' + demo);
    writeFileSync(join(dir, 'escape.show.json'), variant((d) => d.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 5, src: '../../etc/passwd' }] })));
    writeFileSync(join(dir, 'missing-asset.show.json'), variant((d) => d.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 5, src: 'paintings/none.png' }] })));
    writeFileSync(join(dir, 'with-asset.show.json'), variant((d) => d.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 5, src: 'paintings/p.png' }] })));
    symlinkSync('/etc/hostname', join(dir, 'assets/paintings/link.png'));
    writeFileSync(join(dir, 'symlink-asset.show.json'), variant((d) => d.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i', startS: 0, durationS: 5, src: 'paintings/link.png' }] })));
    writeFileSync(join(dir, 'future.show.json'), demo.replace(/"schemaVersion": \d+/, '"schemaVersion": 42'));
    writeFileSync(join(dir, 'many-problems.show.json'), variant((d) => { d.tracks[1].clips = Array.from({ length: 500 }, (_, i) => ({ id: `c${i}`, effect: 'wash', startS: -1, durationS: 1 })); }));
    // 50 MB: a real-looking show whose title is a 50 MB string.
    writeFileSync(join(dir, 'big.show.json'), demo.replace('"Engine demo: light on a panorama"', JSON.stringify('x'.repeat(50 * 1024 * 1024))));
    writeFileSync(join(dir, 'too-big.show.json'), Buffer.alloc(65 * 1024 * 1024, 0x20));
  });

  it('passes a valid show with a one-line summary and exit 0', () => {
    writeFileSync(join(dir, 'demo.show.json'), demo);
    const r = validate('demo.show.json', 'bom.show.json', 'with-asset.show.json', '--assets', 'assets');
    expect(r.status).toBe(0);
    expect(r.lines).toEqual(['validate: 3 files valid']);
  });

  it.each([
    ['empty.show.json', /\(document\): the file is empty/],
    ['garbage.bin', /\(document\): contains binary data/],
    ['latin1.json', /\(document\): is not UTF-8 text/],
    ['truncated.show.json', /\(document\): (the JSON ends too early|invalid JSON) at line \d+, column \d+/],
    ['deep.show.json', /\(document\): is a list of 1 \(an object/],
    ['deep-field.show.json', /durationS: is a list of 1 \(a number\)/],
    ['huge-number.show.json', /durationS: is a number too large to represent \(a finite number\)/],
    ['escape.show.json', /tracks\.3\.clips\.0\.src: "\.\.\/\.\.\/etc\/passwd" climbs out of the asset folder/],
    ['missing-asset.show.json', /tracks\.3\.clips\.0\.src: asset "paintings\/none\.png" is missing/],
    ['symlink-asset.show.json', /tracks\.3\.clips\.0\.src: asset "paintings\/link\.png" leads out of the asset folder through a symbolic link/],
    ['future.show.json', /schemaVersion: is 42, newer than this engine reads/],
    ['big.show.json', /title\.en: is too long \(at most 2000 characters\)/],
    ['too-big.show.json', /\(document\): is 65\.0 MiB, larger than the 64\.0 MiB/],
    ['no-such-file.show.json', /\(document\): no such file/],
    ['assets', /\(document\): is a folder, not a file/],
  ])('%s gives one clear line and exit 1', (file, pattern) => {
    expectOneLineError(file, pattern);
  });

  it('caps a flood of problems and says how many more there are', () => {
    const r = validate('many-problems.show.json');
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(101);
    expect(r.lines[100]).toMatch(/: \(document\): \d+ more problems not shown/);
  });

  it('reports every bad file and exits 1 when any is bad', () => {
    const r = validate('demo.show.json', 'empty.show.json', 'future.show.json');
    expect(r.status).toBe(1);
    expect(r.lines.map((l) => l.split(':')[0])).toEqual(['empty.show.json', 'future.show.json']);
    expect(r.stderr).toMatch(/2 problems in 2 of 3 files/);
  });

  it('explains its usage when called without files', () => {
    const r = validate();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run validate -- FILE/);
  });
});
