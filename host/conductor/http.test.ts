import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { childConductor, stopChildConductors } from '../../tests/support/childConductor.ts';

let url: string;
let token: string;
let host: string;
let port: number;

beforeAll(async () => {
  const c = await childConductor();
  ({ url, token } = c);
  host = new URL(url).hostname;
  port = Number(new URL(url).port);
});

afterAll(() => stopChildConductors());

/** A raw HTTP/1.1 exchange on one keep-alive TCP connection: writes each part (pausing between), collects everything until the server closes. */
function raw(parts: (string | Buffer)[], gapMs = 30): Promise<{ text: string; reset: boolean; closedByServer: boolean }> {
  return new Promise((ok) => {
    const socket = connect(port, host);
    socket.setNoDelay(true);
    const got: Buffer[] = [];
    let reset = false;
    let ended = false;
    socket.on('data', (d) => got.push(d));
    socket.on('end', () => (ended = true));
    socket.on('error', () => (reset = true));
    socket.on('close', () => ok({ text: Buffer.concat(got).toString('utf8'), reset, closedByServer: ended }));
    socket.once('connect', async () => {
      for (const p of parts) {
        if (socket.destroyed) break;
        socket.write(p);
        await new Promise((r) => setTimeout(r, gapMs));
      }
      // Keep-alive: the client never closes; the test ends when the server does (or after 3 s).
      setTimeout(() => socket.destroy(), 3000);
    });
  });
}

const head = (method: string, path: string, length: number, type = 'application/json') =>
  `${method} ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

const auth = () => ({ Authorization: `Bearer ${token}` });

describe('HTTP details', () => {
  it('answers a body over the limit with a whole 413 saying Connection: close, closes cleanly, and a new connection works', async () => {
    const size = 1024 * 1024 + 300_000;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const parts: (string | Buffer)[] = [head('POST', '/api/command', size)];
    for (let sent = 0; sent < size; sent += chunk.length) parts.push(chunk.subarray(0, Math.min(chunk.length, size - sent)));
    const r = await raw(parts, 1);
    expect(r.reset).toBe(false);
    expect(r.closedByServer).toBe(true);
    const [statusLine, ...rest] = r.text.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    const headers = rest.slice(0, rest.indexOf('')).map((l) => l.toLowerCase());
    expect(headers).toContain('connection: close');
    const body = r.text.slice(r.text.indexOf('\r\n\r\n') + 4);
    const length = Number(headers.find((h) => h.startsWith('content-length:'))!.split(':')[1]);
    expect(Buffer.byteLength(body)).toBe(length);
    expect(JSON.parse(body)).toEqual({ ok: false, message: `body over ${1024 * 1024} bytes` });
    const next = await fetch(`${url}/api/command`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"command":"play"}' });
    expect(next.status).toBe(200);
  });

  it('decodes a body once: a name split across TCP writes in the middle of a character arrives whole', async () => {
    const unlock = await fetch(`${url}/api/command`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"command":"calibrationLock","locked":false}' });
    expect(unlock.status).toBe(200);
    // A save is a version only when the profile changed (identical saves write nothing).
    const status = (await (await fetch(`${url}/api/status`, { headers: auth() })).json()) as { profile: { projectors: string[] } };
    const change = await fetch(`${url}/api/command`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ command: 'setProjector', projectorId: status.profile.projectors[0], patch: { blackLevel: 0.0123 } }) });
    expect(change.status).toBe(200);
    const json = Buffer.from(JSON.stringify({ command: 'saveProfile', who: 'Lê Văn Lửa', note: 'Điện Biên Phủ' }), 'utf8');
    // Cut inside "ử" (3 bytes in UTF-8) and inside "ệ".
    const cutA = json.indexOf(Buffer.from('ử')) + 1;
    const cutB = json.indexOf(Buffer.from('ệ')) + 2;
    const r = await raw([head('POST', '/api/command', json.length), json.subarray(0, cutA), json.subarray(cutA, cutB), json.subarray(cutB)], 50);
    expect(r.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    const versions = (await (await fetch(`${url}/api/profile/versions`, { headers: auth() })).json()) as { versions: { who: string; note: string }[] };
    expect(versions.versions.at(-1)).toMatchObject({ who: 'Lê Văn Lửa', note: 'Điện Biên Phủ' });
    const bad = await fetch(`${url}/api/command`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, message: 'the body is not UTF-8 text' });
  });

  it('requires Content-Type: application/json on POST', async () => {
    const post = (type: string | null) => fetch(`${url}/api/command`, { method: 'POST', headers: { ...auth(), ...(type ? { 'Content-Type': type } : {}) }, body: '{"command":"pause"}' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const r = await post(type);
      expect(r.status, String(type)).toBe(415);
      expect(((await r.json()) as { message: string }).message).toContain('Content-Type: application/json');
    }
    expect((await post('application/json; charset=utf-8')).status).toBe(200);
  });

  it('puts the security headers on every response: API, assets, errors', async () => {
    for (const [path, status] of [['/api/status', 200], ['/assets/paintings/placeholder/tiles.json', 200], ['/nothing-here', 404], ['/api/status?x', 401]] as const) {
      const r = await fetch(`${url}${path}`, status === 401 ? {} : { headers: auth() });
      expect(r.status, path).toBe(status);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('never echoes the request path or a folder of the machine in an error body', async () => {
    const assetRoot = resolve(import.meta.dirname, '../../assets');
    for (const path of ['/assets/paintings/zz-no-such-QX7.png', '/assets/%2e%2e/%2e%2e/etc/zz-QX7', '/assets/..%2f..%2fzz-QX7', '/zz-no-such-QX7', '/api/zz-no-such-QX7', '/api/profile/zz-QX7', '/api/profile/diff?a=1&b=999']) {
      const r = await fetch(`${url}${path}`, { headers: auth() });
      const body = await r.text();
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(body, path).not.toContain('QX7');
      expect(body, path).not.toContain(assetRoot);
      expect(body, path).not.toContain('/tmp/');
    }
  });
});
