import { unzipSync, zipSync } from 'fflate';
import { MpcdiError } from './MpcdiDocument.ts';

/** Caps on what a ZIP may unpack to, checked from its directory before anything is inflated. */
export interface ZipLimits {
  /** Largest uncompressed size of one entry, bytes (default 256 MiB). */
  readonly maxEntryBytes?: number;
  /** Largest uncompressed size of all entries together, bytes (default 1 GiB). */
  readonly maxTotalBytes?: number;
  /** Most entries (default 4096). */
  readonly maxEntries?: number;
}

const MiB = 1024 * 1024;

/** True when a path inside a ZIP or named by the XML could escape the archive's folder (../, absolute, drive letter). */
export function unsafeZipPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.split('/').some((part) => part === '..');
}

/**
 * Unpacks a ZIP held in memory into its files (folders skipped). Refuses, with a message naming the
 * entry: data that is not a ZIP, entries whose path escapes the archive, and archives whose declared
 * uncompressed sizes pass the limits (a ZIP bomb) — checked before each entry is inflated; an entry is
 * inflated into a buffer of its declared size, so a lying header cannot make it grow past the cap.
 */
export function unzipLimited(bytes: Uint8Array, limits: ZipLimits = {}): Map<string, Uint8Array> {
  const maxEntry = limits.maxEntryBytes ?? 256 * MiB;
  const maxTotal = limits.maxTotalBytes ?? 1024 * MiB;
  const maxEntries = limits.maxEntries ?? 4096;
  const sig = bytes.length >= 4 ? (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0 : 0;
  if (sig !== 0x04034b50 && sig !== 0x06054b50) {
    throw new MpcdiError('is not a ZIP archive (an .mpcdi file is a ZIP holding mpcdi.xml and its PFM and PNG files)');
  }
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        count++;
        if (count > maxEntries) throw new MpcdiError(`the archive has more than ${maxEntries} entries (refused as a ZIP bomb)`);
        if (unsafeZipPath(f.name)) throw new MpcdiError('path leaves the archive\'s folder (refused)', f.name);
        if (f.name.endsWith('/')) return false;
        if (f.originalSize > maxEntry) {
          throw new MpcdiError(`unpacks to ${(f.originalSize / MiB).toFixed(1)} MiB, over the ${(maxEntry / MiB).toFixed(0)} MiB a file may have (refused as a ZIP bomb)`, f.name);
        }
        total += f.originalSize;
        if (total > maxTotal) {
          throw new MpcdiError(`the archive unpacks to more than ${(maxTotal / MiB).toFixed(0)} MiB (refused as a ZIP bomb)`, f.name);
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof MpcdiError) throw err;
    throw new MpcdiError(`is not a readable ZIP archive (${err instanceof Error ? err.message : String(err)})`);
  }
  return new Map(Object.entries(files));
}

/** Packs files into a ZIP (deflated; a flat archive as MPCDI asks). */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const obj: Record<string, Uint8Array> = {};
  for (const [name, data] of files) obj[name] = data;
  return zipSync(obj, { level: 6 });
}
