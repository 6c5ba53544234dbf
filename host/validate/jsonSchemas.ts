import { showJsonSchema } from '../../engine/core/show/showJsonSchema.ts';

/** The committed JSON Schema files and the functions that generate them. */
export const JSON_SCHEMAS: readonly { file: string; build: () => Record<string, unknown> }[] = [
  { file: 'shows/schema/show.schema.json', build: showJsonSchema },
];
