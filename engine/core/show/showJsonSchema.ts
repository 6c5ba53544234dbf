import { documentJsonSchema } from '../json/documentJsonSchema.ts';
import { SHOW_SCHEMA_VERSION, ShowSchema } from './showSchema.ts';

/**
 * The JSON Schema (draft 2020-12) of show documents, generated from the zod schema so the two never
 * disagree. Editors use it to complete and check show files; cross-field rules (unique ids, clips
 * inside the show) are enforced by the engine's validation only.
 */
export function showJsonSchema(): Record<string, unknown> {
  return documentJsonSchema(
    ShowSchema,
    `Panorama show document, schema version ${SHOW_SCHEMA_VERSION}`,
    'A show for the panorama show engine: chapters, regions in painting space, and tracks of keyframed clips.',
  );
}
