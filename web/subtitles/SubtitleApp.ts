import { SubtitleTrack, type SubtitleLine } from '../../engine/core/audio/subtitles.ts';
import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';

/** What the subtitle page shows: the lines, their language, and a note (wrong language, waiting). */
export interface SubtitleView {
  readonly lines: readonly SubtitleLine[];
  /** The language the lines were chosen for (the page's ?lang, else the showing's). */
  readonly language: string | null;
  /** A short notice for the screen's corner, or "" when all is well. */
  readonly note: string;
}

/**
 * The subtitle page's state and rendering, without the socket: it takes the conductor's messages
 * (documents, language, transport) and, for any conductor-epoch time, shows the narration text
 * sounding then. Show time always comes from the transport and the shared epoch, never from frames.
 */
export class SubtitleApp {
  private show: Show | null = null;
  private generation = -1;
  private runningLanguage: string | null = null;
  private transport: TransportState | null = null;
  private track: SubtitleTrack | null = null;
  private shownKey = '';
  private problem = '';
  /** The last view rendered (for tests and the page's debugging hook). */
  view: SubtitleView = { lines: [], language: null, note: '' };

  constructor(
    private readonly textEl: HTMLElement,
    private readonly noteEl: HTMLElement,
    /** Language asked for in the address (?lang=fr), or null to follow the showing's language. */
    private readonly requestedLanguage: string | null,
  ) {}

  /** Handles a conductor message (the link validated it). */
  onMessage(m: ServerMessage): void {
    if (m.type === 'documents') {
      this.runningLanguage = m.language;
      if (m.generation !== this.generation) {
        this.generation = m.generation;
        const parsed = parseShowValue(m.show);
        this.show = parsed.ok ? parsed.value.show : null;
        this.problem = parsed.ok ? '' : 'The conductor sent a show this page cannot read';
      }
      this.track = null;
    } else if (m.type === 'language') {
      if (m.language !== this.runningLanguage) this.track = null;
      this.runningLanguage = m.language;
    } else if (m.type === 'transport') {
      this.transport = m.transport;
    }
  }

  /** The language whose subtitles are shown, and a note when the one asked for is not offered. */
  private language(): { lang: string | null; note: string } {
    const show = this.show;
    const asked = this.requestedLanguage;
    if (show && asked !== null && !show.languages.includes(asked)) {
      return { lang: this.runningLanguage, note: `No subtitles in "${asked}": this show offers ${show.languages.join(', ')}` };
    }
    return { lang: asked ?? this.runningLanguage, note: '' };
  }

  /** Shows the subtitles for conductor epoch `epochS` (seconds); touches the DOM only when they change. */
  update(epochS: number): SubtitleView {
    const { lang, note } = this.language();
    let lines: SubtitleLine[] = [];
    if (this.show && lang !== null && this.transport && this.transport.status !== 'stopped') {
      if (!this.track || this.track.language !== lang) this.track = SubtitleTrack.forShow(this.show, lang);
      lines = this.track.at(T.showTimeAt(this.transport, epochS));
    }
    const waiting = !this.show ? 'Waiting for the show…' : '';
    const view: SubtitleView = { lines, language: lang, note: this.problem || note || waiting };
    const key = JSON.stringify([lines.map((l) => [l.clipId, l.language, l.text]), view.note]);
    this.view = view;
    if (key !== this.shownKey) {
      this.shownKey = key;
      this.textEl.replaceChildren(
        ...lines.map((l) => {
          const p = document.createElement('p');
          p.className = 'line';
          p.lang = l.language;
          p.textContent = l.text;
          return p;
        }),
      );
      this.noteEl.textContent = view.note;
      this.noteEl.style.display = view.note ? 'block' : 'none';
    }
    return view;
  }
}
