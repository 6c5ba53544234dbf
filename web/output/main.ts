/**
 * The output page: one per projector (`?projector=P01`), or a preview of every output tiled
 * (`?projector=all`). The control token comes in the URL fragment.
 *
 * The conductor link starts first and the renderer (three.js, the bulk of the page) loads after it,
 * so the clock is already synchronised and the documents already here when the renderer is ready:
 * a fresh or reloaded output shows its first synced frame sooner.
 */
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { ConductorLink, conductorUrl } from '../shared/conductorLink.ts';
import { pageToken } from '../shared/pageToken.ts';
import { exposeForTests, TEST_HOOKS } from '../shared/testHooks.ts';
import { OutputTestHook } from './outputTestHook.ts';

const query = new URLSearchParams(location.search);
const projector = query.get('projector') ?? 'all';
const latency = Number(query.get('latencyMs') ?? '0');
const maxFps = Number(query.get('maxFps') ?? '0');
const bannerEl = document.getElementById('banner')!;
const banner = (text: string) => {
  bannerEl.textContent = text;
  bannerEl.style.display = text ? 'block' : 'none';
};
document.title = `Panorama output ${projector}`;

let deliver: ((m: ServerMessage) => void) | null = null;
const queued: ServerMessage[] = [];
const link = new ConductorLink(conductorUrl(), { token: pageToken(), role: 'output', projectorId: projector, clientId: `${projector}-${Math.floor(performance.timeOrigin)}` }, {
  message: (m) => (deliver ? deliver(m) : m.type !== 'pong' && queued.push(m)),
  state: (s) => banner(s === 'open' ? '' : s === 'refused' ? 'The control token was refused' : s === 'closed' ? 'Conductor lost — reconnecting' : 'Connecting to the conductor…'),
});
link.connect();
performance.mark('panorama:linking');

const { OutputApp } = await import('./OutputApp.ts');
performance.mark('panorama:renderer-loaded');
const canvas = document.createElement('canvas');
document.body.appendChild(canvas);
// What tests read (window.panoramaOutput); production builds drop it with the hook.
const hook = TEST_HOOKS ? new OutputTestHook(link) : null;
const app = new OutputApp(canvas, projector, link, banner, Number.isFinite(latency) ? latency : 0, Number.isFinite(maxFps) && maxFps > 0 ? maxFps : 0, hook ?? {});
hook?.attach(app);
deliver = (m) => {
  hook?.message(m);
  app.onMessage(m);
};
for (const m of queued.splice(0)) deliver(m);
exposeForTests('panoramaOutput', hook);
