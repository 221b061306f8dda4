import { z } from 'zod';
import type { DocumentSite } from './bundle-refs';
import { documentError } from './bundle-refs';

/** A stable key as files carry it (objects, fields, roles and rows alike). */
export const documentKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, 'is not a key (a-z first, then letters, digits and _, at most 63)');

/** A JSON object as a file holds it (a filter, settings): kept as parsed, checked where it is used. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object',
);

/**
 * Parses a document against its schema; the first problem is a BAD_USER_INPUT naming the file
 * and the path inside it (`workflows/lead_assignment.yaml: definition.steps.0.key: ...`).
 */
export function parseDocument<T>(schema: z.ZodType<T>, value: unknown, site: DocumentSite): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw documentError(site, issue.path.map(String).join('.') || '(document)', issue.message);
}
