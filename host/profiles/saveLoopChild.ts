/**
 * Child process of the kill -9 test (ProfileStore.test.ts): saves variants of a large profile to
 * FILE in a loop, printing `start N` before each save, `step STEP vV MS` as it enters each writing
 * step, and `saved N MS` after it, until killed or COUNT
 * saves are done. Usage: node --import tsx saveLoopChild.ts FILE FIRST_VARIANT COUNT
 */
import { readFileSync } from 'node:fs';
import { parseProfileText } from '../../engine/core/profile/parseProfile.ts';
import { largeProfile } from './largeProfile.ts';
import { ProfileStore } from './ProfileStore.ts';

const [file, firstArg, countArg] = process.argv.slice(2);
if (!file || !firstArg || !countArg) throw new Error('usage: saveLoopChild.ts FILE FIRST_VARIANT COUNT');
const base = parseProfileText(readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url), 'utf8'));
if (!base.ok) throw new Error('preview-3 does not validate');
let t0 = 0;
const store = new ProfileStore(file, {
  warn: (m) => process.stderr.write(`${m}\n`),
  trace: (step, version) => process.stdout.write(`step ${step} v${version} ${(performance.now() - t0).toFixed(1)}\n`),
});
const first = Number(firstArg);
const profiles = [0, 1].map((k) => largeProfile(base.value, first + k));
process.stdout.write('ready\n');
for (let i = 0; i < Number(countArg); i++) {
  process.stdout.write(`start ${i + 1}\n`);
  t0 = performance.now();
  store.save(profiles[i % 2]!, 'kill-test', `variant ${first + (i % 2)}`);
  process.stdout.write(`saved ${i + 1} ${(performance.now() - t0).toFixed(1)}\n`);
}
