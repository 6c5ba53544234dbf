import { ProfileSchema, type Profile, type ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { applyProjectorPatch, type CommandOf, type CommandResult, type TestPattern } from '../../engine/core/protocol/commands.ts';
import type { CalibrationStatus } from '../../engine/core/protocol/status.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { problemsFromZod } from '../../engine/core/json/zodProblems.ts';

/** Where saveProfile, rollbackProfile and markBaseline keep the profile's versions (host/profiles/ProfileStore implements it). */
export interface ProfileVersions {
  /** The newest saved version, or null when the file has no history yet. */
  latestVersion(): number | null;
  /** Saves `profile` as a new version (validated first; throws with a message naming the problem); `unchanged` when it equals the newest one. */
  save(profile: Profile, who: string, note: string): { version: number; unchanged: boolean };
  /** Puts the file back to version `toVersion` (default: the last with other content), recorded as a new version; returns it. */
  rollback(who: string, toVersion?: number): { version: number; profile: Profile; to: number; unchanged: boolean };
  /** Marks or unmarks a version as a baseline (never pruned); `changed` false when it already was so. */
  markBaseline(version: number, baseline: boolean, who: string, note: string): { changed: boolean };
}

/** A projector whose calibration changed in the working profile (sent live to its outputs). */
export interface ProjectorChange {
  readonly projectorId: string;
  readonly config: ProjectorConfig;
  /** Working-profile revision since the documents' generation was last bumped. */
  readonly revision: number;
}

/** The message every calibration command gets while the lock is on. */
export const CALIBRATION_LOCKED_MESSAGE = 'calibration is locked (show mode): unlock it in the calibration page';

/** Number of Gray-code bits for an output dimension of `size` pixels: ceil(log2 size). */
export function grayCodeBitCount(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(size)));
}

/** The calibration fields a rollback may change live; anything else changed means new documents. */
const LIVE_FIELDS = ['pose', 'lens', 'warp', 'blend', 'blackLevel', 'colorGains'] as const;

function withoutLiveFields(p: Profile): string {
  return JSON.stringify({ ...p, projectors: p.projectors.map((pr) => Object.fromEntries(Object.entries(pr).filter(([k]) => !(LIVE_FIELDS as readonly string[]).includes(k)))) });
}

/**
 * The calibration session over the working profile: the lock ("show mode", on at start), the test
 * pattern of each projector, live projector changes (with their revision), whether the working
 * profile differs from its last saved version, and save, rollback and baselines through the profile's
 * version store. The lock is checked before any of these runs (the command registry's `needsUnlock`).
 */
export class CalibrationSession {
  private working: Profile;
  private lockedNow = true;
  private readonly patternsByProjector = new Map<string, TestPattern>();
  private versions: ProfileVersions | null = null;
  private savedVersion: number | null = null;
  private savedJson: string;
  private dirtyNow = false;
  private revisionNow = 0;
  private readonly projectorListeners = new Set<(c: ProjectorChange) => void>();

  /** `newDocuments` is called when a rollback changes more than calibration (the outputs rebuild). */
  constructor(
    profile: Profile,
    readonly profileFile: string,
    private readonly newDocuments: () => void,
  ) {
    this.working = profile;
    this.savedJson = JSON.stringify(profile);
  }

  /** The working profile (saved or not). */
  get profile(): Profile {
    return this.working;
  }
  /** True while calibration commands are refused. */
  get locked(): boolean {
    return this.lockedNow;
  }
  /** Working-profile changes sent live since the documents last changed. */
  get revision(): number {
    return this.revisionNow;
  }
  /** The test pattern of every projector not showing the show. */
  get patterns(): Readonly<Record<string, TestPattern>> {
    return Object.fromEntries(this.patternsByProjector);
  }
  /** The calibration part of the status. */
  get status(): CalibrationStatus {
    return { locked: this.lockedNow, dirty: this.dirtyNow, version: this.savedVersion, patterns: this.patterns };
  }

  /** Gives the session the profile file's version store. */
  attachVersions(store: ProfileVersions): void {
    this.versions = store;
    this.savedVersion = store.latestVersion();
  }

  /** Calls `listener` for every projector whose calibration changes live. */
  onProjectorChange(listener: (c: ProjectorChange) => void): () => void {
    this.projectorListeners.add(listener);
    return () => this.projectorListeners.delete(listener);
  }

  /** The refusal for a projector id the profile does not have. */
  unknownProjector(field: string, id: string): CommandResult {
    const p = this.working;
    return { ok: false, message: `${field}: "${id}" is not a projector of profile ${p.id} (it has ${p.projectors.map((pr) => pr.id).join(', ')})` };
  }

  /** Locks (show mode: every output back to the show; unsaved changes stay live and dirty) or unlocks. */
  setLocked(locked: boolean): CommandResult {
    if (locked && !this.lockedNow) this.patternsByProjector.clear();
    const message = locked ? `calibration locked (show mode)${this.dirtyNow ? '; the working profile has unsaved changes' : ''}` : 'calibration unlocked';
    this.lockedNow = locked;
    return { ok: true, message };
  }

  /** Puts a test pattern (or the show) on one projector or all; a Gray-code bit must exist for every target. */
  testPattern(cmd: CommandOf<'testPattern'>): CommandResult {
    const projectors = this.working.projectors;
    const targets = cmd.projectorId === null ? projectors : projectors.filter((p) => p.id === cmd.projectorId);
    if (cmd.projectorId !== null && targets.length === 0) return this.unknownProjector('testPattern: projectorId', cmd.projectorId);
    const pattern = cmd.pattern;
    if (typeof pattern === 'object') {
      const g = pattern.grayCode;
      for (const p of targets) {
        const size = g.axis === 'x' ? p.resolution.width : p.resolution.height;
        const bits = grayCodeBitCount(size);
        if (g.bit >= bits) return { ok: false, message: `testPattern: pattern.grayCode.bit: ${g.bit} is past the last bit of projector ${p.id} (${size} px ${g.axis === 'x' ? 'wide' : 'high'}: bits 0 to ${bits - 1})` };
      }
    }
    for (const p of targets) {
      if (pattern === 'content') this.patternsByProjector.delete(p.id);
      else this.patternsByProjector.set(p.id, pattern);
    }
    const what = typeof pattern === 'object' ? `Gray code ${pattern.grayCode.axis} bit ${pattern.grayCode.bit}${pattern.grayCode.inverse ? ' inverse' : ''}` : pattern;
    return { ok: true, message: `${what} on ${cmd.projectorId ?? 'every projector'}` };
  }

  /** Replaces calibration fields of one projector in the working profile (checked by the profile's rules) and sends it live. */
  setProjector(cmd: CommandOf<'setProjector'>): CommandResult {
    const profile = this.working;
    const index = profile.projectors.findIndex((p) => p.id === cmd.projectorId);
    if (index < 0) return this.unknownProjector('setProjector: projectorId', cmd.projectorId);
    const next = applyProjectorPatch(profile.projectors[index]!, cmd.patch);
    // The whole profile's rules, checked on the profile with this projector alone: the other
    // projectors were valid and a patch changes nothing they are checked against (ids, lumens),
    // so this is the whole profile's verdict without revalidating 256 warp grids per nudge.
    const checked = ProfileSchema.safeParse({ ...profile, projectors: [next] }, { reportInput: true });
    if (!checked.success) {
      const problems = problemsFromZod(checked.error.issues).map((p) => ({ ...p, path: p.path.replace(/^projectors\.0\b/, `projectors.${index}`) }));
      return { ok: false, message: `setProjector ${cmd.projectorId}: the profile would be invalid: ${problems.slice(0, 3).map(formatProblem).join('; ')}` };
    }
    const cfg = checked.data.projectors[0]!;
    this.working = { ...profile, projectors: profile.projectors.map((p, i) => (i === index ? cfg : p)) };
    this.dirtyNow = JSON.stringify(this.working) !== this.savedJson;
    this.projectorChanged(cfg);
    const fields = Object.keys(cmd.patch).filter((k) => (cmd.patch as Record<string, unknown>)[k] !== undefined);
    return { ok: true, message: `projector ${cmd.projectorId}: ${fields.length > 0 ? fields.join(', ') : 'nothing'} changed (not saved)` };
  }

  /** Saves the working profile as a new version (an identical one answers "unchanged"). */
  save(cmd: CommandOf<'saveProfile'>): CommandResult {
    const saved = this.callStore('saveProfile', (v) => v.save(this.working, cmd.who, cmd.note));
    if (!saved.ok) return saved;
    const { version, unchanged } = saved.value;
    this.markSaved(version, this.working);
    if (unchanged) return { ok: true, message: `unchanged: still version ${version}` };
    return { ok: true, message: `saved ${this.profileFile} as version ${version}` };
  }

  /** Back to a saved version: calibration-only differences go out live, anything else means new documents. */
  rollback(cmd: CommandOf<'rollbackProfile'>): CommandResult {
    const done = this.callStore('rollbackProfile', (v) => v.rollback(cmd.who ?? 'conductor', cmd.toVersion));
    if (!done.ok) return done;
    const r = done.value;
    if (r.unchanged && !this.dirtyNow) return { ok: true, message: `unchanged: still version ${r.version}` };
    const before = this.working;
    this.working = r.profile;
    this.markSaved(r.version, r.profile);
    const sameIds = before.projectors.length === r.profile.projectors.length && before.projectors.every((p, i) => p.id === r.profile.projectors[i]!.id);
    if (sameIds && withoutLiveFields(before) === withoutLiveFields(r.profile)) {
      // Only calibration fields differ: the outputs take them live, without rebuilding.
      r.profile.projectors.forEach((p, i) => {
        if (JSON.stringify(p) !== JSON.stringify(before.projectors[i])) this.projectorChanged(p);
      });
    } else {
      this.newDocuments();
      this.revisionNow = 0;
      for (const id of [...this.patternsByProjector.keys()]) if (!r.profile.projectors.some((p) => p.id === id)) this.patternsByProjector.delete(id);
    }
    return { ok: true, message: r.unchanged ? `unsaved changes dropped: still version ${r.version}` : `rolled back ${this.profileFile}: now version ${r.version}` };
  }

  /** Marks a saved version as a baseline, or unmarks it. */
  markBaseline(cmd: CommandOf<'markBaseline'>): CommandResult {
    const marked = this.callStore('markBaseline', (v) => v.markBaseline(cmd.version, cmd.baseline, cmd.who, cmd.note));
    if (!marked.ok) return marked;
    const state = cmd.baseline ? 'a baseline' : 'not a baseline';
    return { ok: true, message: marked.value.changed ? `version ${cmd.version} is now ${state}` : `unchanged: version ${cmd.version} already is ${state}` };
  }

  /** Calls the version store for `command`: without a store, or when it throws, the refusal names the command. */
  private callStore<T>(command: string, call: (versions: ProfileVersions) => T): { ok: true; value: T } | { ok: false; message: string } {
    if (!this.versions) return { ok: false, message: `${command}: the profile ${this.profileFile} has no version store (the conductor was started without one)` };
    try {
      return { ok: true, value: call(this.versions) };
    } catch (err) {
      return { ok: false, message: `${command}: ${(err as Error).message}` };
    }
  }

  private markSaved(version: number, profile: Profile): void {
    this.savedVersion = version;
    this.savedJson = JSON.stringify(profile);
    this.dirtyNow = false;
  }

  private projectorChanged(cfg: ProjectorConfig): void {
    this.revisionNow++;
    const change: ProjectorChange = { projectorId: cfg.id, config: cfg, revision: this.revisionNow };
    for (const l of this.projectorListeners) l(change);
  }
}
