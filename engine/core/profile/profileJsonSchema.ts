import { z } from 'zod';
import { PROFILE_SCHEMA_VERSION, ProfileSchema } from './profileSchema.ts';

/** The JSON Schema (draft 2020-12) of installation profiles, generated from the zod schema. */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProfileSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    title: `Panorama installation profile, schema version ${PROFILE_SCHEMA_VERSION}`,
    description: 'Hall geometry, visitor eye point and every projector\'s calibration for the panorama show engine.',
  };
}
