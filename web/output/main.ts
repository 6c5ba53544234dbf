/**
 * The output page: one per projector (`?projector=P01`), or a preview of every output tiled
 * (`?projector=all`). The control token comes in the URL fragment.
 */
import { tokenFromHash } from '../shared/conductorLink.ts';
import { OutputApp } from './OutputApp.ts';

const projector = new URLSearchParams(location.search).get('projector') ?? 'all';
const query = new URLSearchParams(location.search);
const latency = Number(query.get('latencyMs') ?? '0');
const maxFps = Number(query.get('maxFps') ?? '0');
const canvas = document.createElement('canvas');
document.body.appendChild(canvas);
const bannerEl = document.getElementById('banner')!;
const app = new OutputApp(canvas, projector, tokenFromHash(), (text) => {
  bannerEl.textContent = text;
  bannerEl.style.display = text ? 'block' : 'none';
}, Number.isFinite(latency) ? latency : 0, Number.isFinite(maxFps) && maxFps > 0 ? maxFps : 0);
Object.assign(window, { panoramaOutput: app });
document.title = `Panorama output ${projector}`;
