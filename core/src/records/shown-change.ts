import type { SqlExecutor } from '../db';
import { type ObjectMetadata, SHOWN_COLUMNS, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { readsShownChanges } from '../query';
import type { ObjectRow } from './record-mapper';
import type { WriteModel } from './write-model';

/** Field ids some role of the workspace may not read, per snapshot (a grant change is a new snapshot). */
const hiddenByAnyRole = new WeakMap<WorkspaceSnapshot, Promise<ReadonlySet<string>>>();

function fieldsHiddenByAnyRole(tx: SqlExecutor, snapshot: WorkspaceSnapshot): Promise<ReadonlySet<string>> {
  let hidden = hiddenByAnyRole.get(snapshot);
  if (!hidden) {
    hidden = tx
      .query<{ field_id: string }>(
        `select distinct fp.field_id from relata.role_field_permissions fp
         join relata.roles r on r.id = fp.role_id where r.workspace_id = $1 and not fp.can_read`,
        [snapshot.workspaceId],
      )
      .then(({ rows }) => new Set(rows.map((row) => row.field_id)));
    hiddenByAnyRole.set(snapshot, hidden);
    hidden.catch(() => hiddenByAnyRole.delete(snapshot));
  }
  return hidden;
}

/**
 * SET items for a change every reader sees, with its time and author: the shown values follow it,
 * except that null stays null (no change of hidden fields only yet: the real columns are read).
 */
export function shownFollowSql(updatedAtSql: string, updatedBySql: string): string {
  const { version, updatedAt, updatedBy } = SHOWN_COLUMNS;
  return `${version} = ${version} + 1, ${updatedAt} = case when ${version} is null then null else ${updatedAtSql} end,
    ${updatedBy} = case when ${version} is null then null else ${updatedBySql} end`;
}

/**
 * After an update of `before` (the row as locked, `shown_version` included): the shown version, time and author (SHOWN_COLUMNS) move with it
 * when it changed a field no role hides; when it changed only hidden fields (or nothing), they
 * keep the values from before it, so readers with hidden fields see no change at all. Nothing to
 * do while no role hides a field (the shown columns stay null: the same as the real ones).
 */
export async function recordShownChange(
  tx: SqlExecutor,
  model: WriteModel,
  before: ObjectRow,
  changedFields: readonly string[],
): Promise<void> {
  const hidden = await fieldsHiddenByAnyRole(tx, model.snapshot);
  if (hidden.size === 0) return;
  const seenByAll = changedFields.some((key) => {
    const field = model.byKey.get(key)?.field;
    return !field || !hidden.has(field.id);
  });
  const { version, updatedAt, updatedBy } = SHOWN_COLUMNS;
  // The three are only ever set together, and `before` is the locked row: while they are null a
  // change everyone sees keeps them null, and when they are set a hidden-only change keeps them.
  const frozen = before[version] !== null && before[version] !== undefined;
  if (seenByAll) {
    if (!frozen) return;
    await tx.query(`update ${model.table} set ${shownFollowSql('updated_at', 'updated_by')} where id = $1`, [
      before.id,
    ]);
    return;
  }
  if (frozen) return;
  await tx.query(`update ${model.table} set ${version} = $2, ${updatedAt} = $3, ${updatedBy} = $4 where id = $1`, [
    before.id,
    before.version,
    before.updated_at,
    before.updated_by,
  ]);
}

/** The version of a locked row (selected with `shown_version`) as a writer of `permissions` read it. */
export function versionAsRead(
  permissions: RolePermissions | undefined,
  object: ObjectMetadata,
  row: ObjectRow,
): number {
  const shown = readsShownChanges(permissions, object) ? row[SHOWN_COLUMNS.version] : null;
  return (shown ?? row.version) as number;
}
