import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new, never half of it: write a
 * temporary file beside it, flush it to disk, then rename it over the target. With `mode` the
 * temporary file is created with those permissions (a secret is never readable by others, not even
 * for a moment); a leftover temporary file is removed first so its old permissions cannot carry over.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  if (options.mode !== undefined) rmSync(tmp, { force: true });
  const fd = options.mode === undefined ? openSync(tmp, 'w') : openSync(tmp, 'wx', options.mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
}
