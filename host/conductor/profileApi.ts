import { basename } from 'node:path';
import type { ProfileStore } from '../profiles/ProfileStore.ts';
import type { Conductor } from './Conductor.ts';

/**
 * GET /api/profile (the working profile), /api/profile/versions, /api/profile/diff?a=N&b=M: the status
 * and body to answer. Error bodies name the profile by its file name, never a folder of this machine.
 */
export function profileApi(path: string, query: URLSearchParams, conductor: Conductor, store: ProfileStore | undefined): { status: number; body: unknown } {
  if (path === '/api/profile') return { status: 200, body: conductor.documents.profile };
  const file = conductor.documents.profileFile;
  const name = basename(file);
  if (path === '/api/profile/versions') {
    if (!store) return { status: 404, body: { ok: false, message: `the profile ${name} has no version store` } };
    const cal = conductor.calibration;
    return { status: 200, body: { file, current: cal.version, dirty: cal.dirty, versions: store.versions() } };
  }
  if (path === '/api/profile/diff') {
    if (!store) return { status: 404, body: { ok: false, message: `the profile ${name} has no version store` } };
    const version = (key: 'a' | 'b'): number | string => {
      const raw = query.get(key);
      if (raw === null) return `query parameter ${key} is missing (expected a version number, e.g. ?a=3&b=4)`;
      if (!/^[1-9][0-9]{0,8}$/.test(raw)) return `query parameter ${key}: ${JSON.stringify(raw.slice(0, 20))} is not a version number (expected a whole number from 1)`;
      return Number(raw);
    };
    const a = version('a');
    const b = version('b');
    if (typeof a === 'string') return { status: 400, body: { ok: false, message: a } };
    if (typeof b === 'string') return { status: 400, body: { ok: false, message: b } };
    try {
      return { status: 200, body: { a, b, changes: store.diff(a, b) } };
    } catch (err) {
      // The store's messages name its files by full path: only the names go out.
      const dir = file.slice(0, file.length - name.length);
      return { status: 404, body: { ok: false, message: (err as Error).message.split(dir).join('') } };
    }
  }
  return { status: 404, body: { ok: false, message: 'no such endpoint (GET /api/profile, /api/profile/versions, /api/profile/diff?a=N&b=M)' } };
}
