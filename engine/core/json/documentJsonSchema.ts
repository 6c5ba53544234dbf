import { z } from 'zod';

/**
 * The JSON Schema (draft 2020-12) of a document format, generated from its zod schema; what zod
 * cannot say in JSON Schema (refinements) is left open, so only the engine's validation checks it.
 */
export function documentJsonSchema(schema: z.ZodType, title: string, description: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, title, description };
}
