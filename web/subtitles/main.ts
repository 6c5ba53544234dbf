/**
 * The subtitle page: large text on black for a screen by the platform or a visitor's phone,
 * `/subtitles/index.html?lang=fr#token=VISITOR_TOKEN` (the visitor link `npm start` prints; the page removes the
 * token from the address at once; without ?lang it follows the showing's language).
 * It links to the conductor like an output page (role "monitor": clock sync, documents, transport)
 * and shows the narration text sounding at the conductor's show time.
 */
import { ConductorLink, conductorUrl, localEpochS, newClientId } from '../shared/conductorLink.ts';
import { pageToken } from '../shared/pageToken.ts';
import { exposeForTests } from '../shared/testHooks.ts';
import { SubtitleApp } from './SubtitleApp.ts';

// An unknown or malformed ?lang is kept as asked: the page says the show does not offer it and
// follows the showing's language instead.
const asked = new URLSearchParams(location.search).get('lang');
const textEl = document.getElementById('text')!;
const noteEl = document.getElementById('note')!;
const app = new SubtitleApp(textEl, noteEl, asked === null || asked === '' ? null : asked.slice(0, 20));
const linkNote = document.getElementById('link')!;

const link = new ConductorLink(conductorUrl(), { token: pageToken(), role: 'monitor', clientId: newClientId('subtitles') }, {
  message: (m) => app.onMessage(m),
  state: (s) => {
    linkNote.textContent = s === 'open' ? '' : s === 'refused' ? 'The token was refused' : s === 'closed' ? 'Conductor lost — reconnecting' : 'Connecting…';
  },
});
link.connect();

// Every frame asks what is sounding at the conductor's time now: nothing is counted or accumulated.
const frame = () => {
  app.update(link.toConductor(localEpochS()));
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
// For the end-to-end tests: the app's view and the link's clock estimate.
exposeForTests('panoramaSubtitles', app);
exposeForTests('panoramaLink', link);
