import { afterEach, describe, expect, it } from 'vitest';
import * as T from '../../engine/core/clock/transport.ts';
import { parseWire, ServerMessageSchema, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import { SubtitleApp } from './SubtitleApp.ts';

const EPOCH = 1_800_000_000;

const show = {
  schemaVersion: 2,
  id: 'subs',
  title: { en: 'Subtitles', vi: 'Phụ đề' },
  languages: ['vi', 'en', 'fr'],
  defaultLanguage: 'en',
  durationS: 120,
  chapters: [],
  regions: [],
  tracks: [
    {
      id: 'voice',
      type: 'audio',
      clips: [
        { id: 'intro', startS: 10, durationS: 6, source: { type: 'narration', variants: { vi: { src: 'n/vi.ogg', text: 'Năm 1954' }, en: { src: 'n/en.ogg', text: 'In 1954' }, fr: { src: 'n/fr.ogg', text: 'En 1954' } } } },
        { id: 'siege', startS: 20, durationS: 5, source: { type: 'narration', variants: { vi: { src: 'n/vi2.ogg', text: 'Cuộc vây hãm' }, en: { src: 'n/en2.ogg', text: 'The siege' } }, fallback: 'vi' } },
      ],
    },
  ],
};

/** Every message goes through the wire schema, as the page's link does. */
function wire(m: unknown): ServerMessage {
  const r = parseWire(ServerMessageSchema, JSON.stringify(m), 1 << 24);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const transportMsg = (state: T.TransportState) => wire({ type: 'transport', transport: { ...state, closed: [...state.closed] }, blackout: false });

let root: HTMLElement | null = null;
afterEach(() => root?.remove());

function mount(lang: string | null) {
  root = document.createElement('div');
  const text = document.createElement('div');
  const note = document.createElement('div');
  root.append(note, text);
  document.body.append(root);
  const app = new SubtitleApp(text, note, lang);
  app.onMessage(wire({ type: 'welcome', clientId: 'x', conductorEpochS: EPOCH }));
  app.onMessage(wire({ type: 'documents', generation: 3, profile: {}, show, language: 'en' }));
  app.onMessage(wire({ type: 'language', language: 'en', nextLanguage: null }));
  // Playing from show time 0 at EPOCH.
  const playing = T.play(T.createTransport(show.durationS, EPOCH), EPOCH);
  app.onMessage(transportMsg(playing));
  return { app, text, note, playing };
}

const shown = (el: HTMLElement) => [...el.querySelectorAll('p')].map((p) => `${p.lang}:${p.textContent}`);

describe('subtitle page', () => {
  it('shows the showing language text exactly over the narration window, from the transport and the epoch', () => {
    const { app, text } = mount(null);
    app.update(EPOCH + 9.999);
    expect(shown(text)).toEqual([]);
    app.update(EPOCH + 10);
    expect(shown(text)).toEqual(['en:In 1954']);
    app.update(EPOCH + 15.999);
    expect(shown(text)).toEqual(['en:In 1954']);
    app.update(EPOCH + 16);
    expect(shown(text)).toEqual([]);
    app.update(EPOCH + 21);
    expect(shown(text)).toEqual(['en:The siege']);
    // Large readable text on black comes from the page's stylesheet; here the element carries the language for fonts and screen readers.
    expect(text.querySelector('p')?.lang).toBe('en');
  });

  it('follows a language change of the showing, and a page asked for ?lang=fr shows French (the fallback where there is none)', () => {
    const { app, text } = mount(null);
    app.onMessage(wire({ type: 'language', language: 'vi', nextLanguage: null }));
    app.update(EPOCH + 12);
    expect(shown(text)).toEqual(['vi:Năm 1954']);
    const fr = mount('fr');
    fr.app.update(EPOCH + 12);
    expect(shown(fr.text)).toEqual(['fr:En 1954']);
    fr.app.update(EPOCH + 22);
    expect(shown(fr.text)).toEqual(['vi:Cuộc vây hãm']);
  });

  it('holds the line while paused, clears it when stopped, and follows a seek', () => {
    const { app, text, playing } = mount(null);
    const paused = T.pause(playing, EPOCH + 12);
    app.onMessage(transportMsg(paused));
    app.update(EPOCH + 500);
    expect(shown(text)).toEqual(['en:In 1954']);
    app.onMessage(transportMsg(T.stop(paused, EPOCH + 501)));
    app.update(EPOCH + 502);
    expect(shown(text)).toEqual([]);
    const seeked = T.seek(T.play(T.stop(paused, EPOCH + 501), EPOCH + 600), 23, EPOCH + 600);
    app.onMessage(transportMsg(seeked));
    app.update(EPOCH + 601);
    expect(shown(text)).toEqual(['en:The siege']);
    app.update(EPOCH + 603);
    expect(shown(text)).toEqual([]);
  });

  it('says so when the language asked for is not offered, and shows the showing language instead', () => {
    const { app, text, note } = mount('de');
    const view = app.update(EPOCH + 12);
    expect(note.textContent).toBe('No subtitles in "de": this show offers vi, en, fr');
    expect(view.language).toBe('en');
    expect(shown(text)).toEqual(['en:In 1954']);
  });
});
