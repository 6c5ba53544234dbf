import { documentJsonSchema } from '../json/documentJsonSchema.ts';
import { PROFILE_SCHEMA_VERSION, ProfileSchema } from './profileSchema.ts';

/** The JSON Schema (draft 2020-12) of installation profiles, generated from the zod schema. */
export function profileJsonSchema(): Record<string, unknown> {
  return documentJsonSchema(
    ProfileSchema,
    `Panorama installation profile, schema version ${PROFILE_SCHEMA_VERSION}`,
    'Hall geometry, visitor eye point and every projector\'s calibration for the panorama show engine.',
  );
}
