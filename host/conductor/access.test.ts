import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMANDS } from '../../engine/core/protocol/commands.ts';
import { parseWire, ServerMessageSchema, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import { AccessTokens, accessInfo, httpToken, refuseCommand, refuseHello, refuseRequest } from './access.ts';
import { startConductor } from './startConductor.ts';

const OP = 'operator-token-0123456789abcdef';
const VI = 'visitor-token-0123456789abcdef';

describe('access: roles from tokens', () => {
  it('resolves each token to its role, and nothing else to any', () => {
    const a = new AccessTokens({ operator: OP, viewer: VI });
    expect(a.roleOf(OP)).toBe('operator');
    expect(a.roleOf(VI)).toBe('viewer');
    for (const bad of [undefined, null, '', OP.slice(0, -1), `${OP}x`, VI.toUpperCase(), ' ' + OP]) expect(a.roleOf(bad)).toBeNull();
    expect(new AccessTokens({ operator: OP }).roleOf(VI)).toBeNull();
    expect(() => new AccessTokens({ operator: OP, viewer: OP })).toThrow(/differ/);
    expect(() => new AccessTokens({ operator: '' })).toThrow(/empty/);
  });

  it('reads the token from Authorization: Bearer, else X-Panorama-Token', () => {
    expect(httpToken({ authorization: `Bearer ${OP}` })).toBe(OP);
    expect(httpToken({ 'x-panorama-token': VI })).toBe(VI);
    expect(httpToken({ authorization: `Basic ${OP}` })).toBeUndefined();
    expect(httpToken({})).toBeUndefined();
  });

  it('lets a viewer read the status and its access, and nothing of the calibration data', () => {
    expect(refuseRequest('viewer', 'GET', '/api/status')).toBeNull();
    expect(refuseRequest('viewer', 'GET', '/api/access')).toBeNull();
    for (const path of ['/api/profile', '/api/profile/versions', '/api/profile/diff']) {
      expect(refuseRequest('viewer', 'GET', path)).toEqual({ status: 403, message: expect.stringMatching(new RegExp(`^GET ${path} needs the operator token`)) });
      expect(refuseRequest('operator', 'GET', path)).toBeNull();
    }
    expect(refuseRequest(null, 'GET', '/api/status')?.status).toBe(401);
    // Commands are judged once the body says which (the registry's roles).
    expect(refuseRequest('viewer', 'POST', '/api/command')).toBeNull();
  });

  it('follows the registry for commands: no command names the viewer today, so every one is refused, saying which role it needs', () => {
    for (const c of COMMANDS) {
      expect(refuseCommand('operator', c.name)).toBeNull();
      expect(refuseCommand('viewer', c.name)).toEqual({ status: 403, message: `${c.name} needs the operator role; the visitor token (visitor-token) may send no commands` });
    }
    expect(accessInfo('viewer')).toEqual({ role: 'viewer', commands: [], pages: ['monitor'] });
    expect(accessInfo('operator').commands).toEqual(COMMANDS.map((c) => c.name));
  });

  it('lets a viewer be a monitor page only', () => {
    expect(refuseHello('viewer', 'monitor')).toBeNull();
    for (const r of ['control', 'output', 'node', 'audio'] as const) {
      expect(refuseHello('viewer', r)?.message).toMatch(new RegExp(`^a ${r} page needs the operator token`));
      expect(refuseHello('operator', r)).toBeNull();
    }
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'conductor-access-'));
  dirs.push(dir);
  const file = join(dir, 'preview-3.json');
  writeFileSync(file, readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url)));
  const running = await startConductor({ show: 'demo', profile: file, port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: () => {} });
  const call = async (token: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}${path}`, body === undefined ? { headers: { Authorization: `Bearer ${token}` } } : { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const history = () => readdirSync(join(dir, '.history', 'preview-3')).sort();
  return { running, file, call, history };
}

/** A WebSocket client that said hello; `closed` resolves with the close code. */
async function client(url: string, token: string, role: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  const got: ServerMessage[] = [];
  const closed = new Promise<number>((ok) => ws.once('close', (code) => ok(code)));
  ws.on('message', (data) => {
    const r = parseWire(ServerMessageSchema, data.toString(), 64 * 1024 * 1024);
    if (r.ok) got.push(r.value);
  });
  await new Promise((ok) => ws.once('open', ok));
  ws.send(JSON.stringify({ type: 'hello', token, role, clientId: `t-${role}` }));
  const until = async <T>(what: string, f: () => T | undefined): Promise<T> => {
    const t0 = Date.now();
    for (;;) {
      const v = f();
      if (v !== undefined) return v;
      if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ws, got, closed, until };
}

describe('the conductor with a visitor token (real HTTP and WebSocket)', () => {
  it('over HTTP: a visitor reads the status but cannot unlock calibration, change it, save or read the profile', async () => {
    const { running, file, call, history } = await start();
    try {
      const before = readFileSync(file, 'utf8');
      const vi = running.visitorToken;
      expect(vi).not.toBe(running.token);
      expect((await call(vi, '/api/status')).status).toBe(200);
      expect(await call(vi, '/api/access')).toEqual({ status: 200, body: { role: 'viewer', commands: [], pages: ['monitor'] } });
      expect((await call(running.token, '/api/access')).body.role).toBe('operator');
      for (const body of [{ command: 'calibrationLock', locked: false }, { command: 'saveProfile', who: 'intruder', note: 'x' }, { command: 'rollbackProfile' }, { command: 'setProjector', projectorId: 'P01', patch: { blackLevel: 0.2 } }, { command: 'chapter', index: 2 }, { command: 'blackout', on: true }]) {
        const r = await call(vi, '/api/command', body);
        expect(r).toEqual({ status: 403, body: { ok: false, message: expect.stringMatching(new RegExp(`^${body.command} needs the operator role`)) } });
      }
      for (const path of ['/api/profile', '/api/profile/versions', '/api/profile/diff?a=1&b=1']) expect((await call(vi, path)).status).toBe(403);
      expect(running.conductor.calibration.locked).toBe(true);
      expect(running.conductor.blackout).toBe(false);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(() => history()).toThrow(/ENOENT/);
      // The same commands with the operator token do what they say: the refusals above were the role, not the commands.
      expect((await call(running.token, '/api/command', { command: 'calibrationLock', locked: false })).status).toBe(200);
      // A save is a version only when the profile changed (identical saves write nothing).
      expect((await call(running.token, '/api/command', { command: 'setProjector', projectorId: running.profile.projectors[0]!.id, patch: { blackLevel: 0.0123 } })).status).toBe(200);
      expect((await call(running.token, '/api/command', { command: 'saveProfile', who: 'tech', note: 'ok' })).status).toBe(200);
      expect(history()).toContain('v000002.json');
    } finally {
      await running.stop();
    }
  });

  it('over WebSocket: a visitor is refused as a control, output, audio or node page, and its commands as a monitor are answered ok:false', async () => {
    const { running, file, history } = await start();
    try {
      const before = readFileSync(file, 'utf8');
      for (const role of ['control', 'output', 'audio', 'node']) {
        const c = await client(running.url, running.visitorToken, role);
        expect(await c.closed).toBe(4403);
      }
      const wrong = await client(running.url, 'not-a-token-of-this-conductor', 'monitor');
      expect(await wrong.closed).toBe(4401);
      const m = await client(running.url, running.visitorToken, 'monitor');
      await m.until('the welcome and documents', () => (m.got.some((x) => x.type === 'documents') ? true : undefined));
      let id = 1;
      for (const command of [{ command: 'calibrationLock', locked: false }, { command: 'saveProfile', who: 'intruder', note: '' }, { command: 'chapter', index: 1 }]) {
        m.ws.send(JSON.stringify({ type: 'command', id, command }));
        const result = await m.until(`the result of ${command.command}`, () => m.got.find((x) => x.type === 'result' && x.id === id));
        expect(result).toEqual({ type: 'result', id, ok: false, message: expect.stringMatching(new RegExp(`^${command.command} needs the operator role`)) });
        id++;
      }
      expect(running.conductor.calibration.locked).toBe(true);
      expect(running.conductor.status().transport.showS).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(() => history()).toThrow(/ENOENT/);
      m.ws.close();
      // An operator's control page still unlocks over the same socket protocol.
      const op = await client(running.url, running.token, 'control');
      await op.until('the welcome', () => (op.got.some((x) => x.type === 'welcome') ? true : undefined));
      op.ws.send(JSON.stringify({ type: 'command', id: 9, command: { command: 'calibrationLock', locked: false } }));
      expect(await op.until('the result', () => op.got.find((x) => x.type === 'result'))).toMatchObject({ ok: true });
      op.ws.close();
    } finally {
      await running.stop();
    }
  });
});
