import { z } from 'zod';
import { badInput } from '../errors';

/** An object, kept exactly as JSON parsed it: copying it key by key would let `__proto__` reach a prototype. */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object',
);

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'is not a field name');

/**
 * What to export: the records of one object as a list would show them (its filter, its order,
 * the recycle bin with `deleted`), the chosen fields in their order (default: every field the
 * reader may read), and the file format. Headers are API names (`amount.currencyCode`, as
 * `relata import` reads them) or the fields' labels.
 */
export const exportRequestSchema = z.object({
  object: apiName,
  format: z.enum(['csv', 'xlsx']),
  filter: jsonObject.optional(),
  orderBy: z.array(jsonObject).max(10).optional(),
  fields: z.array(apiName).min(1).max(500).optional(),
  deleted: z.boolean().optional(),
  headers: z.enum(['names', 'labels']).default('names'),
  /** Only the members of this segment (of the same object), and-ed with `filter`. */
  segment: z.uuid('is not a segment id').optional(),
});

export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** Validates an export request body. @throws BAD_USER_INPUT naming the offending key */
export function parseExportRequest(body: unknown): ExportRequest {
  const parsed = exportRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw badInput(issue.path.join('.') || 'body', issue.message);
}
