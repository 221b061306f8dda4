import { qualify, quoteIdent, type SqlExecutor } from '../db';
import { conflict } from '../errors';
import { ddl, type Statement } from './ddl-plan';
import { carriedFilter, type FieldDependent, writeCarriedJson } from './field-dependents';
import { identifierBytes, MAX_IDENTIFIER_BYTES } from './naming';
import type { WorkspaceSnapshot } from './types';

interface IndexRow {
  id: string;
  name: string;
  object_id: string;
  index_name: string;
  keys: { field: string }[];
  filter: unknown;
}

/** What a change does to declared indexes: the ones it breaks, and the filters it carries. */
export interface IndexChanges {
  broken: FieldDependent[];
  carried: { id: string; filter: unknown }[];
  /** Physical names following their table's rename (`<table>__<name>`), in the change's SQL. */
  renamed: { id: string; from: string; to: string }[];
}

/**
 * A declared index's physical name once its table `from` is renamed `to`: the index service
 * names them `<table>__<name>`, so the prefix follows. Unchanged when it has no such prefix.
 */
export const tableRenamedIndexName = (indexName: string, from: string, to: string): string =>
  from !== to && indexName.startsWith(`${from}__`) ? `${to}${indexName.slice(from.length)}` : indexName;

/**
 * The index's new physical name when its table's rename changes it. A name PostgreSQL would
 * truncate is refused: the row would then name an index that does not exist.
 */
function renamedWithTable(index: IndexRow, from: string, to: string): string | null {
  const name = tableRenamedIndexName(index.index_name, from, to);
  if (name === index.index_name) return null;
  if (identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
    throw conflict(
      `The index ${index.name} would be named ${name} under the new table name, longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES} bytes: rename the index to a shorter name first.`,
      { field: 'input.namePlural', index: index.name },
    );
  }
  return name;
}

/**
 * Declared indexes follow their fields by id: keys hold field ids (a rename changes nothing, and
 * PostgreSQL's index follows its renamed column), a renamed field's name follows into the filter,
 * and a renamed table's name into the index's physical name (else a later object taking the old
 * table name would collide with it).
 * Deleting or retyping a key or filter field breaks the index: the change is refused, as for views.
 * An index of a deleted object goes with its table.
 */
export async function indexChanges(
  tx: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Promise<IndexChanges> {
  const { rows } = await tx.query<IndexRow>(
    'select id, name, object_id, index_name, keys, filter from relata.object_indexes where workspace_id = $1 order by name',
    [before.workspaceId],
  );
  const result: IndexChanges = { broken: [], carried: [], renamed: [] };
  for (const index of rows) {
    const now = after.objects.find((o) => o.id === index.object_id);
    const then = before.objects.find((o) => o.id === index.object_id);
    if (!now || !then) continue;
    const renamed = renamedWithTable(index, then.tableName, now.tableName);
    if (renamed) result.renamed.push({ id: index.id, from: index.index_name, to: renamed });
    const breaks = (path: string) =>
      result.broken.push({ kind: 'INDEX', name: index.name, object: then.nameSingular, path });
    index.keys.forEach((key, i) => {
      const was = then.fields.find((f) => f.id === key.field);
      const is = now.fields.find((f) => f.id === key.field);
      if (was && (!is || is.type !== was.type)) breaks(`keys.${i}`);
    });
    const filter = carriedFilter(before, after, index.object_id, index.filter);
    if (filter === null && index.filter != null) breaks('filter');
    else if (JSON.stringify(filter) !== JSON.stringify(index.filter)) result.carried.push({ id: index.id, filter });
  }
  return result;
}

/** The statements renaming indexes with their table (they run with the change's own SQL). */
export const indexRenameSql = (schema: string, changes: IndexChanges): Statement[] =>
  changes.renamed.map(({ from, to }) => ddl(`alter index ${qualify(schema, from)} rename to ${quoteIdent(to)}`));

export async function writeCarriedIndexes(tx: SqlExecutor, workspaceId: string, changes: IndexChanges): Promise<void> {
  await writeCarriedJson(tx, { table: 'relata.object_indexes', column: 'filter' }, workspaceId, changes.carried);
  for (const { id, to } of changes.renamed) {
    await tx.query(
      'update relata.object_indexes set index_name = $3, updated_at = now() where workspace_id = $1 and id = $2',
      [workspaceId, id, to],
    );
  }
}
