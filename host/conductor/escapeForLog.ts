/**
 * Makes a log line inert: control characters (C0, DEL, C1, so ESC and every ANSI sequence), line and
 * paragraph separators and bidirectional overrides become visible `\xNN` / `\uNNNN` text. User strings
 * (OSC arguments, sender addresses, `who`, show names) reach the terminal and the control window's log
 * through it, so none can colour the terminal, move its cursor or forge a second line.
 */
export function escapeForLog(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// C0 controls, DEL, C1 controls; U+2028/2029 (line breaks to JavaScript and some viewers); bidi
// embeddings, overrides and isolates (they can make a line read differently from what it holds).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
