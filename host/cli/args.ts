import { parseArgs as parseNodeArgs } from 'node:util';

/** Parsed command-line options: `--name value` pairs and bare flags. */
export type Args = { readonly values: ReadonlyMap<string, string>; readonly flags: ReadonlySet<string>; readonly rest: readonly string[] };

/** What to do with an argument that is not one of the named options: a `--switch` or a plain word. */
export interface OptionPolicy {
  /** `--switch` not named (or written `--name=value`): refused with `unknown option --switch`, or left alone (another program's). */
  unknownOption: 'refuse' | 'ignore';
  /** A word that is no option's value (also `-x`): kept in `rest`, or refused with `unexpected argument WORD`. */
  word: 'keep' | 'refuse';
}

/**
 * Reads `--name value` options and bare `--flag`s with Node's own parser (`util.parseArgs`, tokens),
 * applying `policy` to everything else. Only `--name value` is an option: `--name=value` and `-x` are
 * not, and a value may not start with `--`. Returns the first problem, in command-line order, as a
 * message (`--show needs a value`).
 */
export function readOptions(argv: readonly string[], valueNames: readonly string[], flagNames: readonly string[], policy: OptionPolicy): Args | string {
  const options = Object.fromEntries([...valueNames.map((n) => [n, { type: 'string' as const }]), ...flagNames.map((n) => [n, { type: 'boolean' as const }])]);
  const { tokens } = parseNodeArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  let lastWordIndex = -1;
  const word = (index: number): string | null => {
    // `-abc` comes back as one token per letter, all at the same index: it is one word.
    if (index === lastWordIndex) return null;
    lastWordIndex = index;
    if (policy.word === 'refuse') return `unexpected argument ${argv[index]}`;
    rest.push(argv[index]!);
    return null;
  };
  const unknown = (index: number): string | null => (policy.unknownOption === 'refuse' ? `unknown option ${argv[index]}` : null);
  for (const t of tokens) {
    let problem: string | null = null;
    if (t.kind === 'positional') problem = word(t.index);
    else if (t.kind === 'option-terminator') {
      // `--` is no terminator here: an unknown switch, and reading goes on after it.
      const after = unknown(t.index) ?? readOptions(argv.slice(t.index + 1), valueNames, flagNames, policy);
      if (typeof after === 'string') return after;
      for (const [k, v] of after.values) values.set(k, v);
      for (const f of after.flags) flags.add(f);
      rest.push(...after.rest);
      break;
    } else if (!t.rawName.startsWith('--')) problem = word(t.index);
    else if (t.inlineValue === true) problem = unknown(t.index);
    else if (flagNames.includes(t.name)) flags.add(t.name);
    else if (!valueNames.includes(t.name)) problem = unknown(t.index);
    else if (t.value === undefined || t.value.startsWith('--')) problem = `${t.rawName} needs a value`;
    else values.set(t.name, t.value);
    if (problem !== null) return problem;
  }
  return { values, flags, rest };
}

/**
 * Parses `--name value` options. `flagNames` take no value. Returns a message for unknown options or
 * a missing value, so every CLI fails the same clear way.
 */
export function parseArgs(argv: readonly string[], valueNames: readonly string[], flagNames: readonly string[] = []): Args | string {
  return readOptions(argv, valueNames, flagNames, { unknownOption: 'refuse', word: 'keep' });
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
