import { qualify, type SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import { compileIndex, createIndexSql } from '../query';
import { type IndexRow, indexRows, keyInputs } from './index-rows';

const namesKey = (filter: unknown, name: string): boolean =>
  Array.isArray(filter)
    ? filter.some((item) => namesKey(item, name))
    : typeof filter === 'object' && filter !== null
      ? Object.entries(filter).some(([key, value]) => key === name || namesKey(value, name))
      : false;

/** One declared index built again: its name and the statements, in order. */
export interface IndexRebuild {
  name: string;
  sql: string[];
}

/**
 * Plans the rebuild of the declared indexes of `objectName` whose filter names `fieldName`:
 * PostgreSQL holds their WHERE with option values as literals, so once an option of that field is
 * renamed the physical index must be built again. `carried` holds the filters the change carries
 * (index row id -> filter, from the reviewed change), so a dry run plans the same SQL the change
 * runs. Reads only. Plain CREATE INDEX: the table takes no writes while it builds, as in a
 * bundle's apply.
 */
export async function optionIndexRebuilds(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  objectName: string,
  fieldName: string,
  carried: ReadonlyMap<string, unknown>,
): Promise<IndexRebuild[]> {
  const object = snapshot.objects.find((o) => o.nameSingular === objectName);
  if (!object) return [];
  const rebuilds: IndexRebuild[] = [];
  for (const row of await indexRows(tx, snapshot.workspaceId, object.id)) {
    const filter = (carried.has(row.id) ? carried.get(row.id) : row.filter) as IndexRow['filter'];
    if (!namesKey(filter, fieldName)) continue;
    const definition = { keys: keyInputs(object, row), filter, unique: row.is_unique };
    const compiled = compileIndex(snapshot, object, definition, 'input');
    rebuilds.push({
      name: `${objectName}.${row.name}`,
      sql: [
        `drop index if exists ${qualify(snapshot.schemaName, row.index_name)}`,
        createIndexSql(snapshot, object, row.index_name, compiled, row.is_unique, false),
      ],
    });
  }
  return rebuilds;
}
