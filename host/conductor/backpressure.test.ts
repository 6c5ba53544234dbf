import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { openRawWebSocket } from '../../tests/support/rawWebSocket.ts';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { childConductor, stopChildConductors } from '../../tests/support/childConductor.ts';
import { Conductor } from './Conductor.ts';
import { ConductorServer } from './ConductorServer.ts';
import { epochNow } from './startConductor.ts';
import { until } from '../../tests/support/waitFor.ts';

const MiB = 1024 * 1024;
const servers: ConductorServer[] = [];

afterEach(async () => {
  stopChildConductors();
  for (const s of servers.splice(0)) await s.stop();
});


/** The soft limit in these tests, and the most one documents message (demo show + a warped profile) weighs. */
const SOFT = 256 * 1024;
const DOCUMENTS_BYTES = 400_000;

describe('a WebSocket client that stops reading', () => {
  it('does not grow the conductor past its bound through 1,000 loadShows, and is closed over the hard limit', async () => {
    // Heartbeats and the time bound far away: this test is about bytes only.
    const c = await childConductor({ softBytes: SOFT, hardBytes: 4 * MiB, maxBehindS: 3600, heartbeatS: 3600 });
    const { hostname, port } = new URL(c.url);
    const stalled = await openRawWebSocket(hostname, Number(port), { read: false });
    stalled.sendText(JSON.stringify({ type: 'hello', clientId: 'stalled-1', role: 'output', projectorId: 'P01', token: c.token }));
    // A live client beside it, reading everything: it must get every new document.
    const live = new WebSocket(`${c.url.replace('http', 'ws')}/ws`);
    let liveDocuments = 0;
    live.on('message', (d: Buffer) => {
      if (d.subarray(0, 20).toString() === '{"type":"documents",') liveDocuments++;
    });
    await new Promise<void>((ok) => live.once('open', () => ok()));
    live.send(JSON.stringify({ type: 'hello', clientId: 'live-1', role: 'monitor', token: c.token }));
    await until('both clients', () => liveDocuments === 1);
    const before = await c.stats();
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const res = await fetch(`${c.url}/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ command: 'loadShow', show: 'demo' }) });
      expect(res.status).toBe(200);
    }
    const seconds = (performance.now() - t0) / 1000;
    await until('the live client to have every document', () => liveDocuments === 1001, 20_000);
    const after = await c.stats();
    const growthMiB = (after.rss - before.rss) / MiB;
    console.log(JSON.stringify({ before, after: { ...after, lines: [] } }));
    console.log(`stalled client, 1,000 loadShows in ${seconds.toFixed(1)} s: peak held ${((after.clients.find((x) => x.clientId === 'stalled-1')?.peakBytes ?? 0) / MiB).toFixed(2)} MiB, conductor RSS ${(before.rss / MiB).toFixed(0)} → ${(after.rss / MiB).toFixed(0)} MiB (+${growthMiB.toFixed(1)})`);
    const s = after.clients.find((x) => x.clientId === 'stalled-1');
    expect(s, 'the stalled client is still connected (under the hard limit)').toBeDefined();
    // The server's own accounting: never more than the soft limit plus one of each message held.
    expect(s!.peakBytes).toBeLessThan(SOFT + 2 * DOCUMENTS_BYTES);
    expect(s!.waiting).toBeGreaterThan(0);
    // Unbounded, 1,000 documents of ~250 kB would hold ~250 MiB more.
    expect(growthMiB).toBeLessThan(100);

    // Messages that cannot be coalesced (answers to its own pings) pile up until the hard limit closes it.
    const ping = JSON.stringify({ type: 'ping', id: 1, t1: 0 });
    for (let i = 0; i < 60_000; i++) stalled.sendText(ping);
    let end = await c.stats();
    const deadline = Date.now() + 20_000;
    while (end.clients.some((x) => x.clientId === 'stalled-1')) {
      if (Date.now() > deadline) throw new Error(`the stalled client was not closed: ${JSON.stringify(end.clients)}`);
      await new Promise((r) => setTimeout(r, 200));
      const more = await c.stats();
      end = { ...more, lines: [...end.lines, ...more.lines] };
    }
    // Reading again, it finds its connection closed.
    stalled.socket.resume();
    await stalled.closed;
    expect(end.lines.some((l) => /^output P01 closed: too far behind: \d+\.\d MiB waiting \(limit 4\.0 MiB\)$/.test(l))).toBe(true);
    expect(end.rss / MiB - before.rss / MiB).toBeLessThan(110);
    live.close();
  }, 120_000);
});

describe('liveness and bad input', () => {
  const TOKEN = 'backpressure-test-token-0123456789';

  async function inProcess(heartbeatS: number) {
    const lines: string[] = [];
    const conductor = new Conductor({ show: shippedShow('demo'), showFile: 'demo.show.json', profile: shippedProfile('preview-3'), profileFile: 'preview-3.json' }, epochNow, () => ({ ok: false, message: 'no shows here' }), 'en');
    const server = new ConductorServer(conductor, { host: '127.0.0.1', port: 0, oscPort: null, oscHost: '127.0.0.1', token: TOKEN, assetRoot: '/nonexistent', pages: 'none', log: (_l, m) => lines.push(m), sendLimits: { heartbeatS } }, epochNow);
    await server.start();
    servers.push(server);
    const { port } = new URL(server.url);
    return { conductor, server, lines, port: Number(port) };
  }

  it('removes a half-open client (never answers a ping) within the heartbeat bound, and marks its output gone at once', async () => {
    const { conductor, server, lines, port } = await inProcess(0.3);
    const halfOpen = await openRawWebSocket('127.0.0.1', port, { read: false });
    halfOpen.sendText(JSON.stringify({ type: 'hello', clientId: 'half-open', role: 'output', projectorId: 'P02', token: TOKEN }));
    halfOpen.sendText(JSON.stringify({ type: 'report', projectorId: 'P02', fps: 60, droppedFrames: 0, offsetMs: 0, errorBoundMs: 1, lastShowS: 0, lastEpochS: epochNow(), frames: 1 }));
    // A real library client answers pings by itself: it must stay.
    const alive = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise<void>((ok) => alive.once('open', () => ok()));
    alive.send(JSON.stringify({ type: 'hello', clientId: 'alive', role: 'monitor', token: TOKEN }));
    await until('the report', () => conductor.status().outputs.some((o) => o.projectorId === 'P02' && o.connected));
    const t0 = performance.now();
    await until('the half-open client removed', () => !server.clientStats().some((c) => c.clientId === 'half-open'), 5000);
    const seconds = (performance.now() - t0) / 1000;
    // Two missed pongs, then given up at the third beat (plus a tick).
    expect(seconds).toBeLessThan(3 * 0.3 + 0.6);
    expect(conductor.status().outputs.find((o) => o.projectorId === 'P02')?.connected).toBe(false);
    expect(lines).toContain('output P02 closed: no answer to 2 heartbeats (0.3 s apart): the connection is gone');
    expect(server.clientStats().map((c) => c.clientId)).toEqual(['alive']);
    alive.close();
  });

  it('keeps reporting bad input: a flooding client is summed up and never hides another client\'s first problem', async () => {
    const { server, lines, port } = await inProcess(5);
    const open = async (clientId: string) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      await new Promise<void>((ok) => ws.once('open', () => ok()));
      ws.send(JSON.stringify({ type: 'hello', clientId, role: 'monitor', token: TOKEN }));
      return ws;
    };
    const noisy = await open('noisy');
    for (let i = 0; i < 200; i++) noisy.send(`{"type":"bogus${i}"}`);
    await until('the noisy client', () => server.clientStats().some((c) => c.clientId === 'noisy'));
    const quiet = await open('quiet');
    quiet.send('not json at all');
    await until('the quiet client\'s problem', () => lines.some((l) => l.startsWith('dropped: quiet:')));
    expect(lines.filter((l) => l.startsWith('dropped: noisy:'))).toHaveLength(5);
    noisy.close();
    quiet.close();
  });
});
