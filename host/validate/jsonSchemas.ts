import { profileJsonSchema } from '../../engine/core/profile/profileJsonSchema.ts';
import { showJsonSchema } from '../../engine/core/show/showJsonSchema.ts';

/** The committed JSON Schema files and the functions that generate them. */
export const JSON_SCHEMAS: readonly { file: string; build: () => Record<string, unknown> }[] = [
  { file: 'shows/schema/show.schema.json', build: showJsonSchema },
  { file: 'calibration/profiles/schema/profile.schema.json', build: profileJsonSchema },
];
