import { openSync, closeSync, fstatSync, readSync, statSync } from 'node:fs';
import type { ParseResult } from '../../engine/core/json/parseJsonText.ts';

/** Largest document the engine reads (64 MiB): bigger files are refused before reading. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Reads a user's text document (show, profile) safely: refuses folders, missing files, files over the
 * size limit, binary data and invalid UTF-8, each with a plain message. Never throws.
 */
export function readTextFile(path: string, expected: string, maxBytes = MAX_DOCUMENT_BYTES): ParseResult<string> {
  const fail = (message: string): ParseResult<string> => ({ ok: false, problems: [{ path: '', message, expected }] });
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return fail('is a folder, not a file');
    if (!st.isFile()) return fail('is not a regular file');
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('no such file');
    if (code === 'EACCES' || code === 'EPERM') return fail('cannot be read: permission denied');
    return fail(`cannot be read (${code ?? 'unknown error'})`);
  }
  if (size > maxBytes) return fail(`is ${mib(size)}, larger than the ${mib(maxBytes)} a document may be`);
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const actual = Math.min(fstatSync(fd).size, maxBytes + 1);
    bytes = Buffer.alloc(actual);
    let read = 0;
    while (read < actual) {
      const n = readSync(fd, bytes, read, actual - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } catch (err) {
    return fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (bytes.length > maxBytes) return fail(`is larger than the ${mib(maxBytes)} a document may be`);
  if (bytes.includes(0)) return fail('contains binary data (NUL bytes), not text');
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return fail('is not UTF-8 text');
  }
}
