/** Regenerates tests/golden/*.json from the current engine: npx tsx tests/support/writeGoldens.ts */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { goldenFrames } from './frameGolden.ts';

const root = resolve(import.meta.dirname, '../..');
const show = JSON.parse(readFileSync(resolve(root, 'shows/demo.show.json'), 'utf8'));
writeFileSync(resolve(root, 'tests/golden/demo.frames.json'), goldenFrames(show));
process.stdout.write('wrote tests/golden/demo.frames.json\n');
