import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startConductor } from './startConductor.ts';

const root = resolve(import.meta.dirname, '../..');

describe('startConductor', () => {
  it('names a missing asset (file and field) and runs the show anyway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    const show = JSON.parse(readFileSync(join(root, 'shows/demo.show.json'), 'utf8'));
    show.tracks.push({ id: 'img', type: 'image', clips: [{ id: 'i1', startS: 0, durationS: 5, src: 'paintings/missing.png' }] });
    writeFileSync(join(dir, 'x.show.json'), JSON.stringify(show));
    const lines: string[] = [];
    const running = await startConductor({ show: join(dir, 'x.show.json'), profile: 'preview-3', port: 0, oscPort: null, settingsDir: dir, pages: 'none', log: (_l, m) => lines.push(m) });
    try {
      expect(lines.some((l) => /x\.show\.json: tracks\.3\.clips\.0\.src: asset "paintings\/missing\.png" is missing/.test(l))).toBe(true);
      expect(running.conductor.status().events.some((e) => e.level === 'warn' && /missing\.png/.test(e.message))).toBe(true);
      expect(running.conductor.perform({ command: 'play' }).ok).toBe(true);
      const res = await fetch(`${running.url}/api/status`, { headers: { Authorization: `Bearer ${running.token}` } });
      expect(res.status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it('refuses a bad profile with every problem named and starts nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-conductor-'));
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1, "projectors": []}');
    await expect(startConductor({ show: 'demo', profile: join(dir, 'bad.json'), port: 0, oscPort: null, settingsDir: dir, pages: 'none' })).rejects.toThrow(/bad\.json: id: is missing[\s\S]*projectors: has 0 items/);
  });
});
