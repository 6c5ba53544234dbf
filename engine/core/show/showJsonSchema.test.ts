import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { showJsonSchema } from './showJsonSchema.ts';

describe('committed JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../shows/schema/show.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(showJsonSchema());
  });
});
