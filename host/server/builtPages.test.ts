import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPagesDir, ensureBuiltPages, type PagesBuild } from './builtPages.ts';

/** The window globals tests, benches and the soak read in pages (web/shared/testHooks.ts). */
const HOOKS = ['panoramaOutput', 'panoramaAudio', 'panoramaAudioBench', 'panoramaReady', 'panoramaSubtitles', 'panoramaLink', 'panoramaVisit', 'panoramaCalibration'];

/** Every hook name found in a build's JavaScript and HTML. */
async function hooksIn(build: PagesBuild): Promise<string[]> {
  await ensureBuiltPages(() => {}, build);
  const dir = builtPagesDir(build);
  const text = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(js|html)$/.test(f))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  expect(text.length, `${dir} holds the built pages`).toBeGreaterThan(100_000);
  return HOOKS.filter((h) => text.includes(h));
}

describe('built pages', () => {
  it('the production build (dist/web, what users get) carries no test hook; the test build (dist/web-test) carries every one', { timeout: 600_000 }, async () => {
    expect(await hooksIn('production')).toEqual([]);
    expect(await hooksIn('test')).toEqual(HOOKS);
  });
});
