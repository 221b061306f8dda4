import { quoteIdent } from '../db';
import { type FieldMetadata, type ObjectMetadata, SHOWN_COLUMNS } from '../metadata';
import { readsShownChanges } from './access-rules';
import type { CompileContext } from './compile-context';

type ShownField = keyof typeof SHOWN_COLUMNS;

/**
 * The column a reader with hidden fields on `object` reads a standard field from instead of its
 * own (`version`, `updatedAt`, `updatedBy`: see SHOWN_COLUMNS); null for other fields and readers.
 */
export function shownColumn(
  ctx: CompileContext,
  object: ObjectMetadata,
  access: { name: string; field: FieldMetadata | null },
): string | null {
  if (access.field !== null || !Object.hasOwn(SHOWN_COLUMNS, access.name)) return null;
  return readsShownChanges(ctx.access.permissions, object) ? SHOWN_COLUMNS[access.name as ShownField] : null;
}

/** `column` of row `alias`, or the shown column over it when given (null there: read the real one). */
export function columnRead(alias: string, column: string, shown: string | null): string {
  const real = `${alias}.${quoteIdent(column)}`;
  return shown ? `coalesce(${alias}.${quoteIdent(shown)}, ${real})` : real;
}
