import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * Appends one JSON line to an append-only log and flushes it to disk. A torn last line left by a
 * crash (no newline) is closed first, so it never swallows the new entry.
 */
export function appendJsonLine(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const needsNewline = existsSync(file) && statSync(file).size > 0 && !readFileSync(file, 'utf8').endsWith('\n');
  const fd = openSync(file, 'a');
  try {
    const bytes = Buffer.from(`${needsNewline ? '\n' : ''}${JSON.stringify(value)}\n`);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The valid lines of an append-only JSON-lines log, in order. A torn or invalid line (a crash
 * mid-append, a hand edit) is skipped and reported through `warn` with its line number.
 */
export function readJsonLines<S extends z.ZodType>(file: string, schema: S, warn: (message: string) => void): z.infer<S>[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: z.infer<S>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      warn(`${file}: line ${i + 1} is ${i === lines.length - 1 ? 'torn (a save was interrupted)' : 'damaged'}; ignored`);
      return;
    }
    out.push(r.data);
  });
  return out;
}
