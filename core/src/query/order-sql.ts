import { badInput, forbidden } from '../errors';
import type { ObjectMetadata } from '../metadata';
import { requireReadable } from './access-rules';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { computedSql } from './computed-sql';
import { scopedRelationTarget } from './filter-sql';
import { castType, objectFields } from './object-fields';

/** Values of the `OrderDirection` enum. */
export type OrderDirection = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';

/** One sort column. `column` is unqualified so the same key works under any alias. */
export interface OrderKey {
  column: string;
  /** Read instead where set (a reader with hidden fields sorting by version or update time). */
  shown?: string | null;
  sqlType: string;
  /** A computed field's SQL on a row (the sort key is not a column). */
  read?: (alias: string) => string;
  desc: boolean;
  nullsFirst: boolean;
}

export const DIRECTIONS: Record<OrderDirection, { desc: boolean; nullsFirst: boolean }> = {
  AscNullsFirst: { desc: false, nullsFirst: true },
  AscNullsLast: { desc: false, nullsFirst: false },
  DescNullsFirst: { desc: true, nullsFirst: true },
  DescNullsLast: { desc: true, nullsFirst: false },
};

/** Composite fields sort by these parts, in order (CURRENCY by amount). */
export const COMPOSITE_SORT_PARTS: Record<string, string[]> = {
  CURRENCY: ['amount'],
  FULL_NAME: ['firstName', 'lastName'],
};

/**
 * Sort keys for `orderBy`, always ending with `id` ascending so the order is total
 * (keyset cursors need a unique tiebreak).
 */
export function orderKeys(ctx: CompileContext, object: ObjectMetadata, orderBy: unknown): OrderKey[] {
  const fields = objectFields(ctx.snapshot, object);
  const keys: OrderKey[] = [];
  const entries = Array.isArray(orderBy) ? orderBy : [];
  entries.forEach((entry: unknown, i) => {
    const pairs = Object.entries((entry ?? {}) as Record<string, unknown>).filter(([, v]) => v != null);
    if (pairs.length !== 1)
      throw badInput(`orderBy.${i}`, 'Each orderBy entry names exactly one field; use one entry per field.');
    const [name, value] = pairs[0] as [string, OrderDirection];
    const direction = DIRECTIONS[value];
    const access = fields.get(name);
    if (!direction || !access || access.kind === 'relation') {
      throw badInput(`orderBy.${i}.${name}`, `${object.nameSingular} cannot be ordered by ${name}.`);
    }
    requireReadable(ctx.access.permissions, object, access, `orderBy.${i}.${name}`);
    if (access.kind === 'computed') {
      const read = (alias: string) => computedSql(ctx, object, access.field, alias);
      keys.push({ column: access.name, sqlType: access.sqlType, read, ...direction });
      return;
    }
    if (access.kind === 'column') {
      // Sorted by the stored id, links to records out of the reader's scope would show where
      // those ids fall (uuid v7 ids tell when the records were made); there is nothing else to sort by.
      const hidden = scopedRelationTarget(ctx, access.field);
      if (hidden)
        throw forbidden(
          `Your role sees only some ${hidden.namePlural}: ${object.nameSingular} cannot be ordered by ${name}.`,
          { field: `orderBy.${i}.${name}` },
        );
      keys.push({
        column: access.column,
        shown: shownColumn(ctx, object, access),
        sqlType: access.sqlType,
        ...direction,
      });
      return;
    }
    for (const part of COMPOSITE_SORT_PARTS[access.field.type] ?? []) {
      const column = access.parts[part];
      if (column) keys.push({ column: column.column, sqlType: column.sqlType, ...direction });
    }
  });
  if (!keys.some((k) => k.column === 'id'))
    keys.push({ column: 'id', sqlType: 'uuid', desc: false, nullsFirst: false });
  return keys.slice(0, keys.findIndex((k) => k.column === 'id') + 1);
}

/** The same order read backwards (for `last`/`before`). */
export function reverseKeys(keys: OrderKey[]): OrderKey[] {
  return keys.map((k) => ({ ...k, desc: !k.desc, nullsFirst: !k.nullsFirst }));
}

const keyRead = (alias: string, key: OrderKey) =>
  key.read ? key.read(alias) : columnRead(alias, key.column, key.shown ?? null);

export function orderBySql(alias: string, keys: OrderKey[]): string {
  return keys
    .map((k) => `${keyRead(alias, k)} ${k.desc ? 'desc' : 'asc'} nulls ${k.nullsFirst ? 'first' : 'last'}`)
    .join(', ');
}

/** `json_build_array` of the sort values as text (exact for numeric and timestamps), encoded as the cursor. */
export function cursorSql(alias: string, keys: OrderKey[]): string {
  const values = keys.map((k) => `${keyRead(alias, k)}::text`).join(', ');
  return `replace(encode(convert_to(json_build_array(${values})::text, 'UTF8'), 'base64'), E'\\n', '')`;
}

/**
 * Keyset condition "row comes strictly after the cursor row" in `keys` order, with nulls
 * placed as the order says: (k1 after v1) or (k1 = v1 and k2 after v2) or ...
 */
export function afterCursorSql(
  ctx: CompileContext,
  alias: string,
  keys: OrderKey[],
  values: (string | null)[],
): string {
  const equalities: string[] = [];
  const branches: string[] = [];
  keys.forEach((key, i) => {
    const column = keyRead(alias, key);
    const value = values[i] ?? null;
    const param = value === null ? '' : `${ctx.params.add(value)}::${castType(key.sqlType)}`;
    let after: string | null;
    if (value === null) after = key.nullsFirst ? `${column} is not null` : null;
    else {
      const compare = `${column} ${key.desc ? '<' : '>'} ${param}`;
      after = key.nullsFirst ? compare : `(${compare} or ${column} is null)`;
    }
    if (after) branches.push([...equalities, after].join(' and '));
    equalities.push(value === null ? `${column} is null` : `${column} = ${param}`);
  });
  return branches.length > 0 ? `(${branches.map((b) => `(${b})`).join(' or ')})` : 'false';
}
