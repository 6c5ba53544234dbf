/** What pruning needs to know of one logged version. */
export interface PrunableVersion {
  readonly version: number;
  /** SHA-256 of the version's text: two versions with the same one hold the same profile. */
  readonly sha256: string;
}

/**
 * Which version files to delete so the history stays small without ever losing what matters:
 * the original (v1), every baseline and the newest version (the profile file's content, as the log
 * says) are always kept, or, when a protected version's own file went earlier as a duplicate, a file
 * with the same content is. Of the others, a version whose content equals a kept one goes first (its
 * text stays readable through that file); then the `keep − 1` newest distinct versions are kept and
 * older ones go. Version files that no log line names and that are older than the newest version
 * (left by a save cut short before its log line) are deleted too. Pure: files in, verdict out.
 */
export function versionsToPrune(entries: readonly PrunableVersion[], present: ReadonlySet<number>, baselines: ReadonlySet<number>, keep: number): number[] {
  const newest = entries.at(-1);
  if (!newest) return [];
  const logged = new Set(entries.map((e) => e.version));
  const keepFiles = new Set<number>();
  const keptSha = new Set<string>();
  const protect = (e: PrunableVersion) => {
    if (keptSha.has(e.sha256) && present.has(e.version) === false) return;
    if (present.has(e.version)) keepFiles.add(e.version);
    else {
      const holder = [...entries].reverse().find((x) => x.sha256 === e.sha256 && present.has(x.version));
      if (holder) keepFiles.add(holder.version);
    }
    keptSha.add(e.sha256);
  };
  protect(newest);
  for (const e of entries) if (e.version === 1 || baselines.has(e.version)) protect(e);
  let budget = Math.max(1, keep - 1);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (!present.has(e.version) || keepFiles.has(e.version) || keptSha.has(e.sha256)) continue;
    if (budget > 0) {
      keepFiles.add(e.version);
      keptSha.add(e.sha256);
      budget--;
    }
  }
  return [...present].filter((v) => !keepFiles.has(v) && (logged.has(v) || v < newest.version)).sort((a, b) => a - b);
}
