import type { SqlExecutor } from '../db';
import { carriedFilter, type FieldDependent } from './field-dependents';
import type { WorkspaceSnapshot } from './types';

interface IndexRow {
  id: string;
  name: string;
  object_id: string;
  keys: { field: string }[];
  filter: unknown;
}

/** What a change does to declared indexes: the ones it breaks, and the filters it carries. */
export interface IndexChanges {
  broken: FieldDependent[];
  carried: { id: string; filter: unknown }[];
}

/**
 * Declared indexes follow their fields by id: keys hold field ids (a rename changes nothing, and
 * PostgreSQL's index follows its renamed column), a renamed field's name follows into the filter.
 * Deleting or retyping a key or filter field breaks the index: the change is refused, as for views.
 * An index of a deleted object goes with its table.
 */
export async function indexChanges(
  tx: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Promise<IndexChanges> {
  const { rows } = await tx.query<IndexRow>(
    'select id, name, object_id, keys, filter from relata.object_indexes where workspace_id = $1 order by name',
    [before.workspaceId],
  );
  const result: IndexChanges = { broken: [], carried: [] };
  for (const index of rows) {
    const now = after.objects.find((o) => o.id === index.object_id);
    const then = before.objects.find((o) => o.id === index.object_id);
    if (!now || !then) continue;
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

export async function writeCarriedIndexes(tx: SqlExecutor, workspaceId: string, changes: IndexChanges): Promise<void> {
  if (changes.carried.length === 0) return;
  await tx.query(
    `update relata.object_indexes i set filter = c.filter, updated_at = now()
       from jsonb_to_recordset($2::jsonb) as c(id uuid, filter jsonb)
      where i.workspace_id = $1 and i.id = c.id`,
    [workspaceId, JSON.stringify(changes.carried)],
  );
}
