import type { StoredRef } from '../activities';
import { qualify, quoteIdent, type SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import type { NumberMatch } from './inbound-sms-settings';
import { e164Sql } from './phone-number';

/** The live contacts whose phone field holds `e164` (stored numbers read as E.164), oldest first. */
export async function contactsWithNumber(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  { object, field }: Pick<NumberMatch, 'object' | 'field'>,
  e164: string,
): Promise<StoredRef[]> {
  const { rows } = await tx.query<{ id: string }>(
    `select "id" from ${qualify(snapshot.schemaName, object.tableName)}
      where ${e164Sql(quoteIdent(field.columnName))} = $1 and "deleted_at" is null order by "created_at" limit 20`,
    [e164],
  );
  return rows.map((r) => ({ objectId: object.id, id: r.id }));
}
