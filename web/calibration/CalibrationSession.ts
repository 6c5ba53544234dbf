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

/**
 * The calibration page's state without React or the socket: the conductor's working profile (from
 * `documents` and live `projector` messages), its calibration status, the selected projector, the
 * warp editors, and every edit sent live as `setProjector` (throttled per projector and field to
 * about 20 a second, the final value always sent). An edit shows at once: the page keeps its value
 * until the conductor echoes it (or refuses it). Components subscribe and read `getState()`.
 */
export class CalibrationSession {
  private state: SessionState;
  private serverProfile: Profile | null = null;
  private revision = -1;
  private readonly overlays = new Map<string, Overlay>();
  private readonly listeners = new Set<() => void>();
  private readonly throttle: LiveThrottle<{ projectorId: string; field: PatchField; value: unknown }>;
  private logKey = 0;

  constructor(
    private readonly sendCommand: CommandSender,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.state = { phase: 'connecting', profile: null, generation: -1, calibration: null, outputs: [], selectedId: null, warp: {}, log: [], sentEdits: 0 };
    this.throttle = new LiveThrottle((_key, v) => void this.sendEdit(v.projectorId, v.field, v.value));
  }

  getState = (): SessionState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Adds a line to the page's log. */
  note(ok: boolean, message: string): void {
    this.set({ log: [...this.state.log.slice(1 - LOG_KEPT), { key: ++this.logKey, ok, message }] });
  }

  setPhase(phase: LinkPhase): void {
    if (phase !== this.state.phase) this.set({ phase });
  }

  /** Takes one validated message from the conductor. */
  onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'documents': {
        const parsed = parseProfileValue(m.profile);
        if (!parsed.ok) {
          this.note(false, `the conductor's profile does not validate here: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}`);
          return;
        }
        this.serverProfile = parsed.value;
        this.revision = 0;
        this.refresh({ generation: m.generation });
        return;
      }
      case 'projector': {
        const sp = this.serverProfile;
        if (sp === null || m.generation !== this.state.generation || m.revision <= this.revision) return;
        this.revision = m.revision;
        this.serverProfile = { ...sp, projectors: sp.projectors.map((p) => (p.id === m.projectorId ? m.config : p)) };
        this.refresh({});
        return;
      }
      case 'status': {
        const s = PageStatusSchema.safeParse(m.status);
        if (!s.success) return;
        const patch: { -readonly [K in keyof SessionState]?: SessionState[K] } = {};
        if (s.data.calibration && !same(s.data.calibration, this.state.calibration)) patch.calibration = s.data.calibration;
        // Whole frames per second only: the page re-renders when something a technician reads changes.
        const outputs = (s.data.outputs ?? []).map(({ projectorId, fps, connected }) => ({ projectorId, fps: Math.round(fps), connected }));
        if (!same(outputs, this.state.outputs)) patch.outputs = outputs;
        if (Object.keys(patch).length > 0) this.set(patch);
        return;
      }
      case 'error':
        this.note(false, `conductor: ${m.message}`);
        return;
      default:
        return;
    }
  }

  /** Rebuilds the merged profile after the conductor's copy changed, dropping local values it has caught up with. */
  private refresh(extra: Partial<SessionState>): void {
    const sp = this.serverProfile;
    if (sp === null) return;
    const now = this.nowMs();
    for (const [id, ov] of this.overlays) {
      const server = sp.projectors.find((p) => p.id === id);
      if (!server) {
        this.overlays.delete(id);
        continue;
      }
      for (const k of Object.keys(ov.fields) as PatchField[]) if (same(ov.fields[k], server[k])) delete ov.fields[k];
      if (Object.keys(ov.fields).length === 0 || (now - ov.lastEditMs > ECHO_WAIT_MS && !this.throttle.busy)) this.overlays.delete(id);
    }
    const profile: Profile = { ...sp, projectors: sp.projectors.map((p) => this.mergedConfig(p)) };
    // Warp editors follow a warp changed elsewhere (another page, a rollback) when this page is not editing it.
    const warp: Record<string, WarpEditState> = { ...this.state.warp };
    for (const p of profile.projectors) {
      const ed = warp[p.id];
      if (!ed || this.overlays.get(p.id)?.fields.warp !== undefined) continue;
      const grid = p.warp ?? (ed.grid.offsetsPx.every(([x, y]) => x === 0 && y === 0) ? ed.grid : { cols: ed.grid.cols, rows: ed.grid.rows, offsetsPx: ed.grid.offsetsPx.map(() => [0, 0] as [number, number]) });
      if (!sameGrid(grid, ed.grid)) warp[p.id] = warpReducer(ed, { type: 'replace', grid });
    }
    const selectedId = this.state.selectedId !== null && profile.projectors.some((p) => p.id === this.state.selectedId) ? this.state.selectedId : (profile.projectors[0]?.id ?? null);
    this.set({ ...extra, profile, warp, selectedId });
  }

  private mergedConfig(p: ProjectorConfig): ProjectorConfig {
    const ov = this.overlays.get(p.id);
    return ov ? applyProjectorPatch(p, ov.fields) : p;
  }

  /** The working config of a projector as shown (null when unknown). */
  projector(id: string): ProjectorConfig | null {
    return this.state.profile?.projectors.find((p) => p.id === id) ?? null;
  }

  select(id: string): void {
    if (id !== this.state.selectedId) this.set({ selectedId: id });
  }

  /** The warp editor of a projector (made from its current warp the first time). */
  warpState(id: string): WarpEditState | null {
    const existing = this.state.warp[id];
    if (existing) return existing;
    const cfg = this.projector(id);
    return cfg ? initialWarpState(cfg.resolution.width, cfg.resolution.height, cfg.warp) : null;
  }

  /** Applies a warp action to a projector's editor; a changed grid is sent live. */
  dispatchWarp(id: string, action: WarpAction): void {
    const before = this.warpState(id);
    if (before === null) return;
    const after = warpReducer(before, action);
    if (after === before) return;
    this.set({ warp: { ...this.state.warp, [id]: after } });
    if (!sameGrid(after.grid, before.grid) || action.type === 'dragEnd') this.edit(id, { warp: after.grid });
  }

  /**
   * Changes calibration fields of a projector: shown at once, sent live (throttled per field; the
   * final value always goes). Refused by the conductor (locked, invalid): the field goes back to the
   * conductor's value and the log says why.
   */
  edit(id: string, patch: ProjectorPatch): void {
    if (this.serverProfile === null) return;
    const ov = this.overlays.get(id) ?? { fields: {}, lastEditMs: 0 };
    ov.lastEditMs = this.nowMs();
    for (const [k, v] of Object.entries(patch) as [PatchField, unknown][]) {
      if (v === undefined) continue;
      ov.fields[k] = v;
      this.throttle.push(`${id}|${k}`, { projectorId: id, field: k, value: v });
    }
    this.overlays.set(id, ov);
    this.refresh({});
  }

  /** Sends waiting edits now (before a save, a recalibration, or leaving the page). */
  flush(): void {
    this.throttle.flush();
  }

  private async sendEdit(projectorId: string, field: PatchField, value: unknown): Promise<void> {
    this.set({ sentEdits: this.state.sentEdits + 1 });
    const answer = await this.sendCommand({ command: 'setProjector', projectorId, patch: { [field]: value } as ProjectorPatch });
    if (answer.ok) return;
    this.note(false, answer.message);
    const ov = this.overlays.get(projectorId);
    if (ov && same(ov.fields[field], value)) {
      delete ov.fields[field];
      this.refresh({});
    }
  }

  /** Sends a command and logs the answer; resolves with it. */
  async command(c: Command): Promise<{ ok: boolean; message: string }> {
    const answer = await this.sendCommand(c);
    this.note(answer.ok, answer.message);
    return answer;
  }

  /** Puts a test pattern on one projector (or every one: null). */
  pattern(projectorId: string | null, pattern: TestPattern): Promise<{ ok: boolean; message: string }> {
    return this.command({ command: 'testPattern', projectorId, pattern });
  }

  /** True when calibration commands would be refused (locked, or not known yet). */
  get locked(): boolean {
    return this.state.calibration?.locked ?? true;
  }
}
