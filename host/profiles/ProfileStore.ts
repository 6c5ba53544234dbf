import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { BaselineLog, type BaselineMark } from './baselines.ts';
import { canonicalJson, formatProfileJson } from './formatProfile.ts';
import { appendJsonLine, readJsonLines } from './jsonLines.ts';
import { diffProfiles } from './profileDiff.ts';
import { versionsToPrune } from './pruneVersions.ts';

/** How many recent distinct versions keep their files (v1, baselines and the newest always do; log lines always stay). */
export const KEEP_VERSIONS = 20;

/** One line of a profile's history log (`log.jsonl`). */
export const VersionEntrySchema = z.strictObject({
  version: z.number().int().min(1),
  who: z.string().max(200),
  /** ISO 8601 time of the save. */
  when: z.string().max(40),
  note: z.string().max(2000),
  /** What changed from the version before (profileDiff lines). */
  changes: z.array(z.string()),
  /** SHA-256 of the version file's bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** One saved version as the log records it. */
export type VersionEntry = z.infer<typeof VersionEntrySchema>;

/** A version with whether its text is still kept and whether it is a baseline. */
export interface VersionInfo extends VersionEntry {
  /** True while a file holds its text (its own, or a kept version with the same content). */
  readonly available: boolean;
  /** Set when the version is marked as a baseline (never pruned). */
  readonly baseline: BaselineMark | null;
}

/** What a save (or a rollback) did: a new version, or none because the content was already the newest version's. */
export interface SaveResult {
  readonly version: number;
  readonly changes: string[];
  /** True when nothing was written: the profile equals the newest version, which `version` names. */
  readonly unchanged: boolean;
}

/** Options of a ProfileStore. */
export interface ProfileStoreOptions {
  /** Recent distinct versions whose files are kept (default 20; v1, baselines and the newest always are). */
  readonly keep?: number;
  /** The time recorded with a save (default: the wall clock). */
  readonly now?: () => Date;
  /** Told about a damaged history (a torn last log line after a crash), once per read. */
  readonly warn?: (message: string) => void;
  /** Told as a save enters each writing step (the kill -9 test times its kills by them). */
  readonly trace?: (step: 'writeVersion' | 'writeProfile' | 'appendLog' | 'done', version: number) => void;
}

const VERSION_FILE = /^v(\d{6,})\.json$/;
/** Lines of `changes` recorded per version (a big profile change is summarised beyond this). */
const MAX_CHANGES = 200;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function versionName(v: number): string {
  return `v${String(v).padStart(6, '0')}.json`;
}

/**
 * The versions of one profile file F. Every save is atomic and versioned: the full profile text goes
 * to `<dir of F>/.history/<F's name without .json>/v000123.json`, then over F (both written to a
 * temporary file, flushed and renamed), then a line is appended to `log.jsonl` ({version, who, when,
 * note, changes, sha256}, flushed). A crash at any point leaves F either its old or its new full text
 * and the history readable (a torn last log line is ignored with a warning; a version file without its
 * log line is overwritten by the next save). A save whose content equals the newest version writes
 * nothing. Pruning never deletes v1 (the original), a baseline (`baselines.jsonl`) or the newest
 * version, drops duplicate contents first and keeps the last 20 distinct versions; the log keeps every
 * line, and a version whose own file went as a duplicate is read from a file with the same checksum.
 * Rollback goes to any kept version (by default the last one with other content) and is itself a
 * version, so it can be undone.
 */
export class ProfileStore {
  /** Folder of this profile's versions and log. */
  readonly historyDir: string;
  private readonly logFile: string;
  private readonly keep: number;
  private readonly now: () => Date;
  private readonly warn: (message: string) => void;
  private readonly trace: NonNullable<ProfileStoreOptions['trace']>;
  private readonly baselines: BaselineLog;

  constructor(
    /** The profile file. */
    readonly file: string,
    options: ProfileStoreOptions = {},
  ) {
    this.historyDir = join(dirname(file), '.history', basename(file).replace(/\.json$/i, ''));
    this.logFile = join(this.historyDir, 'log.jsonl');
    this.keep = Math.max(2, options.keep ?? KEEP_VERSIONS);
    this.now = options.now ?? (() => new Date());
    this.warn = options.warn ?? ((m) => process.stderr.write(`[profiles] warn: ${m}\n`));
    this.trace = options.trace ?? (() => {});
    this.baselines = new BaselineLog(this.historyDir, (m) => this.warn(m));
  }

  /** Every version the log records, oldest first (also those whose files were pruned). */
  versions(): VersionInfo[] {
    const entries = this.readLog();
    const kept = this.keptFiles();
    const marks = this.baselines.current();
    return entries.map((e) => ({ ...e, available: this.holderOf(e, entries, kept) !== null, baseline: marks.get(e.version) ?? null }));
  }

  /** The file that holds a version's text: its own, else the newest kept version with the same checksum. */
  private holderOf(entry: VersionEntry, entries: readonly VersionEntry[], kept: ReadonlySet<number>): number | null {
    if (kept.has(entry.version)) return entry.version;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.sha256 === entry.sha256 && kept.has(entries[i]!.version)) return entries[i]!.version;
    return null;
  }

  /** The newest recorded version, or null when the file has no history yet. */
  latestVersion(): number | null {
    return this.readLog().at(-1)?.version ?? null;
  }

  /** The text and profile of one kept version; throws naming the file when it is gone or damaged. */
  read(version: number): { text: string; profile: Profile; entry: VersionEntry } {
    const entry = this.readLog().find((e) => e.version === version);
    if (!entry) throw new Error(`${this.file}: version ${version} is not in its history (${this.describeRange()})`);
    const { text, parsed: json, path } = this.readChecked(entry);
    const parsed = parseProfileValue(json);
    if (!parsed.ok) throw new Error(`${path}: ${parsed.problems.map(formatProblem).slice(0, 3).join('; ')}`);
    return { text, profile: parsed.value, entry };
  }

  /** A version file's text and JSON, checked against its log line's checksum (not against the schema). */
  private readChecked(entry: VersionEntry): { text: string; parsed: unknown; path: string } {
    const holder = this.holderOf(entry, this.readLog(), this.keptFiles());
    if (holder === null) throw new Error(`${this.file}: version ${entry.version} was pruned (older than the last ${this.keep} distinct versions, not the original nor a baseline); its file was deleted`);
    const path = join(this.historyDir, versionName(holder));
    const text = readFileSync(path, 'utf8');
    if (sha256(text) !== entry.sha256) throw new Error(`${path}: does not match the checksum its log line recorded (the file was changed or damaged)`);
    try {
      return { text, parsed: JSON.parse(text) as unknown, path };
    } catch {
      throw new Error(`${path}: is not JSON`);
    }
  }

  /**
   * Saves `profile` as a new version and as the profile file. Validated first: an invalid profile is
   * refused (Error naming the field) and nothing is written. The first save of a file with no history
   * records the file as it was as version 1 first. A profile equal to the newest version (same
   * canonical content) while the file still holds it is no new version: nothing more is written and the
   * result says `unchanged`.
   */
  save(profile: Profile, who: string, note: string): SaveResult {
    const checked = parseProfileValue(profile);
    if (!checked.ok) throw new Error(`${this.file}: not saved, the profile is invalid: ${checked.problems.map(formatProblem).slice(0, 5).join('; ')}`);
    const text = formatProfileJson(profile);
    return this.commit(text, checked.value, who, note);
  }

  /**
   * Puts the profile file back to version `toVersion` (any version whose text is kept; by default the
   * newest one whose content differs from the newest version), recorded as a new version
   * ("rollback to vN"), so a second rollback undoes the first. Rolling back to the content the file
   * already has writes nothing (`unchanged`).
   */
  rollback(who: string, toVersion?: number): SaveResult & { profile: Profile; to: number } {
    const entries = this.readLog();
    const newest = entries.at(-1);
    let target: VersionEntry | undefined;
    if (toVersion === undefined) {
      target = newest && [...entries].reverse().find((e) => e.sha256 !== newest.sha256);
      if (!target) throw new Error(`${this.file}: nothing to roll back to (${this.describeRange()})`);
    } else {
      target = entries.find((e) => e.version === toVersion);
      if (!target) throw new Error(`${this.file}: cannot roll back to version ${toVersion}: it is not in its history (${this.describeRange()})`);
    }
    const { text, profile } = this.read(target.version);
    const r = this.commit(text, profile, who, `rollback to v${target.version}`);
    return { ...r, profile, to: target.version };
  }

  /**
   * Marks version `version` as a baseline (its text is then never pruned) or unmarks it; recorded with
   * who, when and why in `baselines.jsonl`. A version whose text was already pruned cannot be marked.
   * Returns false (and writes nothing) when the version already was in the asked state.
   */
  markBaseline(version: number, baseline: boolean, who: string, note: string): { changed: boolean } {
    const entries = this.readLog();
    const entry = entries.find((e) => e.version === version);
    if (!entry) throw new Error(`${this.file}: version ${version} is not in its history (${this.describeRange()})`);
    const marks = this.baselines.current();
    if (marks.has(version) === baseline) return { changed: false };
    if (baseline && this.holderOf(entry, entries, this.keptFiles()) === null) throw new Error(`${this.file}: version ${version} was pruned; only a kept version can be a baseline`);
    this.baselines.append({ version, baseline, who, when: this.now().toISOString(), note });
    return { changed: true };
  }

  /** What changed from version `a` to version `b` (both must still be kept). */
  diff(a: number, b: number): string[] {
    return diffProfiles(this.read(a).profile, this.read(b).profile);
  }

  private describeRange(): string {
    const entries = this.readLog();
    if (entries.length === 0) return 'it has no saved versions';
    const kept = [...this.keptFiles()].filter((v) => entries.some((e) => e.version === v)).sort((x, y) => x - y);
    return `versions 1 to ${entries.at(-1)!.version}${kept.length > 0 ? `, files kept from v${kept[0]}` : ''}`;
  }

  /** Version numbers whose files are present (temporary files never match). */
  private keptFiles(): Set<number> {
    if (!existsSync(this.historyDir)) return new Set();
    const out = new Set<number>();
    for (const name of readdirSync(this.historyDir)) {
      const m = VERSION_FILE.exec(name);
      if (m) out.add(Number(m[1]));
    }
    return out;
  }

  /** The log's valid lines; a torn or invalid line (a crash mid-append) is skipped with a warning. */
  private readLog(): VersionEntry[] {
    const out: VersionEntry[] = [];
    for (const e of readJsonLines(this.logFile, VersionEntrySchema, this.warn)) {
      const last = out.at(-1);
      if (last && e.version <= last.version) {
        this.warn(`${this.logFile}: version ${e.version} is not after ${last.version}; ignored`);
        continue;
      }
      out.push(e);
    }
    return out;
  }

  private appendLog(entry: VersionEntry): void {
    appendJsonLine(this.logFile, entry);
  }

  /** Removes temporary files left by interrupted saves of processes that are gone. */
  private removeStaleTemporaries(): void {
    const alive = (pid: number) => {
      if (pid === process.pid) return true;
      try {
        process.kill(pid, 0);
        return true;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    };
    const sweep = (dir: string, prefix: string) => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const m = /^\.(.+)\.(\d+)\.tmp$/.exec(name);
        if (m && m[1]!.startsWith(prefix) && !alive(Number(m[2]))) rmSync(join(dir, name), { force: true });
      }
    };
    sweep(this.historyDir, 'v');
    sweep(dirname(this.file), basename(this.file));
  }

  /**
   * A save killed after writing the profile file but before its log line leaves the file equal to a
   * version file the log does not know: record it (who unknown) so the history matches the file.
   */
  private recoverInterrupted(entries: VersionEntry[]): VersionEntry[] {
    const last = entries.at(-1)?.version ?? 0;
    const orphans = [...this.keptFiles()].filter((v) => v > last).sort((a, b) => b - a);
    if (orphans.length === 0 || !existsSync(this.file)) return entries;
    const current = readFileSync(this.file, 'utf8');
    const hash = sha256(current);
    for (const v of orphans) {
      if (sha256(readFileSync(join(this.historyDir, versionName(v)), 'utf8')) !== hash) continue;
      const entry: VersionEntry = { version: v, who: '(interrupted save)', when: this.now().toISOString(), note: 'the profile file was written but its save was cut short before the log; recorded by the next save', changes: [], sha256: hash };
      this.warn(`${this.file}: version ${v} was written but not logged (a save was cut short); recorded now`);
      this.appendLog(entry);
      return [...entries, entry];
    }
    return entries;
  }

  private commit(text: string, profile: Profile, who: string, note: string): SaveResult {
    this.removeStaleTemporaries();
    let entries = this.readLog();
    if (entries.length === 0 && existsSync(this.file)) {
      // First versioned save: the file as it was becomes version 1.
      const original = readFileSync(this.file, 'utf8');
      writeFileAtomic(join(this.historyDir, versionName(1)), original);
      const entry: VersionEntry = { version: 1, who: '(original file)', when: this.now().toISOString(), note: 'the file as it was before its first versioned save', changes: [], sha256: sha256(original) };
      this.appendLog(entry);
      entries = [entry];
    }
    entries = this.recoverInterrupted(entries);
    const previous = entries.at(-1);
    let changes: string[] = [];
    if (previous) {
      let before: unknown;
      try {
        // The previous version was validated when it was saved and its checksum still matches: parse only.
        before = this.readChecked(previous).parsed;
      } catch (err) {
        changes = [`(changes unknown: ${(err as Error).message})`];
      }
      if (before !== undefined) {
        if (this.sameAsNewest(previous, before, text, profile)) return { version: previous.version, changes: [], unchanged: true };
        changes = diffProfiles(before as Profile, profile);
      }
    } else changes = ['(first version)'];
    if (changes.length > MAX_CHANGES) changes = [...changes.slice(0, MAX_CHANGES), `… and ${changes.length - MAX_CHANGES} more`];
    // Never reuse the number of a version file a cut-short save left behind (it may be the profile file's content).
    const version = Math.max(previous?.version ?? 0, ...this.keptFiles()) + 1;
    // Order matters for crash safety: the version file, then the profile file, then the log line.
    const entry: VersionEntry = { version, who, when: this.now().toISOString(), note, changes, sha256: sha256(text) };
    this.trace('writeVersion', version);
    writeFileAtomic(join(this.historyDir, versionName(version)), text);
    this.trace('writeProfile', version);
    writeFileAtomic(this.file, text);
    this.trace('appendLog', version);
    this.appendLog(entry);
    this.prune();
    this.trace('done', version);
    return { version, changes, unchanged: false };
  }

  /**
   * True when `profile` is the newest version's content (byte-identical, or the same canonical JSON:
   * key order and layout do not count) and the profile file still holds it, so a save has nothing to do.
   */
  private sameAsNewest(newest: VersionEntry, newestJson: unknown, text: string, profile: Profile): boolean {
    const canonical = canonicalJson(profile);
    if (sha256(text) !== newest.sha256 && canonicalJson(newestJson) !== canonical) return false;
    if (!existsSync(this.file)) return false;
    const onDisk = readFileSync(this.file, 'utf8');
    if (sha256(onDisk) === newest.sha256) return true;
    try {
      return canonicalJson(JSON.parse(onDisk)) === canonical;
    } catch {
      return false;
    }
  }

  /** Deletes the version files pruning lets go (pruneVersions.ts); the log lines stay. */
  private prune(): void {
    const entries = this.readLog();
    const doomed = versionsToPrune(entries, this.keptFiles(), new Set(this.baselines.current().keys()), this.keep);
    for (const v of doomed) rmSync(join(this.historyDir, versionName(v)), { force: true });
  }
}
