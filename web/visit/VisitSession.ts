import { createStore, type StoreApi } from 'zustand/vanilla';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Command, Role } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';

/**
 * `follow`: the visit shows the conductor's showing (its transport, blackout and language; commands go
 * to the conductor). `local`: an artist's preview with its own transport on this page's clock; the
 * conductor (if any) only supplies the documents.
 */
export type VisitMode = 'follow' | 'local';

/** The show and profile being visited; `generation` changes when the conductor loads new documents. */
export interface VisitDocuments {
  readonly profile: Profile;
  readonly show: Show;
  readonly generation: number;
}

/** Everything the visit page renders from. */
export interface VisitState {
  readonly mode: VisitMode;
  readonly documents: VisitDocuments | null;
  readonly transport: TransportState | null;
  readonly blackout: boolean;
  /** Language of the narration text shown (the showing's in follow mode, the artist's choice in local). */
  readonly language: string | null;
  readonly link: 'none' | 'connecting' | 'open' | 'closed' | 'refused';
  /**
   * The role of this page's token (null until the conductor said): in follow mode only an operator's
   * visit moves the hall's show; a visitor's follows it and may switch to a local preview.
   */
  readonly role: Role | null;
  /** The last thing worth telling the user (a refused command, unreadable documents), or "". */
  readonly message: string;
}

/** Sends an operator command to the conductor; resolves with its answer. */
export type CommandSender = (command: Command) => Promise<{ ok: boolean; message: string }>;

/** What the visit does (the store's actions; names as the page and its tests call them). */
export interface VisitActions {
  /** Records the role of this page's token (from the conductor's `/api/access`). */
  setRole(role: Role): void;
  /** True when the transport controls act: always on a local preview, only for an operator when following the hall. */
  canDrive(): boolean;
  /**
   * Switches between following the conductor and a local preview in place (the page is not reloaded,
   * so a token handed to it is kept). A new local preview starts from where the showing is.
   */
  setMode(mode: VisitMode, conductorEpochS: number): void;
  /** Records the link's state (follow and local modes both get their documents over it). */
  setLink(link: VisitState['link']): void;
  /**
   * Takes documents as parsed JSON (from the conductor or a test) and validates them; a problem is said
   * naming the document and field, and the previous documents stay.
   */
  setDocuments(profileJson: unknown, showJson: unknown, generation: number, language?: string | null): boolean;
  /** Handles a conductor message (validated by the link). */
  onMessage(m: ServerMessage): void;
  /** Show time (seconds) at `epochS` (conductor epoch in follow mode, this page's in local), or null before a transport. */
  showTimeAt(epochS: number): number | null;
  /** Performs a command: on the local transport, or sent to the conductor in follow mode. */
  perform(command: Command): Promise<void>;
}

/**
 * The visit's state without React or the socket, a zustand vanilla store: documents and, in follow
 * mode, transport and language from the conductor's (already validated) messages; in local mode its
 * own transport. Show time is always `showTimeAt(transport, epoch)` for an epoch the caller gives (the
 * page's clock, or the conductor's through the link): never counted frames. React reads it with `useStore`.
 */
export type VisitSession = StoreApi<VisitState & VisitActions>;

/** True when the transport controls act: always on a local preview, only for an operator when following the hall. */
export function canDrive(st: VisitState): boolean {
  return st.mode === 'local' || st.role === 'operator';
}

/** What the actions share: the store and the clocks and sender it was made with. */
interface Inner {
  readonly set: VisitSession['setState'];
  readonly get: () => VisitState & VisitActions;
  /** This page's epoch now, seconds (local mode's transport runs on it). */
  readonly localEpochS: () => number;
  /** How commands reach the conductor in follow mode (null: there is no conductor). */
  readonly sendCommand: CommandSender | null;
}

/**
 * Makes a visit session in `mode`; local mode runs on `localEpochS` (this page's epoch now, seconds);
 * follow mode sends commands with `sendCommand` (null: there is no conductor).
 */
export function createVisitSession(mode: VisitMode, localEpochS: () => number, sendCommand: CommandSender | null = null): VisitSession {
  return createStore<VisitState & VisitActions>()((set, get) => {
    const x: Inner = { set, get, localEpochS, sendCommand };
    return {
      mode,
      documents: null,
      transport: null,
      blackout: false,
      language: null,
      link: 'none',
      role: null,
      message: '',
      setRole: (role) => set({ role }),
      canDrive: () => canDrive(get()),
      setMode: (next, conductorEpochS) => setMode(x, next, conductorEpochS),
      setLink: (link) => set((s) => ({ link, message: link === 'refused' ? 'The conductor refused the token (open the visit with the visitor link npm start prints)' : s.message })),
      setDocuments: (profileJson, showJson, generation, language = null) => setDocuments(x, profileJson, showJson, generation, language),
      onMessage: (m) => onMessage(x, m),
      showTimeAt: (epochS) => {
        const transport = get().transport;
        return transport ? T.showTimeAt(transport, epochS) : null;
      },
      perform: (command) => perform(x, command),
    };
  });
}

function setMode(x: Inner, mode: VisitMode, conductorEpochS: number): void {
  const prior = x.get();
  if (mode === prior.mode) return;
  if (mode === 'local') {
    const epoch = x.localEpochS();
    const at = prior.transport ? T.showTimeAt(prior.transport, conductorEpochS) : 0;
    const transport = prior.documents ? T.pause(T.play(T.seek(T.createTransport(prior.documents.show.durationS, epoch), at, epoch), epoch), epoch) : null;
    return x.set({ mode, transport, blackout: false, message: '' });
  }
  // The conductor re-sends its transport every second; until then the visit waits for it.
  x.set({ mode, transport: null, blackout: false, message: '' });
}

function setDocuments(x: Inner, profileJson: unknown, showJson: unknown, generation: number, language: string | null): boolean {
  const p = parseProfileValue(profileJson);
  const s = parseShowValue(showJson);
  if (!p.ok || !s.ok) {
    const problems = [...(p.ok ? [] : p.problems.map((e) => `profile: ${formatProblem(e)}`)), ...(s.ok ? [] : s.problems.map((e) => `show: ${formatProblem(e)}`))];
    x.set({ message: `Cannot visit these documents: ${problems.slice(0, 3).join('; ')}` });
    return false;
  }
  const show = s.value.show;
  const documents: VisitDocuments = { profile: p.value, show, generation };
  const prior = x.get();
  let transport = prior.transport;
  let lang = prior.language;
  if (prior.mode === 'local') {
    const epoch = x.localEpochS();
    // A new show starts its preview from the top; an edited one keeps the playhead where it was.
    transport = transport && prior.documents?.show.id === show.id ? T.seek({ ...transport, durationS: show.durationS }, T.showTimeAt(transport, epoch), epoch) : T.createTransport(show.durationS, epoch);
    if (lang === null || !show.languages.includes(lang)) lang = language !== null && show.languages.includes(language) ? language : show.defaultLanguage;
  } else {
    lang = language ?? lang ?? show.defaultLanguage;
  }
  x.set({ documents, transport, language: lang, message: '' });
  return true;
}

function onMessage(x: Inner, m: ServerMessage): void {
  const st = x.get();
  if (m.type === 'documents') {
    if (m.generation !== st.documents?.generation) setDocuments(x, m.profile, m.show, m.generation, m.language);
    else if (st.mode === 'follow') x.set({ language: m.language });
  } else if (st.mode === 'follow' && m.type === 'transport') {
    x.set({ transport: m.transport, blackout: m.blackout });
  } else if (st.mode === 'follow' && m.type === 'language') {
    x.set({ language: m.language, message: m.nextLanguage ? `Narration in ${m.nextLanguage} from the next showing` : '' });
  }
}

async function perform(x: Inner, command: Command): Promise<void> {
  if (x.get().mode === 'follow') return sendToConductor(x, command);
  const { transport, documents } = x.get();
  if (!transport || !documents) return;
  const epoch = x.localEpochS();
  const show = documents.show;
  switch (command.command) {
    case 'play':
      return x.set({ transport: T.play(transport, epoch) });
    case 'pause':
      return x.set({ transport: T.pause(transport, epoch) });
    case 'stop':
      return x.set({ transport: T.stop(transport, epoch) });
    case 'seek':
      return x.set({ transport: T.seek(transport, command.toS, epoch) });
    case 'chapter': {
      const ch = show.chapters[command.index];
      if (!ch) return x.set({ message: `chapter ${command.index}: this show has ${show.chapters.length} chapters` });
      return x.set({ transport: T.seek(transport, ch.startS, epoch) });
    }
    case 'blackout':
      return x.set({ blackout: command.on });
    case 'language':
      if (!show.languages.includes(command.lang)) return x.set({ message: `language: "${command.lang}" is not offered by show ${show.id} (it offers ${show.languages.join(', ')})` });
      return x.set({ language: command.lang, message: '' });
    default:
      return x.set({ message: `${command.command} is not available in the local preview` });
  }
}

/** Follow mode: the command goes to the conductor, and a refusal is said. */
async function sendToConductor(x: Inner, command: Command): Promise<void> {
  // A visitor's buttons must never move the hall's show (the conductor refuses them too).
  if (!canDrive(x.get())) return x.set({ message: VIEWER_NOTE });
  if (!x.sendCommand) return x.set({ message: 'No conductor to send the command to' });
  try {
    const r = await x.sendCommand(command);
    if (!r.ok) x.set({ message: r.message });
  } catch (err) {
    x.set({ message: `The conductor did not answer: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** Why a visitor's visit cannot move the show while following the hall, and what it can do instead. */
export const VIEWER_NOTE = "Following the hall's showing: only the operator can move it. Open a local preview to explore the chapters.";

/** Text in the language asked for, else the show's default, else any. */
export function textIn(text: Readonly<Record<string, string>>, language: string | null, fallback: string): string {
  return (language !== null ? text[language] : undefined) ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** Index of the chapter playing at `showS` (the last one started), or -1 before the first. */
export function chapterAt(show: Show, showS: number): number {
  let index = -1;
  show.chapters.forEach((c, i) => {
    if (c.startS <= showS) index = i;
  });
  return index;
}
