import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandFromOsc, CommandSchema, type Command } from '../../engine/core/protocol/commands.ts';
import { parseWire, ServerMessageSchema, type ServerMessage } from '../../engine/core/protocol/messages.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { shippedProfile, shippedShow } from '../../tests/support/shippedDocuments.ts';
import { ProfileStore } from '../profiles/ProfileStore.ts';
import { CALIBRATION_LOCKED_MESSAGE, Conductor } from './Conductor.ts';
import { startConductor } from './startConductor.ts';

const show = shippedShow('demo');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempProfile(name = 'preview-3'): { file: string; dir: string; profile: Profile } {
  const dir = mkdtempSync(join(tmpdir(), 'conductor-calibration-'));
  dirs.push(dir);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, readFileSync(new URL(`../../calibration/profiles/${name}.json`, import.meta.url)));
  return { file, dir, profile: shippedProfile(name) };
}

function make(withStore = true) {
  const { file, profile } = tempProfile();
  const c = new Conductor({ show, showFile: 'demo.show.json', profile, profileFile: file }, () => 5000, () => ({ ok: false, message: 'no' }), 'en');
  const store = new ProfileStore(file, { warn: () => {} });
  if (withStore) c.attachProfileVersions(store);
  const changes: { projectorId: string; yaw: number; revision: number }[] = [];
  c.onProjectorChange((ch) => changes.push({ projectorId: ch.projectorId, yaw: ch.config.pose.yawDeg, revision: ch.revision }));
  return { c, file, profile, store, changes };
}

/** Parses a command as every way in does (HTTP, WebSocket), so these tests see the schema's verdict too. */
function cmd(raw: unknown): Command {
  const r = CommandSchema.safeParse(raw);
  if (!r.success) throw new Error(`${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
  return r.data;
}

describe('Conductor calibration commands', () => {
  it('starts locked (show mode) and refuses every calibration command until unlocked', () => {
    const { c, file } = make();
    const before = readFileSync(file, 'utf8');
    expect(c.status().calibration).toEqual({ locked: true, dirty: false, version: null, patterns: {} });
    const refused: Command[] = [
      { command: 'testPattern', projectorId: 'P01', pattern: 'white' },
      { command: 'setProjector', projectorId: 'P01', patch: { blackLevel: 0.01 } },
      { command: 'saveProfile', who: 'tech', note: 'x' },
      { command: 'rollbackProfile' },
      { command: 'rollbackProfile', toVersion: 1 },
      { command: 'markBaseline', version: 1, baseline: true, who: 'tech', note: 'x' },
    ];
    for (const r of refused) expect(c.perform(r)).toEqual({ ok: false, message: `${r.command}: ${CALIBRATION_LOCKED_MESSAGE}` });
    expect(c.status().calibration).toEqual({ locked: true, dirty: false, version: null, patterns: {} });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(c.perform({ command: 'calibrationLock', locked: false })).toEqual({ ok: true, message: 'calibration unlocked' });
    expect(c.status().calibration.locked).toBe(false);
    expect(c.perform({ command: 'testPattern', projectorId: 'P01', pattern: 'white' }).ok).toBe(true);
  });

  it('puts test patterns and Gray-code frames on one projector or all, checks the bit, and relocking returns to the show', () => {
    const { c } = make();
    c.perform({ command: 'calibrationLock', locked: false });
    expect(c.perform({ command: 'testPattern', projectorId: null, pattern: 'grid' })).toEqual({ ok: true, message: 'grid on every projector' });
    expect(c.patterns).toEqual({ P01: 'grid', P02: 'grid', P03: 'grid' });
    const gray = { grayCode: { axis: 'x' as const, bit: 10, inverse: true } };
    expect(c.perform({ command: 'testPattern', projectorId: 'P02', pattern: gray })).toEqual({ ok: true, message: 'Gray code x bit 10 inverse on P02' });
    expect(c.perform({ command: 'testPattern', projectorId: 'P01', pattern: 'content' }).ok).toBe(true);
    expect(c.status().calibration.patterns).toEqual({ P02: gray, P03: 'grid' });
    // 1280 px wide: 11 bits (0 to 10); 800 px high: 10 bits.
    expect(c.perform({ command: 'testPattern', projectorId: 'P02', pattern: { grayCode: { axis: 'x', bit: 11, inverse: false } } })).toEqual({ ok: false, message: 'testPattern: pattern.grayCode.bit: 11 is past the last bit of projector P02 (1280 px wide: bits 0 to 10)' });
    expect(c.perform({ command: 'testPattern', projectorId: 'P02', pattern: { grayCode: { axis: 'y', bit: 10, inverse: false } } }).message).toMatch(/800 px high: bits 0 to 9/);
    expect(c.perform({ command: 'testPattern', projectorId: 'P9', pattern: 'white' })).toEqual({ ok: false, message: 'testPattern: projectorId: "P9" is not a projector of profile preview-3 (it has P01, P02, P03)' });
    expect(() => cmd({ command: 'testPattern', projectorId: 'P01', pattern: 'rainbow' })).toThrow(/^pattern:/);
    expect(() => cmd({ command: 'testPattern', projectorId: 'P01', pattern: { grayCode: { axis: 'z', bit: 1, inverse: false } } })).toThrow(/^pattern/);
    c.perform({ command: 'calibrationLock', locked: true });
    expect(c.status().calibration.patterns).toEqual({});
  });

  it('setProjector replaces fields of the working profile, tells the outputs, marks it dirty, and names the field it refuses', () => {
    const { c, profile, changes, file } = make();
    const before = readFileSync(file, 'utf8');
    c.perform({ command: 'calibrationLock', locked: false });
    const pose = { ...profile.projectors[1]!.pose, yawDeg: 1.25 };
    expect(c.perform(cmd({ command: 'setProjector', projectorId: 'P02', patch: { pose, colorGains: [1, 0.9, 0.8] } }))).toEqual({ ok: true, message: 'projector P02: pose, colorGains changed (not saved)' });
    const p2 = c.documents.profile.projectors[1]!;
    expect(p2.pose.yawDeg).toBe(1.25);
    expect(p2.colorGains).toEqual([1, 0.9, 0.8]);
    expect(c.documents.profile.projectors[0]).toEqual(profile.projectors[0]);
    expect(changes).toEqual([{ projectorId: 'P02', yaw: 1.25, revision: 1 }]);
    expect(c.status().calibration).toMatchObject({ dirty: true });
    expect(c.generation).toBe(0); // live: pages do not reload documents
    expect(readFileSync(file, 'utf8')).toBe(before); // not saved

    // A warp grid, then removed with null (back to no warp).
    const warp = { cols: 3, rows: 3, offsetsPx: Array.from({ length: 9 }, (_, i) => [i === 4 ? 2 : 0, 0] as [number, number]) };
    expect(c.perform(cmd({ command: 'setProjector', projectorId: 'P02', patch: { warp } })).ok).toBe(true);
    expect(c.documents.profile.projectors[1]!.warp).toEqual(warp);
    expect(c.perform(cmd({ command: 'setProjector', projectorId: 'P02', patch: { warp: null } })).ok).toBe(true);
    expect('warp' in c.documents.profile.projectors[1]!).toBe(false);

    // Refusals name the field (the patch schema, whichever way the command came in).
    expect(() => cmd({ command: 'setProjector', projectorId: 'P02', patch: { pose: { ...pose, pitchDeg: 95 } } })).toThrow(/^patch\.pose\.pitchDeg:/);
    expect(() => cmd({ command: 'setProjector', projectorId: 'P02', patch: { warp: { cols: 3, rows: 3, offsetsPx: [[0, 0]] } } })).toThrow(/^patch\.warp\.offsetsPx: has 1 points/);
    expect(() => cmd({ command: 'setProjector', projectorId: 'P02', patch: { id: 'P07' } })).toThrow(/patch/);
    expect(() => cmd({ command: 'setProjector', projectorId: 'P03', patch: { lens: { throwRatio: 1, focalPx: 900 } } })).toThrow(/^patch\.lens: gives neither or both of throwRatio and focalPx/);
    expect(c.perform(cmd({ command: 'setProjector', projectorId: 'P7', patch: {} })).message).toBe('setProjector: projectorId: "P7" is not a projector of profile preview-3 (it has P01, P02, P03)');
    expect(changes).toHaveLength(3);
  });

  it('saveProfile writes a version (dirty false, version set); rollbackProfile restores the file and the working profile live', () => {
    const { c, file, profile, store, changes } = make();
    const original = readFileSync(file, 'utf8');
    c.perform({ command: 'calibrationLock', locked: false });
    c.perform(cmd({ command: 'setProjector', projectorId: 'P01', patch: { pose: { ...profile.projectors[0]!.pose, yawDeg: -40 } } }));
    expect(c.perform({ command: 'saveProfile', who: 'tech', note: 'P01 bumped back' })).toEqual({ ok: true, message: `saved ${file} as version 2` });
    expect(c.status().calibration).toMatchObject({ dirty: false, version: 2 });
    expect(store.versions().map((v) => [v.version, v.who, v.note])).toEqual([
      [1, '(original file)', 'the file as it was before its first versioned save'],
      [2, 'tech', 'P01 bumped back'],
    ]);
    expect(store.versions()[1]!.changes).toEqual([`projectors[P01].pose.yawDeg: ${profile.projectors[0]!.pose.yawDeg.toFixed(3)} → -40.000`]);
    expect(JSON.parse(readFileSync(file, 'utf8')).projectors[0].pose.yawDeg).toBe(-40);

    c.perform(cmd({ command: 'setProjector', projectorId: 'P03', patch: { blackLevel: 0.004 } }));
    expect(c.status().calibration.dirty).toBe(true);
    expect(c.perform({ command: 'rollbackProfile' })).toEqual({ ok: true, message: `rolled back ${file}: now version 3` });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(c.documents.profile).toEqual(profile);
    expect(c.status().calibration).toMatchObject({ dirty: false, version: 3 });
    // Only calibration fields differed: sent live (P01 back to its yaw, P03's black level undone), no new documents.
    expect(c.generation).toBe(0);
    expect(changes.slice(-2).map((ch) => ch.projectorId)).toEqual(['P01', 'P03']);
    expect(changes.at(-2)!.yaw).toBe(profile.projectors[0]!.pose.yawDeg);
  });

  it('refuses to save without a version store, and refuses a save the store rejects', () => {
    const { c } = make(false);
    c.perform({ command: 'calibrationLock', locked: false });
    expect(c.perform({ command: 'saveProfile', who: 'tech', note: '' }).message).toMatch(/^saveProfile: the profile .* has no version store/);
    expect(c.perform({ command: 'rollbackProfile' }).message).toMatch(/^rollbackProfile: the profile .* has no version store/);
    const { c: c2 } = make(true);
    c2.perform({ command: 'calibrationLock', locked: false });
    expect(c2.perform({ command: 'rollbackProfile' }).message).toMatch(/^rollbackProfile: .*nothing to roll back to/);
  });

  it('takes the calibration commands over OSC', () => {
    expect(commandFromOsc('/panorama/calibration/lock', [0])).toEqual({ ok: true, command: { command: 'calibrationLock', locked: false } });
    expect(commandFromOsc('/panorama/calibration/pattern', ['*', 'white'])).toEqual({ ok: true, command: { command: 'testPattern', projectorId: null, pattern: 'white' } });
    expect(commandFromOsc('/panorama/calibration/pattern', ['P01', 'grayCode', 'y', 3, 1])).toEqual({ ok: true, command: { command: 'testPattern', projectorId: 'P01', pattern: { grayCode: { axis: 'y', bit: 3, inverse: true } } } });
    expect(commandFromOsc('/panorama/calibration/projector', ['P01', '{"blackLevel":0.002}'])).toEqual({ ok: true, command: { command: 'setProjector', projectorId: 'P01', patch: { blackLevel: 0.002 } } });
    expect(commandFromOsc('/panorama/calibration/projector', ['P01', '{"blackLevel":2}'])).toMatchObject({ ok: false, reason: expect.stringMatching(/patch\.blackLevel/) });
    expect(commandFromOsc('/panorama/calibration/save', ['tech', 'note'])).toEqual({ ok: true, command: { command: 'saveProfile', who: 'tech', note: 'note' } });
    expect(commandFromOsc('/panorama/calibration/rollback', [])).toEqual({ ok: true, command: { command: 'rollbackProfile' } });
    expect(commandFromOsc('/panorama/calibration/rollback', [4, 'tech'])).toEqual({ ok: true, command: { command: 'rollbackProfile', toVersion: 4, who: 'tech' } });
    expect(commandFromOsc('/panorama/calibration/baseline', [3, 1, 'tech', 'signed off'])).toEqual({ ok: true, command: { command: 'markBaseline', version: 3, baseline: true, who: 'tech', note: 'signed off' } });
    expect(commandFromOsc('/panorama/calibration/baseline', [0, 1, 'tech'])).toMatchObject({ ok: false, reason: expect.stringMatching(/version/) });
  });
});

describe('ConductorServer calibration API', () => {
  async function start() {
    const { file, dir, profile } = tempProfile();
    const running = await startConductor({ show: 'demo', profile: file, port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: () => {} });
    const auth = { Authorization: `Bearer ${running.token}` };
    const post = async (body: unknown) => {
      const res = await fetch(`${running.url}/api/command`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; message: string } };
    };
    const get = async (path: string, withToken = true) => {
      const res = await fetch(`${running.url}${path}`, withToken ? { headers: auth } : {});
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { running, file, profile, post, get };
  }

  it('requires the token for the profile endpoints, serves the working profile, versions and a diff, and validates the query', async () => {
    const { running, file, profile, post, get } = await start();
    try {
      for (const path of ['/api/profile', '/api/profile/versions', '/api/profile/diff?a=1&b=2']) expect((await get(path, false)).status).toBe(401);
      expect((await get('/api/profile')).body).toEqual(profile);
      expect((await get('/api/profile/versions')).body).toEqual({ file, current: null, dirty: false, versions: [] });
      expect((await post({ command: 'setProjector', projectorId: 'P02', patch: { blackLevel: 0.01 } })).status).toBe(409);
      expect((await post({ command: 'calibrationLock', locked: false })).body.ok).toBe(true);
      expect(await post({ command: 'setProjector', projectorId: 'P02', patch: { blackLevel: 0.5 } })).toEqual({ status: 400, body: { ok: false, message: expect.stringMatching(/^not a command: patch\.blackLevel: /) } });
      expect((await post({ command: 'setProjector', projectorId: 'P02', patch: { blackLevel: 0.01 } })).status).toBe(200);
      expect(((await get('/api/profile')).body.projectors as { blackLevel: number }[])[1]!.blackLevel).toBe(0.01);
      expect((await get('/api/status')).body.calibration).toEqual({ locked: false, dirty: true, version: null, patterns: {} });
      expect((await post({ command: 'saveProfile', who: 'tech', note: 'black level' })).status).toBe(200);
      const versions = (await get('/api/profile/versions')).body;
      expect(versions).toMatchObject({ current: 2, dirty: false });
      expect((versions.versions as { version: number; who: string; available: boolean }[]).map((v) => [v.version, v.who, v.available])).toEqual([
        [1, '(original file)', true],
        [2, 'tech', true],
      ]);
      expect((await get('/api/profile/diff?a=1&b=2')).body).toEqual({ a: 1, b: 2, changes: ['projectors[P02].blackLevel: 0.001 → 0.010'] });
      expect(await get('/api/profile/diff?a=1')).toEqual({ status: 400, body: { ok: false, message: 'query parameter b is missing (expected a version number, e.g. ?a=3&b=4)' } });
      expect(await get('/api/profile/diff?a=x&b=2')).toEqual({ status: 400, body: { ok: false, message: 'query parameter a: "x" is not a version number (expected a whole number from 1)' } });
      expect((await get('/api/profile/diff?a=1&b=9')).status).toBe(404);
      // A big setProjector (129 × 129 warp grid) fits the HTTP body limit.
      const offsetsPx = Array.from({ length: 129 * 129 }, (_, i) => [((i % 7) - 3) * 0.123456, ((i % 5) - 2) * 0.654321] as [number, number]);
      const big = await post({ command: 'setProjector', projectorId: 'P03', patch: { warp: { cols: 129, rows: 129, offsetsPx } } });
      expect(big).toEqual({ status: 200, body: { ok: true, message: 'projector P03: warp changed (not saved)' } });
      expect(profile.projectors).toHaveLength(3);
    } finally {
      await running.stop();
    }
  });

  it('sends outputs the patterns after hello and on change, and a projector message per live change', async () => {
    const { running, post } = await start();
    const ws = new WebSocket(`${running.url.replace('http', 'ws')}/ws`);
    const got: ServerMessage[] = [];
    ws.on('message', (data) => {
      const r = parseWire(ServerMessageSchema, data.toString(), 64 * 1024 * 1024);
      if (r.ok) got.push(r.value);
    });
    const until = async (what: string, pred: () => boolean) => {
      const t0 = Date.now();
      while (!pred()) {
        if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((ok) => setTimeout(ok, 10));
      }
    };
    try {
      await new Promise((ok) => ws.once('open', ok));
      ws.send(JSON.stringify({ type: 'hello', token: running.token, role: 'output', projectorId: 'P02', clientId: 'out-P02' }));
      await until('the first patterns message', () => got.some((m) => m.type === 'patterns'));
      expect(got.find((m) => m.type === 'patterns')).toEqual({ type: 'patterns', patterns: {} });
      await post({ command: 'calibrationLock', locked: false });
      await post({ command: 'testPattern', projectorId: 'P02', pattern: { grayCode: { axis: 'y', bit: 2, inverse: false } } });
      await until('the new patterns', () => got.some((m) => m.type === 'patterns' && 'P02' in m.patterns));
      await post({ command: 'setProjector', projectorId: 'P02', patch: { colorGains: [0.5, 1, 1] } });
      await until('the projector message', () => got.some((m) => m.type === 'projector'));
      const pm = got.find((m) => m.type === 'projector');
      expect(pm).toMatchObject({ type: 'projector', generation: 0, revision: 1, projectorId: 'P02', config: { id: 'P02', colorGains: [0.5, 1, 1] } });
    } finally {
      ws.close();
      await running.stop();
    }
  });
});
