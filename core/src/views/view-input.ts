import { z } from 'zod';
import { badInput } from '../errors';
import { type ObjectMetadata, stableKey } from '../metadata';

const fieldName = z.string().min(1).max(63);
const direction = z.enum(['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast']);

/** What a saved view remembers; `filter` stays opaque JSON until the data API applies it. */
export const viewSettings = z.strictObject({
  filter: z.json().nullish(),
  orderBy: z
    .array(z.strictObject({ field: fieldName, direction }))
    .max(20)
    .default([]),
  columns: z
    .array(z.strictObject({ field: fieldName, width: z.number().int().min(40).max(2000).nullish() }))
    .max(200)
    .default([]),
  groupBy: fieldName.nullish(),
  sumField: fieldName.nullish(),
  /** Board: a second total per column, e.g. a weighted-amount formula beside the amount. */
  weightField: fieldName.nullish(),
  /** Board: the fields a card shows under its title, in order; absent: chosen by type. */
  cardFields: z.array(fieldName).max(8).nullish(),
});
export type ViewSettings = z.infer<typeof viewSettings>;

export const viewKind = z.enum(['TABLE', 'KANBAN']);
export type ViewKind = z.infer<typeof viewKind>;

const viewName = z.string().trim().min(1).max(80);

export const createViewInput = z.strictObject({
  /** Stable key within the workspace; default: the name slugged (a suffix when taken). */
  key: stableKey.nullish(),
  /** Object API name (singular). */
  object: z.string().min(1),
  name: viewName,
  kind: viewKind,
  /** Shared views are visible to everyone in the workspace and editable by admins only. */
  shared: z.boolean().default(false),
  settings: viewSettings.default({ orderBy: [], columns: [] }),
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export type CreateViewInput = z.infer<typeof createViewInput>;

export const updateViewInput = z.strictObject({
  name: viewName.optional(),
  kind: viewKind.optional(),
  shared: z.boolean().optional(),
  settings: viewSettings.optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export type UpdateViewInput = z.infer<typeof updateViewInput>;

/** Parses `input` with `schema`; the first issue becomes BAD_USER_INPUT naming its path under `prefix`. */
export function parseViewInput<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw badInput(path, `Invalid value for ${path}: ${issue?.message ?? 'is invalid'}.`);
}

/**
 * Every field a view names must be one of `names` (the object's fields the caller reads); the
 * error names the offending field. A hidden field gets the same answer as a missing one.
 */
export function checkSettingsFields(
  object: ObjectMetadata,
  names: ReadonlySet<string>,
  settings: ViewSettings,
  prefix: string,
): void {
  const check = (name: string | null | undefined, path: string) => {
    if (name != null && !names.has(name)) {
      throw badInput(path, `${path}: "${name}" is not a field of ${object.nameSingular}; use one of its field names.`);
    }
  };
  settings.columns.forEach((c, i) => {
    check(c.field, `${prefix}.settings.columns.${i}.field`);
  });
  settings.orderBy.forEach((o, i) => {
    check(o.field, `${prefix}.settings.orderBy.${i}.field`);
  });
  check(settings.groupBy, `${prefix}.settings.groupBy`);
  check(settings.sumField, `${prefix}.settings.sumField`);
  check(settings.weightField, `${prefix}.settings.weightField`);
  settings.cardFields?.forEach((name, i) => {
    check(name, `${prefix}.settings.cardFields.${i}`);
  });
}
