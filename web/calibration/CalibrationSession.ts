import { createStore, type StoreApi } from 'zustand/vanilla';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { applyProjectorPatch, type Command, type ProjectorPatch, type TestPattern } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { PageStatusSchema, type CalibrationView, type CommandSender } from './conductorApi.ts';
import { LiveThrottle } from './liveThrottle.ts';
import { initialWarpState, sameGrid, warpReducer, type WarpAction, type WarpEditState } from './warpEditor.ts';

/** The link to the conductor as the page shows it. */
export type LinkPhase = 'connecting' | 'open' | 'closed' | 'refused' | 'no-token';

/** A line of the page's message log (commands refused or done, problems). */
export interface LogLine {
  readonly key: number;
  readonly ok: boolean;
  readonly message: string;
}

/** One output page the conductor reports, for the projector list. */
export interface OutputView {
  readonly projectorId: string;
  readonly fps: number;
  readonly connected: boolean;
}

/** Everything the calibration page renders (a new object on every change). */
export interface SessionState {
  readonly phase: LinkPhase;
  /** The working profile as the page sees it: the conductor's, with this page's edits not yet echoed back. */
  readonly profile: Profile | null;
  /** Documents generation of the conductor's profile. */
  readonly generation: number;
  /** Lock, unsaved changes, version and patterns (null until the first status). */
  readonly calibration: CalibrationView | null;
  readonly outputs: readonly OutputView[];
  readonly selectedId: string | null;
  /** Warp editing state per projector (made when first edited or shown). */
  readonly warp: Readonly<Record<string, WarpEditState>>;
  /** The newest log lines, oldest first. */
  readonly log: readonly LogLine[];
  /** setProjector commands sent so far (a count, for the status line and tests). */
  readonly sentEdits: number;
}

/** The calibration fields a page edit can change (the fields of ProjectorPatch). */
export type PatchField = keyof ProjectorPatch;

/** How long (ms) after its last edit a local value waits for the conductor's echo before the conductor's wins. */
const ECHO_WAIT_MS = 2000;
const LOG_KEPT = 30;

interface Overlay {
  fields: Partial<Record<PatchField, unknown>>;
  lastEditMs: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A command's answer as the page logs it. */
type Answer = { ok: boolean; message: string };

/** What the session does (the store's actions; names as the page and its tests call them). */
export interface SessionActions {
  /** Adds a line to the page's log. */
  note(ok: boolean, message: string): void;
  /** Records the link's phase. */
  setPhase(phase: LinkPhase): void;
  /** Takes one validated message from the conductor. */
  onMessage(m: ServerMessage): void;
  /** The working config of a projector as shown (null when unknown). */
  projector(id: string): ProjectorConfig | null;
  /** Selects the projector the tabs edit. */
  select(id: string): void;
  /** The warp editor of a projector (made from its current warp the first time). */
  warpState(id: string): WarpEditState | null;
  /** Applies a warp action to a projector's editor; a changed grid is sent live. */
  dispatchWarp(id: string, action: WarpAction): void;
  /**
   * Changes calibration fields of a projector: shown at once, sent live (throttled per field; the
   * final value always goes). Refused by the conductor (locked, invalid): the field goes back to the
   * conductor's value and the log says why.
   */
  edit(id: string, patch: ProjectorPatch): void;
  /** Sends waiting edits now (before a save, a recalibration, or leaving the page). */
  flush(): void;
  /** Sends a command and logs the answer; resolves with it. */
  command(c: Command): Promise<Answer>;
  /** Puts a test pattern on one projector (or every one: null). */
  pattern(projectorId: string | null, pattern: TestPattern): Promise<Answer>;
}

/** The calibration session's store state: what the page renders and what it does. */
export type SessionStore = SessionState & SessionActions;

/**
 * The calibration page's state without React or the socket, a zustand vanilla store: the conductor's
 * working profile (from `documents` and live `projector` messages), its calibration status, the
 * selected projector, the warp editors, and every edit sent live as `setProjector` (throttled per
 * projector and field to about 20 a second, the final value always sent). An edit shows at once: the
 * page keeps its value until the conductor echoes it (or refuses it). React reads it with `useStore`.
 */
export type CalibrationSession = StoreApi<SessionStore>;

/** True when calibration commands would be refused (locked, or not known yet). */
export function isLocked(s: SessionState): boolean {
  return s.calibration?.locked ?? true;
}

/** What the actions share beyond the rendered state: the conductor's copy and this page's edits not yet echoed. */
interface Inner {
  readonly set: CalibrationSession['setState'];
  readonly get: () => SessionStore;
  readonly sendCommand: CommandSender;
  readonly nowMs: () => number;
  serverProfile: Profile | null;
  revision: number;
  readonly overlays: Map<string, Overlay>;
  readonly throttle: LiveThrottle<{ projectorId: string; field: PatchField; value: unknown }>;
  logKey: number;
}

const INITIAL: SessionState = { phase: 'connecting', profile: null, generation: -1, calibration: null, outputs: [], selectedId: null, warp: {}, log: [], sentEdits: 0 };

/** Makes a calibration session; commands go through `sendCommand`, edit times are read from `nowMs`. */
export function createCalibrationSession(sendCommand: CommandSender, nowMs: () => number = () => performance.now()): CalibrationSession {
  return createStore<SessionStore>()((set, get) => {
    const x: Inner = {
      set,
      get,
      sendCommand,
      nowMs,
      serverProfile: null,
      revision: -1,
      overlays: new Map(),
      throttle: new LiveThrottle((_key, v) => void sendEdit(x, v.projectorId, v.field, v.value)),
      logKey: 0,
    };
    const projector = (id: string) => get().profile?.projectors.find((p) => p.id === id) ?? null;
    const command = async (c: Command) => {
      const answer = await sendCommand(c);
      note(x, answer.ok, answer.message);
      return answer;
    };
    return {
      ...INITIAL,
      note: (ok, message) => note(x, ok, message),
      setPhase: (phase) => {
        if (phase !== get().phase) set({ phase });
      },
      onMessage: (m) => onMessage(x, m),
      projector,
      select: (id) => {
        if (id !== get().selectedId) set({ selectedId: id });
      },
      warpState: (id) => warpState(x, id),
      dispatchWarp: (id, action) => dispatchWarp(x, id, action),
      edit: (id, patch) => edit(x, id, patch),
      flush: () => x.throttle.flush(),
      command,
      pattern: (projectorId, pattern) => command({ command: 'testPattern', projectorId, pattern }),
    };
  });
}

function note(x: Inner, ok: boolean, message: string): void {
  x.set((s) => ({ log: [...s.log.slice(1 - LOG_KEPT), { key: ++x.logKey, ok, message }] }));
}

function onMessage(x: Inner, m: ServerMessage): void {
  switch (m.type) {
    case 'documents': {
      const parsed = parseProfileValue(m.profile);
      if (!parsed.ok) {
        note(x, false, `the conductor's profile does not validate here: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}`);
        return;
      }
      x.serverProfile = parsed.value;
      x.revision = 0;
      refresh(x, { generation: m.generation });
      return;
    }
    case 'projector': {
      const sp = x.serverProfile;
      if (sp === null || m.generation !== x.get().generation || m.revision <= x.revision) return;
      x.revision = m.revision;
      x.serverProfile = { ...sp, projectors: sp.projectors.map((p) => (p.id === m.projectorId ? m.config : p)) };
      refresh(x, {});
      return;
    }
    case 'status':
      onStatus(x, m.status);
      return;
    case 'error':
      note(x, false, `conductor: ${m.message}`);
      return;
    default:
      return;
  }
}

/** Takes the conductor's status: the page re-renders only when something a technician reads changed. */
function onStatus(x: Inner, status: unknown): void {
  const s = PageStatusSchema.safeParse(status);
  if (!s.success) return;
  const state = x.get();
  const patch: { -readonly [K in keyof SessionState]?: SessionState[K] } = {};
  if (s.data.calibration && !same(s.data.calibration, state.calibration)) patch.calibration = s.data.calibration;
  // Whole frames per second only: the page re-renders when something a technician reads changes.
  const outputs = (s.data.outputs ?? []).map(({ projectorId, fps, connected }) => ({ projectorId, fps: Math.round(fps), connected }));
  if (!same(outputs, state.outputs)) patch.outputs = outputs;
  if (Object.keys(patch).length > 0) x.set(patch);
}

/** Rebuilds the merged profile after the conductor's copy changed, dropping local values it has caught up with. */
function refresh(x: Inner, extra: Partial<SessionState>): void {
  const sp = x.serverProfile;
  if (sp === null) return;
  const now = x.nowMs();
  for (const [id, ov] of x.overlays) {
    const server = sp.projectors.find((p) => p.id === id);
    if (!server) {
      x.overlays.delete(id);
      continue;
    }
    for (const k of Object.keys(ov.fields) as PatchField[]) if (same(ov.fields[k], server[k])) delete ov.fields[k];
    if (Object.keys(ov.fields).length === 0 || (now - ov.lastEditMs > ECHO_WAIT_MS && !x.throttle.busy)) x.overlays.delete(id);
  }
  const profile: Profile = { ...sp, projectors: sp.projectors.map((p) => mergedConfig(x, p)) };
  const state = x.get();
  // Warp editors follow a warp changed elsewhere (another page, a rollback) when this page is not editing it.
  const warp: Record<string, WarpEditState> = { ...state.warp };
  for (const p of profile.projectors) {
    const ed = warp[p.id];
    if (!ed || x.overlays.get(p.id)?.fields.warp !== undefined) continue;
    const grid = p.warp ?? (ed.grid.offsetsPx.every(([gx, gy]) => gx === 0 && gy === 0) ? ed.grid : { cols: ed.grid.cols, rows: ed.grid.rows, offsetsPx: ed.grid.offsetsPx.map(() => [0, 0] as [number, number]) });
    if (!sameGrid(grid, ed.grid)) warp[p.id] = warpReducer(ed, { type: 'replace', grid });
  }
  const selectedId = state.selectedId !== null && profile.projectors.some((p) => p.id === state.selectedId) ? state.selectedId : (profile.projectors[0]?.id ?? null);
  x.set({ ...extra, profile, warp, selectedId });
}

function mergedConfig(x: Inner, p: ProjectorConfig): ProjectorConfig {
  const ov = x.overlays.get(p.id);
  return ov ? applyProjectorPatch(p, ov.fields) : p;
}

function warpState(x: Inner, id: string): WarpEditState | null {
  const existing = x.get().warp[id];
  if (existing) return existing;
  const cfg = x.get().projector(id);
  return cfg ? initialWarpState(cfg.resolution.width, cfg.resolution.height, cfg.warp) : null;
}

function dispatchWarp(x: Inner, id: string, action: WarpAction): void {
  const before = warpState(x, id);
  if (before === null) return;
  const after = warpReducer(before, action);
  if (after === before) return;
  x.set((s) => ({ warp: { ...s.warp, [id]: after } }));
  if (!sameGrid(after.grid, before.grid) || action.type === 'dragEnd') edit(x, id, { warp: after.grid });
}

function edit(x: Inner, id: string, patch: ProjectorPatch): void {
  if (x.serverProfile === null) return;
  const ov = x.overlays.get(id) ?? { fields: {}, lastEditMs: 0 };
  ov.lastEditMs = x.nowMs();
  for (const [k, v] of Object.entries(patch) as [PatchField, unknown][]) {
    if (v === undefined) continue;
    ov.fields[k] = v;
    x.throttle.push(`${id}|${k}`, { projectorId: id, field: k, value: v });
  }
  x.overlays.set(id, ov);
  refresh(x, {});
}

async function sendEdit(x: Inner, projectorId: string, field: PatchField, value: unknown): Promise<void> {
  x.set((s) => ({ sentEdits: s.sentEdits + 1 }));
  const answer = await x.sendCommand({ command: 'setProjector', projectorId, patch: { [field]: value } as ProjectorPatch });
  if (answer.ok) return;
  note(x, false, answer.message);
  const ov = x.overlays.get(projectorId);
  if (ov && same(ov.fields[field], value)) {
    delete ov.fields[field];
    refresh(x, {});
  }
}
