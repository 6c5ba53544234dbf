import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { Conductor } from './Conductor.ts';
import { ConductorServer } from './ConductorServer.ts';
import { epochNow } from './startConductor.ts';
import { until } from '../../tests/support/waitFor.ts';

const show = shippedShow('demo');
const profile = shippedProfile('preview-3');

const TOKEN = 'audio-report-test-token-0123456789';
const report = {
  type: 'audioReport',
  state: 'running',
  language: 'en',
  clipsLoaded: 3,
  clipsFailed: [{ clipId: 'lost', file: 'sound/missing.wav', reason: 'is missing from the assets folder (HTTP 404)' }],
  contextLatencyMs: 42.5,
  clockRatePpm: -12.5,
  driftMs: 0.3,
  lastShowS: 12.25,
};


async function connect(url: string, role: string): Promise<WebSocket> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  ws.send(JSON.stringify({ type: 'hello', token: TOKEN, role, clientId: `${role}-1` }));
  return ws;
}

describe('audio report over the WebSocket', () => {
  let conductor: Conductor;
  let server: ConductorServer;

  beforeAll(async () => {
    conductor = new Conductor({ show, showFile: 'demo.show.json', profile, profileFile: 'preview-3.json' }, epochNow, () => ({ ok: false, message: 'no' }), 'en');
    server = new ConductorServer(conductor, { host: '127.0.0.1', port: 0, oscPort: null, oscHost: '127.0.0.1', token: TOKEN, assetRoot: '.', pages: 'none', log: () => {} }, epochNow);
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('has no audio entry until an audio page reports; then its report, age and connection; a newly failed file is logged once', async () => {
    expect(conductor.status().audio).toBeUndefined();
    const ws = await connect(server.url, 'audio');
    ws.send(JSON.stringify(report));
    await until('the report', () => conductor.status().audio !== undefined);
    const { ageS, ...rest } = conductor.status().audio!;
    expect(rest).toEqual({ ...report, type: undefined, connected: true } as unknown as typeof rest);
    expect(ageS).toBeGreaterThanOrEqual(0);
    ws.send(JSON.stringify({ ...report, lastShowS: 13 }));
    await until('the second report', () => conductor.status().audio?.lastShowS === 13);
    expect(conductor.status().events.filter((e) => e.message.includes('sound/missing.wav'))).toHaveLength(1);
    ws.close();
    await until('the disconnection', () => conductor.status().audio?.connected === false);
  });

  it('drops an audio report from a page that is not the audio page, and a malformed one', async () => {
    const output = await connect(server.url, 'output');
    output.send(JSON.stringify({ ...report, language: 'fr' }));
    const audio = await connect(server.url, 'audio');
    audio.send(JSON.stringify({ ...report, state: 'singing' }));
    audio.send(JSON.stringify({ ...report, language: 'vi' }));
    await until('the valid report', () => conductor.status().audio?.language === 'vi');
    expect(conductor.status().events.some((e) => e.message.includes('audio report from a output client'))).toBe(true);
    expect(conductor.status().events.some((e) => e.message.includes('invalid message at state'))).toBe(true);
    output.close();
    audio.close();
  });
});
