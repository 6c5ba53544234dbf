import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandInfo, CommandSchema } from '../../engine/core/protocol/commands.ts';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { ProfileStore } from '../profiles/ProfileStore.ts';
import { CALIBRATION_LOCKED_MESSAGE, Conductor } from './Conductor.ts';
import { startConductor } from './startConductor.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempProfileFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'profile-history-'));
  dirs.push(dir);
  const file = join(dir, 'preview-3.json');
  writeFileSync(file, readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url)));
  return file;
}

describe('Conductor profile history commands', () => {
  it('answers an identical save "unchanged", marks baselines only when unlocked, and rolls back to a chosen version', () => {
    const file = tempProfileFile();
    const profile = shippedProfile('preview-3');
    const c = new Conductor({ show: shippedShow('demo'), showFile: 'demo.show.json', profile, profileFile: file }, () => 5000, () => ({ ok: false, message: 'no' }), 'en');
    const store = new ProfileStore(file, { warn: () => {} });
    c.attachProfileVersions(store);
    expect(commandInfo('markBaseline')).toMatchObject({ roles: ['operator'], privileged: true });
    const mark = CommandSchema.parse({ command: 'markBaseline', version: 1, baseline: true, who: 'tech', note: 'as delivered' });
    expect(c.perform(mark)).toEqual({ ok: false, message: `markBaseline: ${CALIBRATION_LOCKED_MESSAGE}` });
    c.perform({ command: 'calibrationLock', locked: false });
    expect(c.perform({ command: 'saveProfile', who: 'tech', note: 'nothing changed' })).toEqual({ ok: true, message: 'unchanged: still version 1' });
    const setYaw = (yawDeg: number) => c.perform(CommandSchema.parse({ command: 'setProjector', projectorId: 'P01', patch: { pose: { ...profile.projectors[0]!.pose, yawDeg } } }));
    setYaw(-40);
    expect(c.perform({ command: 'saveProfile', who: 'tech', note: 'P01' })).toEqual({ ok: true, message: `saved ${file} as version 2` });
    const before = readdirSync(store.historyDir).sort();
    expect(c.perform({ command: 'saveProfile', who: 'tech', note: 'again' })).toEqual({ ok: true, message: 'unchanged: still version 2' });
    expect(readdirSync(store.historyDir).sort()).toEqual(before);
    expect(c.status().calibration).toMatchObject({ dirty: false, version: 2 });
    expect(c.perform(mark)).toEqual({ ok: true, message: 'version 1 is now a baseline' });
    expect(c.perform(mark)).toEqual({ ok: true, message: 'unchanged: version 1 already is a baseline' });
    expect(c.perform(CommandSchema.parse({ command: 'markBaseline', version: 7, baseline: true, who: 'tech', note: '' })).message).toMatch(/^markBaseline: .*version 7 is not in its history/);
    setYaw(-41);
    c.perform({ command: 'saveProfile', who: 'tech', note: 'P01 again' }); // v3
    expect(c.perform(CommandSchema.parse({ command: 'rollbackProfile', toVersion: 1, who: 'ana' }))).toEqual({ ok: true, message: `rolled back ${file}: now version 4` });
    expect(c.documents.profile).toEqual(profile);
    expect(store.versions().at(-1)).toMatchObject({ version: 4, who: 'ana', note: 'rollback to v1' });
    // Unsaved changes, then a rollback to the content the file has: the working profile goes back, no version is written.
    setYaw(-50);
    expect(c.perform(CommandSchema.parse({ command: 'rollbackProfile', toVersion: 1 }))).toEqual({ ok: true, message: 'unsaved changes dropped: still version 4' });
    expect(c.documents.profile).toEqual(profile);
    expect(c.status().calibration).toMatchObject({ dirty: false, version: 4 });
  });
});

describe('profile history over HTTP with a real conductor', () => {
  it('25 saves (changed, alternating, identical) keep v1 and the baseline: diff?a=1&b=N answers for every kept N, across a restart', async () => {
    const file = tempProfileFile();
    const dir = join(file, '..');
    const profile = shippedProfile('preview-3');
    const start = () => startConductor({ show: 'demo', profile: file, port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: () => {} });
    let running = await start();
    const client = (r: typeof running) => ({
      post: async (body: unknown) => {
        const res = await fetch(`${r.url}/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return (await res.json()) as { ok: boolean; message: string };
      },
      get: async (path: string) => {
        const res = await fetch(`${r.url}${path}`, { headers: { Authorization: `Bearer ${r.token}` } });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
    });
    try {
      let { post, get } = client(running);
      expect((await post({ command: 'calibrationLock', locked: false })).ok).toBe(true);
      const setYaw = (yawDeg: number) => post({ command: 'setProjector', projectorId: 'P02', patch: { pose: { ...profile.projectors[1]!.pose, yawDeg } } });
      await setYaw(5);
      expect(await post({ command: 'saveProfile', who: 'tech', note: 'opening calibration' })).toEqual({ ok: true, message: `saved ${file} as version 2` });
      expect(await post({ command: 'markBaseline', version: 2, baseline: true, who: 'tech', note: 'signed off' })).toEqual({ ok: true, message: 'version 2 is now a baseline' });
      const answers: string[] = [];
      for (let i = 1; i <= 25; i++) {
        if (i % 8 === 4) await setYaw(i % 16 === 4 ? 1 : 2); // back and forth between two values
        else if (i % 8 !== 0) await setYaw(10 + i); // a change
        answers.push((await post({ command: 'saveProfile', who: 'anyone', note: `save ${i}` })).message); // i % 8 === 0: identical
      }
      expect(answers.filter((m) => m.startsWith('unchanged: still version'))).toHaveLength(3);
      await running.stop();
      running = await start();
      ({ post, get } = client(running));
      const body = (await get('/api/profile/versions')).body;
      const versions = body.versions as { version: number; available: boolean; baseline: { who: string; note: string } | null }[];
      expect(versions[0]).toMatchObject({ version: 1, available: true, baseline: null });
      expect(versions[1]).toMatchObject({ version: 2, available: true, baseline: { who: 'tech', note: 'signed off' } });
      const newest = versions.at(-1)!.version;
      expect(body.current).toBe(newest);
      // More than 20 distinct contents were saved: the oldest ordinary ones were pruned, never v1 or the baseline.
      expect(versions.filter((v) => !v.available).length).toBeGreaterThan(0);
      // Files: v1, the baseline and the 20 newest distinct contents (a duplicate of the alternation reads through its twin).
      expect(readdirSync(join(dir, '.history', 'preview-3')).filter((n) => /^v\d+\.json$/.test(n))).toHaveLength(22);
      for (const v of versions.filter((x) => x.available)) {
        const d = await get(`/api/profile/diff?a=1&b=${v.version}`);
        expect(d.status, `diff?a=1&b=${v.version}`).toBe(200);
      }
      expect((await get('/api/profile/diff?a=1&b=2')).body).toEqual({ a: 1, b: 2, changes: [`projectors[P02].pose.yawDeg: ${profile.projectors[1]!.pose.yawDeg.toFixed(3)} → 5.000`] });
      // Rolled back to the original over HTTP: the file is v1's text again, byte for byte.
      expect((await post({ command: 'calibrationLock', locked: false })).ok).toBe(true);
      expect(await post({ command: 'rollbackProfile', toVersion: 1, who: 'tech' })).toEqual({ ok: true, message: `rolled back ${file}: now version ${newest + 1}` });
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url), 'utf8'));
    } finally {
      await running.stop();
    }
  }, 60_000);
});
