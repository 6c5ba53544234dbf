/** Regenerates the shipped profiles: npx tsx tools/profiles/writeShippedProfiles.ts */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DIEN_BIEN_PHU, PREVIEW_3, ringProfile } from './ringProfile.ts';

for (const layout of [DIEN_BIEN_PHU, PREVIEW_3]) {
  const file = resolve(import.meta.dirname, '../../calibration/profiles', `${layout.id}.json`);
  writeFileSync(file, JSON.stringify(ringProfile(layout), null, 2) + '\n');
  process.stdout.write(`wrote ${file}\n`);
}
