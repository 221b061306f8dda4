import { z } from 'zod';

/** Largest declared payload schema (admin input, checked on save). */
const MAX_SCHEMA_BYTES = 64_000;

/**
 * A webhook trigger's payload schema as zod, from the JSON Schema the admin declared (zod's own
 * converter: types, required, formats, bounds, enums, local `$ref`s only).
 * @throws Error naming what is unsupported
 */
export function compilePayloadSchema(schema: Record<string, unknown>): z.ZodType {
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
}

/** The `payloadSchema` of a webhook trigger: a JSON Schema object zod can enforce. */
export const payloadSchemaSetting = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES) {
    ctx.addIssue({ code: 'custom', message: `A payload schema holds at most ${MAX_SCHEMA_BYTES} characters.` });
    return;
  }
  try {
    compilePayloadSchema(schema);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `is not a JSON Schema this server can enforce: ${error instanceof Error ? error.message : error}`,
    });
  }
});
