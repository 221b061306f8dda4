import { qualify, type SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import { compileIndex, createIndexSql } from '../query';
import { indexRows, keyInputs } from './index-rows';

const namesKey = (filter: unknown, name: string): boolean =>
  Array.isArray(filter)
    ? filter.some((item) => namesKey(item, name))
    : typeof filter === 'object' && filter !== null
      ? Object.entries(filter).some(([key, value]) => key === name || namesKey(value, name))
      : false;

/**
 * Rebuilds, in the caller's transaction, the declared indexes of `objectName` whose filter names
 * `fieldName`: PostgreSQL holds their WHERE with option values as literals, so once an option of
 * that field is renamed (the index row's filter already carried by the metadata change) the
 * physical index must be built again from the row. Plain CREATE INDEX: the table takes no
 * writes while it builds, as in a bundle's apply.
 */
export async function rebuildOptionFilteredIndexes(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  objectName: string,
  fieldName: string,
): Promise<string[]> {
  const object = snapshot.objects.find((o) => o.nameSingular === objectName);
  if (!object) return [];
  const rebuilt: string[] = [];
  for (const row of await indexRows(tx, snapshot.workspaceId, object.id)) {
    if (!namesKey(row.filter, fieldName)) continue;
    const definition = { keys: keyInputs(object, row), filter: row.filter, unique: row.is_unique };
    const compiled = compileIndex(snapshot, object, definition, 'input');
    await tx.query(`drop index if exists ${qualify(snapshot.schemaName, row.index_name)}`);
    await tx.query(createIndexSql(snapshot, object, row.index_name, compiled, row.is_unique, false));
    rebuilt.push(row.name);
  }
  return rebuilt;
}
