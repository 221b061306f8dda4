import { quoteIdent } from '../db';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, STANDARD_FIELDS } from '../metadata';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { formulaSql } from './formula-sql';
import { rollupSql } from './rollup-sql';

/** The SQL of a computed (FORMULA or ROLLUP) field of `object` on the row `alias`. */
export function computedSql(ctx: CompileContext, object: ObjectMetadata, field: FieldMetadata, alias: string): string {
  return field.type === 'ROLLUP' ? rollupSql(ctx, object, field, alias) : formulaSql(ctx, object, field, alias);
}

/**
 * How a formula or roll-up reads one field of `owner` on the row `alias` (a standard field when
 * `field` is null): CURRENCY by its amount, RATING as numeric, computed fields by their SQL.
 */
export function valueRead(
  ctx: CompileContext,
  owner: ObjectMetadata,
  alias: string,
  field: FieldMetadata | null,
  name: string,
): string {
  if (!field) {
    const column = STANDARD_FIELDS[name as keyof typeof STANDARD_FIELDS];
    return columnRead(alias, column, shownColumn(ctx, owner, { name, field: null }));
  }
  if (field.type === 'FORMULA' || field.type === 'ROLLUP') return computedSql(ctx, owner, field, alias);
  const column = fieldColumns(field)[0];
  if (!column) throw new Error(`${owner.nameSingular}.${field.name} has no column to read a value from`);
  const read = `${alias}.${quoteIdent(column.column)}`;
  return field.type === 'RATING' ? `${read}::numeric` : read;
}
