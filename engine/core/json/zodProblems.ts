import type { z } from 'zod';
import { excerpt, type Problem } from './parseJsonText.ts';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text in double quotes',
  boolean: 'true or false',
  object: 'an object {…}',
  array: 'a list […]',
  tuple: 'a list […]',
  record: 'an object {…}',
  null: 'null',
};

/** Describes an untrusted value in a few words, without walking into it (it may be nested 100,000 deep). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'a number too large to represent';
  if (typeof v === 'string') return `"${excerpt(v)}"`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

function countOf(v: unknown): string {
  const n = Array.isArray(v) ? v.length : 0;
  return `${n} item${n === 1 ? '' : 's'}`;
}

function joinPath(path: readonly Key[]): string {
  return path.map((k) => (typeof k === 'symbol' ? k.toString() : String(k))).join('.');
}

function fromIssue(issue: Issue, prefix: readonly Key[], out: Problem[]): void {
  const path = [...prefix, ...issue.path];
  const input = (issue as { input?: unknown }).input;
  const at = joinPath(path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      if (input === undefined) out.push({ path: at, message: 'is missing', expected });
      else if (typeof input === 'number' && !Number.isFinite(input)) out.push({ path: at, message: 'is a number too large to represent', expected: 'a finite number' });
      else out.push({ path: at, message: `is ${describeValue(input)}`, expected });
      return;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') out.push({ path: at, message: `has ${countOf(input)}`, expected: `${issue.exact ? 'exactly' : 'at least'} ${min} items` });
      else if (issue.origin === 'string') out.push({ path: at, message: 'is too short', expected: `at least ${min} characters` });
      else out.push({ path: at, message: `is ${describeValue(input)}, too small`, expected: `${issue.inclusive ? 'at least' : 'more than'} ${min}` });
      return;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') out.push({ path: at, message: `has ${countOf(input)}`, expected: `${issue.exact ? 'exactly' : 'at most'} ${max} items` });
      else if (issue.origin === 'string') out.push({ path: at, message: 'is too long', expected: `at most ${max} characters` });
      else out.push({ path: at, message: `is ${describeValue(input)}, too large`, expected: `${issue.inclusive ? 'at most' : 'less than'} ${max}` });
      return;
    }
    case 'invalid_value':
      out.push({ path: at, message: `is ${describeValue(input)}`, expected: issue.values.length === 1 ? String(JSON.stringify(issue.values[0])) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` });
      return;
    case 'unrecognized_keys':
      for (const key of issue.keys) out.push({ path: joinPath([...path, key]), message: 'is not a field here', expected: 'remove it or check its spelling' });
      return;
    case 'invalid_key':
      out.push({ path: at, message: `"${excerpt(String(issue.path[issue.path.length - 1] ?? ''))}" is not a valid key`, expected: issue.issues[0]?.message ?? 'a valid key' });
      return;
    case 'invalid_format':
      out.push({ path: at, message: `is ${describeValue(input)}`, expected: issue.message.startsWith('Invalid') ? `text matching ${issue.format}` : issue.message });
      return;
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
      if (disc !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const value = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>)[disc] : input;
        out.push({ path: at, message: `is ${describeValue(value)}`, expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}` });
        return;
      }
      // Report the branch the author evidently meant: the one that got past the value's type.
      const branches = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (branches.length === 1) {
        for (const e of branches[0] as Issue[]) fromIssue(e, path, out);
        return;
      }
      out.push({ path: at, message: `is ${describeValue(input)}`, expected: issue.message });
      return;
    }
    case 'custom': {
      const expected = (issue.params as { expected?: string } | undefined)?.expected;
      if (expected !== undefined) out.push({ path: at, message: issue.message, expected });
      else out.push({ path: at, message: `is ${describeValue(input)}`, expected: issue.message });
      return;
    }
    default:
      out.push({ path: at, message: issue.message, expected: 'a valid value' });
  }
}

/** Turns zod issues (parsed with reportInput) into one-line problems, in document order. */
export function problemsFromZod(issues: readonly Issue[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) fromIssue(issue, [], out);
  return out;
}
