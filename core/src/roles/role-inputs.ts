import { z } from 'zod';
import { badInput } from '../errors';
import { stableKey } from '../metadata';

export const ROLE_NAME = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must start with a-z and hold only a-z, 0-9 and - (at most 40)');

const defaultAccess = z.enum(['none', 'read', 'crud'], {
  error: 'must be none, read or crud (only the built-in admin role has every right)',
});

/** Milliseconds one statement of the role's API keys may run; null: the server's RELATA_STATEMENT_TIMEOUT_MS. */
const statementTimeoutMs = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(100, 'must be at least 100 ms')
  .max(3_600_000, 'must be at most 3600000 ms (an hour)')
  .nullish();

export const createRoleInput = z.strictObject({
  /** Stable key within the workspace; default: the name slugged (`sales-rep` -> `sales_rep`). */
  key: stableKey.nullish(),
  name: ROLE_NAME,
  label: z.string().trim().min(1).max(100),
  description: z.string().max(1000).nullish(),
  defaultAccess: defaultAccess.optional(),
  statementTimeoutMs,
});
export type CreateRoleInput = z.infer<typeof createRoleInput>;

export const updateRoleInput = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  description: z.string().max(1000).nullish(),
  defaultAccess: defaultAccess.optional(),
  statementTimeoutMs,
});
export type UpdateRoleInput = z.infer<typeof updateRoleInput>;

const filterObject = z.record(z.string(), z.unknown());

export const objectPermissionInput = z.strictObject({
  canRead: z.boolean().optional(),
  canCreate: z.boolean().optional(),
  canUpdate: z.boolean().optional(),
  canDelete: z.boolean().optional(),
  recordScope: z.enum(['all', 'own', 'condition']).optional(),
  /** A data API filter; `{ "$user": "id" }` stands for the acting user's id. */
  recordCondition: filterObject.nullish(),
});
export type ObjectPermissionInput = z.infer<typeof objectPermissionInput>;

export const fieldPermissionInput = z.strictObject({ canRead: z.boolean(), canWrite: z.boolean() });
export type FieldPermissionInput = z.infer<typeof fieldPermissionInput>;

/** Parses `input` with `schema`; the first issue becomes BAD_USER_INPUT naming its path under `prefix`. */
export function parseRoleInput<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw badInput(path, `Invalid value for ${path}: ${issue?.message ?? 'is invalid'}.`);
}
