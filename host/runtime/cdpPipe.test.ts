import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CdpPipe, type CdpEvent } from './cdpPipe.ts';

/** A pipe pair: what the client writes (to the "browser") and what the "browser" answers. */
function pair() {
  const toBrowser = new PassThrough();
  const fromBrowser = new PassThrough();
  const events: CdpEvent[] = [];
  const sent: string[] = [];
  toBrowser.on('data', (b: Buffer) => sent.push(...b.toString('utf8').split('\0').filter((x) => x !== '')));
  const pipe = new CdpPipe(toBrowser, fromBrowser, (e) => events.push(e));
  return { pipe, fromBrowser, events, sent };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CdpPipe', () => {
  it('frames commands with a NUL and matches answers by id, across chunk boundaries', async () => {
    const { pipe, fromBrowser, sent } = pair();
    const a = pipe.send('Target.setDiscoverTargets', { discover: true });
    const b = pipe.send('Page.reload', {}, 'S1');
    await tick();
    expect(sent.map((s) => JSON.parse(s))).toEqual([
      { id: 1, method: 'Target.setDiscoverTargets', params: { discover: true } },
      { id: 2, method: 'Page.reload', params: {}, sessionId: 'S1' },
    ]);
    const answer = Buffer.from(JSON.stringify({ id: 2, result: { ok: 2 } }) + '\0' + JSON.stringify({ id: 1, result: {} }) + '\0');
    fromBrowser.write(answer.subarray(0, 7));
    fromBrowser.write(answer.subarray(7, 30));
    fromBrowser.write(answer.subarray(30));
    await expect(b).resolves.toEqual({ ok: 2 });
    await expect(a).resolves.toEqual({});
  });

  it('delivers events with their session, rejects on protocol errors, ignores garbage', async () => {
    const { pipe, fromBrowser, events } = pair();
    const c = pipe.send('Page.reload');
    fromBrowser.write('not json\0' + JSON.stringify({ method: 'Target.targetCrashed', params: { targetId: 'T1', status: 'killed', errorCode: 9 } }) + '\0');
    fromBrowser.write(JSON.stringify({ method: 'Inspector.detached', params: {}, sessionId: 'S9' }) + '\0' + JSON.stringify({ id: 1, error: { message: 'No target' } }) + '\0');
    await expect(c).rejects.toThrow('No target');
    expect(events).toEqual([
      { method: 'Target.targetCrashed', params: { targetId: 'T1', status: 'killed', errorCode: 9 } },
      { method: 'Inspector.detached', params: {}, sessionId: 'S9' },
    ]);
  });

  it('fails pending commands when the browser goes away, and later ones at once', async () => {
    const { pipe, fromBrowser } = pair();
    const pending = pipe.send('Browser.getVersion');
    fromBrowser.end();
    await expect(pending).rejects.toThrow('closed its DevTools pipe');
    await expect(pipe.send('Browser.getVersion')).rejects.toThrow('closed');
  });

  it('drops a message that grows past 16 MiB without a NUL', async () => {
    const { pipe, fromBrowser } = pair();
    const pending = pipe.send('Browser.getVersion');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 17; i++) fromBrowser.write(chunk);
    await expect(pending).rejects.toThrow('16 MiB');
  });
});
