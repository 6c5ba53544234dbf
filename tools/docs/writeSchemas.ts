/**
 * npm run schema: regenerates the committed JSON Schemas from the zod schemas. A test fails when a
 * committed file is stale, so run this after changing a schema.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSON_SCHEMAS } from '../../host/validate/jsonSchemas.ts';

const root = resolve(import.meta.dirname, '../..');
for (const { file, build } of JSON_SCHEMAS) {
  writeFileSync(resolve(root, file), JSON.stringify(build(), null, 2) + '\n');
  process.stdout.write(`wrote ${file}\n`);
}
