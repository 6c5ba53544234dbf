/** Parsed command-line options: `--name value` pairs and bare flags. */
export type Args = { readonly values: ReadonlyMap<string, string>; readonly flags: ReadonlySet<string>; readonly rest: readonly string[] };

/**
 * Parses `--name value` options. `flagNames` take no value. Returns a message for unknown options or
 * a missing value, so every CLI fails the same clear way.
 */
export function parseArgs(argv: readonly string[], valueNames: readonly string[], flagNames: readonly string[] = []): Args | string {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const name = a.slice(2);
    if (flagNames.includes(name)) flags.add(name);
    else if (valueNames.includes(name)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
      values.set(name, v);
      i++;
    } else return `unknown option ${a}`;
  }
  return { values, flags, rest };
}

/** Parses "X,Y" into two finite numbers, or null. */
export function parsePair(s: string | undefined): [number, number] | null {
  if (s === undefined) return null;
  const parts = s.split(',');
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  return Number.isFinite(a) && Number.isFinite(b) ? [a!, b!] : null;
}

/**
 * Runs a command's main function: its number is the exit code, and an unexpected error becomes one
 * plain line (`NAME: message`) with exit code 1, never a stack trace.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
