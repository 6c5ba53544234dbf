import { describe, expect, it } from 'vitest';
import { migrateForward, type JsonObject, type Migration } from './migrate.ts';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// A two-step history, as a format grows: v1 had `name`, v2 renamed it `title`, v3 made titles per language.
const steps: Migration[] = [
  { from: 1, description: 'name → title', migrate: ({ name, ...rest }: JsonObject) => ({ ...rest, title: name }) },
  { from: 2, description: 'title per language', migrate: (doc: JsonObject) => ({ ...doc, title: { en: doc['title'] } }) },
];

describe('migrateForward', () => {
  it('applies every step in order and never mutates its input', () => {
    const input = deepFreeze({ schemaVersion: 1, name: 'Show', tracks: [{ id: 't' }] });
    const snapshot = JSON.stringify(input);
    const r = migrateForward(input, 3, steps, 'test document');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.doc).toEqual({ schemaVersion: 3, title: { en: 'Show' }, tracks: [{ id: 't' }] });
    expect(r.value.fromVersion).toBe(1);
    expect(r.value.applied).toEqual(['v1 → v2: name → title', 'v2 → v3: title per language']);
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('returns a current document unchanged', () => {
    const input = deepFreeze({ schemaVersion: 3, title: { en: 'x' } });
    const r = migrateForward(input, 3, steps, 'test document');
    expect(r.ok && r.value.doc).toBe(input);
  });

  it('refuses newer, older, missing and malformed versions with a problem on schemaVersion', () => {
    const cases: [unknown, RegExp][] = [
      [{ schemaVersion: 4 }, /newer than this engine reads/],
      [{ schemaVersion: 0 }, /not a known version/],
      [{}, /is missing/],
      [{ schemaVersion: '3' }, /is "3"/],
      [{ schemaVersion: 2.5 }, /is 2\.5/],
      [{ schemaVersion: Infinity }, /too large/],
    ];
    for (const [doc, re] of cases) {
      const r = migrateForward(doc, 3, steps, 'test document');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]!.path).toBe('schemaVersion');
      expect(r.problems[0]!.message).toMatch(re);
    }
  });

  it('refuses a document that is not an object', () => {
    for (const doc of [null, [], 3, 'x']) {
      const r = migrateForward(doc, 3, steps, 'test document');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0]!.path).toBe('');
    }
  });
});
