/** A problem found in a document: where (dotted path, "" for the whole document), what, and what was expected. */
export interface Problem {
  /** Dotted path to the field, like "tracks.2.clips.0.startS"; "" for the document itself. */
  readonly path: string;
  /** What is wrong, in plain words. */
  readonly message: string;
  /** What was expected instead. */
  readonly expected: string;
}

/** A parse result: the value, or the problems that stopped it. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Formats a problem as one line: `path: what is wrong (what was expected)`. */
export function formatProblem(p: Problem): string {
  return `${p.path === '' ? '(document)' : p.path}: ${p.message} (${p.expected})`;
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${end - lineStart + 1}`;
}

/** Printable, bounded excerpt of untrusted text for a message. */
export function excerpt(s: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return clean.length > max ? clean.slice(0, max) + '…' : clean;
}

/**
 * Parses JSON text from a user's file. Strips a UTF-8 byte-order mark, turns JSON.parse's message
 * into a line and column, and never echoes more than a short excerpt of the input.
 */
export function parseJsonText(text: string, expected: string): ParseResult<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, problems: [{ path: '', message: 'the file is empty', expected }] };
  }
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(raw);
    let message: string;
    if (/Unexpected end of JSON input/.test(raw)) {
      message = `the JSON ends too early at ${lineAndColumn(body, body.length)} (truncated file?)`;
    } else if (pos) {
      const at = Number(pos[1]);
      const what = raw.replace(/\s*in JSON at position \d+.*$/s, '').replace(/,\s*".*" is not valid JSON$/s, '');
      message = `invalid JSON at ${lineAndColumn(body, at)}: ${excerpt(what, 80)} near "${excerpt(body.slice(at, at + 20), 20)}"`;
    } else {
      message = `invalid JSON: ${excerpt(raw.replace(/,\s*".*" is not valid JSON$/s, ''), 80)}`;
    }
    return { ok: false, problems: [{ path: '', message, expected }] };
  }
}
