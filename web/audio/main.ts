/**
 * The audio page: one per conductor machine, opened by the runtime as
 * `/audio/index.html#token=TOKEN` (`?record=1` also records the output for tests; `?bench=1` serves
 * the audio benchmark instead and does not connect). It links to the conductor as role 'audio'.
 */
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { ConductorLink, conductorUrl } from '../shared/conductorLink.ts';
import { pageToken } from '../shared/pageToken.ts';
import { exposeForTests } from '../shared/testHooks.ts';
import type { AudioViewState } from './AudioApp.ts';

const query = new URLSearchParams(location.search);
const $ = (id: string) => document.getElementById(id)!;

function show(s: AudioViewState): void {
  $('state').textContent = s.state;
  $('language').textContent = s.language || '—';
  $('channels').textContent = s.channels;
  $('latency').textContent = `${s.contextLatencyMs.toFixed(1)} ms (compensated)`;
  $('clock').textContent = `${s.clockRatePpm.toFixed(1)} ppm against the conductor`;
  $('drift').textContent = `${s.driftMs.toFixed(2)} ms`;
  $('showtime').textContent = `${s.lastShowS.toFixed(2)} s`;
  $('clips').textContent = `${s.clipsLoaded} ready, ${s.clipsFailed.length} silent`;
  $('failed').textContent = s.clipsFailed.map((f) => `${f.clipId}: ${f.file ? `${f.file} ` : ''}${f.reason}`).join('\n');
  $('message').textContent = s.message;
  $('enable').style.display = s.needsClick ? 'block' : 'none';
}

if (query.get('bench') === '1') {
  const scenarios = await import('../../engine/audio/scenarios.ts');
  exposeForTests('panoramaAudioBench', scenarios);
  exposeForTests('panoramaReady', true);
} else {
  const { AudioApp } = await import('./AudioApp.ts');
  let app: InstanceType<typeof AudioApp> | null = null;
  const queued: ServerMessage[] = [];
  const link = new ConductorLink(conductorUrl(), { token: pageToken(), role: 'audio', clientId: `audio-${Math.floor(performance.timeOrigin)}` }, {
    message: (m) => (app ? app.onMessage(m) : m.type !== 'pong' && queued.push(m)),
    state: (s) => ($('message').textContent = s === 'open' ? '' : s === 'refused' ? 'The control token was refused' : s === 'closed' ? 'Conductor lost — reconnecting' : 'Connecting to the conductor…'),
  });
  link.connect();
  app = new AudioApp(link, show, { record: query.get('record') === '1' });
  for (const m of queued.splice(0)) app.onMessage(m);
  $('enable').addEventListener('click', () => void app!.resume());
  exposeForTests('panoramaAudio', {
    app,
    get engine() {
      return app!.engine;
    },
    get recorder() {
      return app!.recorder;
    },
    /** What the engine scheduled (context times of every start). */
    onsets: () => app!.engine?.onsets ?? [],
    /** Conductor epoch at which sound from context time c reaches the eye point. */
    epochOfCtx: (c: number) => app!.clock.toEpoch(c) + (app!.graph?.advanceS ?? 0),
    status: () => app!.status(),
  });
  exposeForTests('panoramaReady', true);
}
