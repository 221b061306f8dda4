import { z } from 'zod';
import { API_NAME, stableKey } from '../metadata';

const indexName = z
  .string()
  .regex(API_NAME, 'Use camelCase: a lower-case letter first, then only letters and digits (e.g. "boardByAmount").')
  .max(40, 'Use at most 40 characters.');

const key = z.strictObject({
  /** API field name, as `orderBy` names it (`companyId` for a many-to-one relation). */
  field: z.string().min(1).max(63),
  direction: z.enum(['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast']).default('AscNullsLast'),
  /** Text keys compared lower-cased (a case-insensitive unique email). */
  caseInsensitive: z.boolean().nullish(),
});

const keys = z.array(key).min(1, 'Give at least one key.').max(8, 'Use at most 8 keys.');
/** A data API filter on the object's own fields, kept as JSON until compiled. */
const filter = z.record(z.string(), z.json()).nullish();

export const createIndexInput = z.strictObject({
  /** Stable key within the object; default: the name (a suffix when taken). */
  key: stableKey.nullish(),
  name: indexName,
  keys,
  filter,
  unique: z.boolean().default(false),
});
export type CreateIndexInput = z.infer<typeof createIndexInput>;

/** Omitted parts stay as they are; a changed key list, filter or uniqueness rebuilds the index. */
export const updateIndexInput = z.strictObject({
  name: indexName.optional(),
  keys: keys.optional(),
  filter,
  unique: z.boolean().optional(),
});
export type UpdateIndexInput = z.infer<typeof updateIndexInput>;
