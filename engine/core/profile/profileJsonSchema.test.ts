import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { profileJsonSchema } from './profileJsonSchema.ts';

describe('committed profile JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../calibration/profiles/schema/profile.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(profileJsonSchema());
  });
});
