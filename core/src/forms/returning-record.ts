import { qualify, quoteIdent, type SqlExecutor } from '../db';
import type { StoredIndexKey } from '../query';
import { type ObjectRow, type RecordValues, recordColumns, recordFromRow } from '../records';
import type { LoadedForm } from './public-form';

/**
 * The live record a form's visitor already is, or null: the record whose value of a unique,
 * single-key, unfiltered index over one of the form's fields equals what they typed (compared
 * lower-cased when the key is case-insensitive, so the index answers it). A returning web-form
 * visitor is the contact they were, not a second one (issue 15).
 */
export async function returningRecord(
  db: SqlExecutor,
  form: LoadedForm,
  values: RecordValues,
): Promise<RecordValues | null> {
  const { snapshot, object } = form;
  const { rows: indexes } = await db.query<{ keys: StoredIndexKey[] }>(
    `select keys from relata.object_indexes
      where workspace_id = $1 and object_id = $2 and is_unique and filter is null and jsonb_array_length(keys) = 1
      order by name`,
    [snapshot.workspaceId, object.id],
  );
  for (const { keys } of indexes) {
    const key = keys[0]!;
    const field = form.fields.find((f) => f.field.id === key.field)?.field;
    const value = field ? values[field.name] : undefined;
    if (!field || typeof value !== 'string') continue;
    const column = quoteIdent(field.columnName);
    const match = key.caseInsensitive ? `lower(${column}) = lower($1)` : `${column} = $1`;
    const { rows } = await db.query<ObjectRow>(
      `select ${recordColumns(object).map(quoteIdent).join(', ')} from ${qualify(snapshot.schemaName, object.tableName)}
        where ${match} and "deleted_at" is null limit 1`,
      [value],
    );
    if (rows[0]) return recordFromRow(object, rows[0]);
  }
  return null;
}
