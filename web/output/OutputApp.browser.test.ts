import { afterEach, describe, expect, it } from 'vitest';
import previewProfile from '../../calibration/profiles/preview-3.json';
import demoShow from '../../shows/demo.show.json';
import * as T from '../../engine/core/clock/transport.ts';
import type { ClientMessage, ServerMessage } from '../../engine/core/protocol/messages.ts';
import { localEpochS, type ConductorLink } from '../shared/conductorLink.ts';
import { OutputApp } from './OutputApp.ts';

/** preview-3 at 320×200 with a visible black-level lift (the blackout must still read 0). */
function profile(): unknown {
  const p = structuredClone(previewProfile) as { projectors: Record<string, unknown>[] };
  for (const pr of p.projectors) {
    pr['resolution'] = { width: 320, height: 200 };
    pr['blackLevel'] = 0.02;
  }
  return p;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** An output page on a fake link (the conductor's clock is this page's: offset 0, in sync). */
function mount(projector: string) {
  const sent: ClientMessage[] = [];
  const link = { toConductor: (s: number) => s, estimate: { offsetS: 0, errorBoundS: 0.0001 }, send: (m: ClientMessage) => void sent.push(m) } as unknown as ConductorLink;
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const app = new OutputApp(canvas, projector, link, () => {}, 0, 10);
  cleanups.push(() => canvas.remove());
  const epoch = localEpochS();
  let transport = T.play(T.createTransport(demoShow.durationS, epoch - 5), epoch - 5);
  const deliver = (m: ServerMessage) => app.onMessage(m);
  deliver({ type: 'documents', generation: 1, profile: profile(), show: demoShow, language: 'en' });
  const setTransport = (f: (t: T.TransportState, epochS: number) => T.TransportState, blackout = false) => {
    transport = f(transport, localEpochS());
    deliver({ type: 'transport', transport: { ...transport, closed: [...transport.closed] }, blackout });
    return transport;
  };
  setTransport((t) => t);
  return { app, canvas, sent, setTransport };
}

async function until(what: string, f: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!f()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Largest red, green or blue value over every pixel of the canvas (WebGL readback). */
function maxChannel(canvas: HTMLCanvasElement): { max: number; pixels: number } {
  const gl = canvas.getContext('webgl2')!;
  const px = new Uint8Array(canvas.width * canvas.height * 4);
  gl.readPixels(0, 0, canvas.width, canvas.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let max = 0;
  for (let i = 0; i < px.length; i += 4) max = Math.max(max, px[i]!, px[i + 1]!, px[i + 2]!);
  return { max, pixels: canvas.width * canvas.height };
}

describe('OutputApp', () => {
  for (const projector of ['P02', 'all']) {
    it(`blackout reads 0 on every pixel (${projector === 'all' ? 'tiled preview' : 'one projector'}), where the lift alone is visible without it`, async () => {
      const { app, canvas, setTransport } = mount(projector);
      await until('first frame', () => app.frames > 0);
      // Held, so the show's own light does not change under the check: what is lit is lit by the show and the lift.
      setTransport(T.pause);
      const frames = app.frames;
      await until('held frame drawn', () => app.frames > frames);
      expect(maxChannel(canvas).max).toBeGreaterThan(0);
      setTransport((t) => t, true);
      const before = app.frames;
      await until('blackout frame drawn', () => app.frames > before);
      const dark = maxChannel(canvas);
      expect(dark.pixels).toBe(projector === 'all' ? canvas.width * canvas.height : 320 * 200);
      expect(dark.max).toBe(0);
    });
  }

  it('a held page keeps reporting every second without drawing; a preview reports once per tile', async () => {
    const { app, sent, setTransport } = mount('all');
    await until('first frame', () => app.frames > 0);
    const pausedS = T.showTimeAt(setTransport(T.pause), localEpochS());
    // The held frame drawn (a slow machine may take a while), then nothing more to draw.
    await until('the held frame drawn', () => app.lastShowS === pausedS);
    const frames = app.frames;
    const reports = () => sent.filter((m): m is Extract<ClientMessage, { type: 'report' }> => m.type === 'report');
    const n = reports().length;
    // Two more reports (a second apart), each carrying the three tiles, with nothing drawn meanwhile.
    await until('two reports while held', () => reports().length >= n + 6, 10_000);
    expect(app.frames).toBe(frames);
    const held = reports().slice(n);
    expect(held[3]!.lastEpochS).toBeGreaterThan(held[0]!.lastEpochS + 0.9);
    expect(held.slice(0, 3).map((r) => r.projectorId).sort()).toEqual(['P01', 'P02', 'P03']);
    for (const r of held) expect(r).toMatchObject({ preview: true, frames, targetFps: 10 });
    expect(held.every((r) => r.lastShowS === held[0]!.lastShowS)).toBe(true);
    // Held frames count as presented: the rate is the page's (about its cap of 10), never 0 for a held picture.
    expect(held.at(-1)!.fps).toBeGreaterThan(1);
  });
});
