import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as OscClient } from 'node-osc';
import { WebSocket } from 'ws';
import { parseWire, ServerMessageSchema, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { Conductor } from './Conductor.ts';
import { ConductorServer } from './ConductorServer.ts';
import { epochNow } from './startConductor.ts';
import { freeUdpPort, until } from '../../tests/support/waitFor.ts';

const show = shippedShow('demo');
const profile = shippedProfile('preview-3');

const TOKEN = 'language-test-token-0123456789';



let conductor: Conductor;
let server: ConductorServer;
let logs: string[];

beforeAll(async () => {
  logs = [];
  conductor = new Conductor({ show, showFile: 'demo.show.json', profile, profileFile: 'preview-3.json' }, epochNow, () => ({ ok: false, message: 'no shows here' }), 'en');
  server = new ConductorServer(conductor, { host: '127.0.0.1', port: 0, oscPort: await freeUdpPort(), oscHost: '127.0.0.1', token: TOKEN, assetRoot: '/nonexistent', pages: 'none', log: (_l, m) => logs.push(m) }, epochNow);
  await server.start();
});

afterAll(async () => {
  await server.stop();
});

function post(body: unknown, token: string | null) {
  return fetch(`${server.url}/api/command`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

describe('language over HTTP, OSC and the page socket', () => {
  it('HTTP: refused without the token, performed with it, refused with the reason for a language not offered', async () => {
    conductor.perform({ command: 'stop' });
    const anonymous = await post({ command: 'language', lang: 'fr' }, null);
    expect(anonymous.status).toBe(401);
    expect(conductor.language).toBe('en');
    const wrong = await post({ command: 'language', lang: 'fr' }, 'not-the-token-000000000000000');
    expect(wrong.status).toBe(401);
    const ok = await post({ command: 'language', lang: 'fr' }, TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, message: 'language fr' });
    const missing = await post({ command: 'language', lang: 'de' }, TOKEN);
    expect(missing.status).toBe(409);
    expect(await missing.json()).toEqual({ ok: false, message: 'language: "de" is not offered by show demo (it offers vi, en, fr)' });
    const malformed = await post({ command: 'language', lang: 'French' }, TOKEN);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).message).toMatch(/^not a command: lang: a language code like "vi", "en" or "fr"/);
    const status = await (await fetch(`${server.url}/api/status`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    expect(status).toMatchObject({ language: 'fr', nextLanguage: null, languages: ['vi', 'en', 'fr'] });
  });

  it('OSC /panorama/language from a real UDP client queues the language while playing', async () => {
    conductor.perform({ command: 'stop' });
    conductor.perform({ command: 'language', lang: 'en' });
    conductor.perform({ command: 'play' });
    const client = new OscClient('127.0.0.1', server.oscPort!);
    try {
      await new Promise<void>((ok, fail) => client.send('/panorama/language', 'vi', (err: Error | null) => (err ? fail(err) : ok())));
      await until('the OSC language command', () => conductor.nextLanguage === 'vi');
      expect(conductor.language).toBe('en');
      expect(logs).toContain('OSC /panorama/language: language vi from the next showing (en until this one stops or ends)');
      // A malformed one is dropped with the reason, and changes nothing.
      await new Promise<void>((ok, fail) => client.send('/panorama/language', 42, (err: Error | null) => (err ? fail(err) : ok())));
      await until('the dropped OSC message', () => logs.some((l) => l.includes('dropped: OSC bad arguments for /panorama/language')));
      expect(conductor.nextLanguage).toBe('vi');
    } finally {
      await new Promise<void>((ok) => client.close(() => ok()));
      conductor.perform({ command: 'stop' });
    }
    expect(conductor.language).toBe('vi');
  });

  it('WebSocket: a control window sends the command and reads the result; a page that is not a control window cannot', async () => {
    conductor.perform({ command: 'stop' });
    const results: ServerMessage[] = [];
    const connect = async (role: string, clientId: string) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
      ws.on('message', (data) => {
        const r = parseWire(ServerMessageSchema, data.toString(), 64 * 1024 * 1024);
        if (r.ok && r.value.type === 'result') results.push(r.value);
      });
      await new Promise<void>((ok) => ws.once('open', () => ok()));
      ws.send(JSON.stringify({ type: 'hello', token: TOKEN, role, clientId }));
      return ws;
    };
    const monitor = await connect('monitor', 'not-a-control');
    monitor.send(JSON.stringify({ type: 'command', id: 1, command: { command: 'language', lang: 'vi' } }));
    const control = await connect('control', 'control-test');
    control.send(JSON.stringify({ type: 'command', id: 2, command: { command: 'language', lang: 'fr' } }));
    control.send(JSON.stringify({ type: 'command', id: 3, command: { command: 'language', lang: 'zh' } }));
    await until('both results', () => results.length >= 2);
    expect(results).toEqual([
      { type: 'result', id: 2, ok: true, message: expect.stringMatching(/^language fr/) },
      { type: 'result', id: 3, ok: false, message: 'language: "zh" is not offered by show demo (it offers vi, en, fr)' },
    ]);
    expect(conductor.language).toBe('fr');
    expect(logs.some((l) => l.includes('command from a monitor client'))).toBe(true);
    monitor.close();
    control.close();
  });

  it('a page hears the language in its own message: documents are not re-sent and the transport does not jump', async () => {
    conductor.perform({ command: 'stop' });
    conductor.perform({ command: 'language', lang: 'en' });
    conductor.perform({ command: 'play' });
    const received: ServerMessage[] = [];
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    ws.on('message', (data) => {
      const r = parseWire(ServerMessageSchema, data.toString(), 64 * 1024 * 1024);
      if (r.ok) received.push(r.value);
    });
    await new Promise<void>((ok) => ws.once('open', () => ok()));
    ws.send(JSON.stringify({ type: 'hello', token: TOKEN, role: 'monitor', clientId: 'subtitle-test' }));
    await until('the hello answers', () => received.some((m) => m.type === 'transport'));
    expect(received.map((m) => m.type).slice(0, 4)).toEqual(['welcome', 'documents', 'language', 'transport']);
    expect(received.find((m) => m.type === 'language')).toEqual({ type: 'language', language: 'en', nextLanguage: null });
    const segment = conductor.transport.segment;
    received.length = 0;
    conductor.perform({ command: 'language', lang: 'fr' });
    await until('the queued language', () => received.some((m) => m.type === 'language'));
    expect(received.find((m) => m.type === 'language')).toEqual({ type: 'language', language: 'en', nextLanguage: 'fr' });
    conductor.perform({ command: 'stop' });
    await until('the applied language', () => received.some((m) => m.type === 'language' && m.language === 'fr'));
    conductor.perform({ command: 'play' });
    await until('the new showing', () => received.some((m) => m.type === 'transport' && m.transport.status === 'playing'));
    ws.close();
    expect(received.some((m) => m.type === 'documents')).toBe(false);
    // While the change was queued the transport kept its segment (no seek, no restart of the light).
    const queued = received.filter((m) => m.type === 'transport').find((m) => m.type === 'transport' && m.transport.segment === segment);
    expect(queued).toBeDefined();
    // The language message comes before the transport of the showing it belongs to.
    const order = received.map((m) => (m.type === 'language' ? `language:${m.language}` : m.type === 'transport' ? `transport:${m.transport.status}` : m.type));
    expect(order.indexOf('language:fr')).toBeLessThan(order.indexOf('transport:stopped'));
  });
});
