import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startConductor, type ConductorOptions, type RunningConductor } from './startConductor.ts';
import { freeUdpPort, until } from '../../tests/support/waitFor.ts';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const running: RunningConductor[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const r of running.splice(0)) await r.stop();
});



/** Another process binding `port` on `host`, as a hijacker would (SO_REUSEADDR on); resolves with what it printed. */
async function holdPort(port: number, host: string, reuseAddr: boolean): Promise<{ child: ChildProcess; said: string }> {
  const script = `const s = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: ${reuseAddr} });
s.on('error', (e) => { console.log('error ' + e.code); process.exit(3); });
s.bind(${port}, ${JSON.stringify(host)}, () => console.log('bound'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let said = '';
  child.stdout!.on('data', (d) => (said += d));
  await until('the other process to bind or fail', () => /bound|error/.test(said));
  return { child, said: said.trim() };
}

/** `oscsend` (liblo) from another process: one message to the conductor. */
function oscsend(port: number, address: string, types = '', ...values: string[]): void {
  const r = spawnSync('oscsend', ['127.0.0.1', String(port), address, types, ...values], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oscsend failed: ${r.stderr}${r.error?.message ?? ''}`);
}

/**
 * A Node process sending `count` copies of one OSC message from `source` (any 127.x.y.z address is this
 * machine, so a sender "from elsewhere" is 127.0.0.2) as fast as it can.
 */
function sendFrom(source: string, port: number, count: number, address: string, ...args: (string | number)[]): Promise<void> {
  const script = `import { Message, encode } from 'node-osc'; import { createSocket } from 'node:dgram';
const s = createSocket('udp4');
s.bind(0, ${JSON.stringify(source)}, async () => {
  const buf = encode(new Message(${JSON.stringify(address)}, ...${JSON.stringify(args)}));
  for (let i = 0; i < ${count}; i++) await new Promise((ok) => s.send(buf, ${port}, '127.0.0.1', ok));
  s.close();
});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return new Promise((ok, fail) => child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`sender exited ${code}`)))));
}

function tempProfile(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'osc-bridge-'));
  const file = join(dir, 'preview-3.json');
  writeFileSync(file, readFileSync(join(root, 'calibration/profiles/preview-3.json')));
  return { dir, file };
}

async function start(options: Partial<ConductorOptions> & { oscPort: number }): Promise<{ r: RunningConductor; lines: string[]; file: string; dir: string }> {
  const { dir, file } = tempProfile();
  const lines: string[] = [];
  const r = await startConductor({ show: 'demo', profile: file, port: 0, settingsDir: dir, pages: 'none', log: (_l, m) => lines.push(m), ...options });
  running.push(r);
  return { r, lines, file, dir };
}

describe('OSC port', () => {
  it('refuses to start when another process holds the port with SO_REUSEADDR, naming the port and the options', async () => {
    const port = await freeUdpPort();
    const other = await holdPort(port, '127.0.0.1', true);
    expect(other.said).toBe('bound');
    await expect(start({ oscPort: port })).rejects.toThrow(new RegExp(`OSC port ${port} \\(udp, 127\\.0\\.0\\.1\\) is already in use by another program.*--osc-port N.*--osc-port off`));
    // Bound on all interfaces it is the same port: refused too.
    await expect(start({ oscPort: port, oscHost: '0.0.0.0' })).rejects.toThrow(/already in use/);
  });

  it('keeps the port to itself once started: a hijacker with SO_REUSEADDR and a second conductor are refused', async () => {
    const port = await freeUdpPort();
    await start({ oscPort: port });
    expect((await holdPort(port, '127.0.0.1', true)).said).toBe('error EADDRINUSE');
    expect((await holdPort(port, '0.0.0.0', true)).said).toBe('error EADDRINUSE');
    // A second conductor, as a user would start it (npm start), stops with the message and exit code 1.
    const settings = mkdtempSync(join(tmpdir(), 'osc-second-'));
    const second = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'host/cli/start.ts'), '--headless', '--show', 'demo', '--profile', 'preview-3', '--port', '0', '--osc-port', String(port)], {
      cwd: root,
      env: { ...process.env, PANORAMA_CONFIG_DIR: settings },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`OSC port ${port} (udp, 127.0.0.1) is already in use by another program (perhaps another conductor)`);
    expect(second.stderr).toContain('--osc-port off');
    expect(second.stderr).toContain('start: nothing was started.');
  });
});

describe('OSC commands from other processes', () => {
  it('refuses calibration and save by default, saying how to enable them; the profile file is untouched', async () => {
    const port = await freeUdpPort();
    const { r, lines, file, dir } = await start({ oscPort: port });
    const before = readFileSync(file, 'utf8');
    oscsend(port, '/panorama/calibration/lock', 'i', '0');
    oscsend(port, '/panorama/calibration/projector', 'ss', 'P01', '{"blackLevel":0.2,"colorGains":[0,0,0]}');
    oscsend(port, '/panorama/calibration/pattern', 'ss', '*', 'black');
    oscsend(port, '/panorama/calibration/save', 'ss', 'osc-anon', 'wiped');
    oscsend(port, '/panorama/blackout', 'i', '1');
    // The blackout (not privileged) arriving last shows every earlier packet was handled.
    await until('the blackout', () => r.conductor.blackout);
    const refusals = lines.filter((l) => l.includes('refused: calibration and file-writing commands are off over OSC'));
    expect(refusals.map((l) => l.split(' ')[4]!.replace(/:$/, ''))).toEqual(['/panorama/calibration/lock', '/panorama/calibration/projector', '/panorama/calibration/pattern', '/panorama/calibration/save']);
    expect(refusals[0]).toContain('start the conductor with --osc-calibration to take them');
    expect(r.conductor.calibration.locked).toBe(true);
    expect(r.conductor.patterns).toEqual({});
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.history'))).toBe(false);
    expect(r.conductor.status().events.some((e) => e.message.includes('--osc-calibration'))).toBe(true);
  });

  it('takes them when started with --osc-calibration', async () => {
    const port = await freeUdpPort();
    const { r } = await start({ oscPort: port, oscCalibration: true });
    oscsend(port, '/panorama/calibration/lock', 'i', '0');
    await until('the unlock', () => !r.conductor.calibration.locked);
  });

  it('drops senders outside the allow-list', async () => {
    const port = await freeUdpPort();
    const { r, lines } = await start({ oscPort: port, oscHost: '0.0.0.0', oscAllow: '127.0.0.1' });
    await sendFrom('127.0.0.2', port, 1, '/panorama/blackout', 1);
    await until('the refusal', () => lines.some((l) => l.includes('OSC from 127.0.0.2: not in the allow-list (127.0.0.1); add it with --osc-allow')));
    expect(r.conductor.blackout).toBe(false);
    await sendFrom('127.0.0.1', port, 1, '/panorama/blackout', 1);
    await until('the allowed sender', () => r.conductor.blackout);
  });

  it('requires the shared secret as first argument when one is configured', async () => {
    const port = await freeUdpPort();
    const secretFile = join(mkdtempSync(join(tmpdir(), 'osc-secret-')), 'secret');
    writeFileSync(secretFile, 'correct-horse-battery\n', { mode: 0o600 });
    const { r, lines } = await start({ oscPort: port, oscSecretFile: secretFile });
    oscsend(port, '/panorama/blackout', 'i', '1');
    oscsend(port, '/panorama/blackout', 'si', 'correct-horse-batterY', '1');
    await until('two refusals', () => lines.filter((l) => l.includes('refused: the first argument must be the shared secret')).length === 2);
    expect(r.conductor.blackout).toBe(false);
    oscsend(port, '/panorama/blackout', 'si', 'correct-horse-battery', '1');
    await until('the blackout with the secret', () => r.conductor.blackout);
    await expect(start({ oscPort: await freeUdpPort(), oscSecretFile: join(tmpdir(), 'no-such-secret-file') })).rejects.toThrow(/--osc-secret-file .*no-such-secret-file: cannot be read \(ENOENT\)/);
  });

  it('rate-limits a flood per sender and sums it up in one line per burst with the count', async () => {
    const port = await freeUdpPort();
    const { lines } = await start({ oscPort: port });
    const t0 = performance.now();
    await sendFrom('127.0.0.1', port, 3000, '/panorama/rate', 1);
    const elapsedS = (performance.now() - t0) / 1000;
    await until('the burst summary', () => lines.some((l) => l.includes('dropped over the rate limit')), 5000);
    const performed = lines.filter((l) => l.startsWith('OSC /panorama/rate:')).length;
    // The burst of 100, then 50 a second at most while the sender ran.
    expect(performed).toBeGreaterThanOrEqual(100);
    expect(performed).toBeLessThanOrEqual(100 + Math.ceil(50 * elapsedS) + 5);
    // One line per burst with its count (a sender stalled for over a second by a busy machine makes two bursts).
    const summary = lines.filter((l) => l.includes('dropped over the rate limit'));
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(3);
    const counts = summary.map((l) => Number(/^OSC from 127\.0\.0\.1: (\d+) messages dropped over the rate limit \(50\/s, burst 100\) in \d+\.\d s$/.exec(l)?.[1]));
    const count = counts.reduce((a, b) => a + b, 0);
    // Every packet received is either performed or counted (UDP drops some when the receive buffer
    // overflows on a busy machine, so only most of them arrive).
    expect(count + performed).toBeLessThanOrEqual(3000);
    expect(count).toBeGreaterThan(100);
  });

  it('logs injected control characters and ANSI colours inert, in the log and the control window', async () => {
    const port = await freeUdpPort();
    const { r, lines } = await start({ oscPort: port });
    oscsend(port, '/panorama/load', 's', '\x1b[31mred\x1b[0m\n[conductor] info: fake');
    await until('the refusal', () => lines.some((l) => l.includes('is not a show name')));
    const line = lines.find((l) => l.includes('is not a show name'))!;
    expect(line).toBe('OSC /panorama/load: loadShow: "\\x1b[31mred\\x1b[0m\\x0a[conductor] info: fake" is not a show name');
    const all = [...lines, ...r.conductor.status().events.map((e) => e.message)].join('');
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
});
