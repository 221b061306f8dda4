import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { RecordValues } from './record-service-contract';

/**
 * Refuses an `ownerId` that is not an active member of the workspace (no such user, a user of
 * another workspace only, or a deactivated one): BAD_USER_INPUT naming `<path>.ownerId`. One
 * query for the whole batch, inside the write's transaction; null (no owner) and absent pass.
 *
 * @param pathOf error path prefix of record `i`, e.g. `data` or `data[3]`
 */
export async function checkOwners(
  tx: SqlExecutor,
  workspaceId: string,
  records: readonly RecordValues[],
  pathOf: (index: number) => string,
): Promise<void> {
  const wanted = new Map<string, number>();
  records.forEach((record, index) => {
    const owner = record.ownerId;
    if (typeof owner === 'string' && !wanted.has(owner.toLowerCase())) wanted.set(owner.toLowerCase(), index);
  });
  if (wanted.size === 0) return;
  const { rows } = await tx.query<{ user_id: string }>(
    `select m.user_id::text as user_id
       from relata.workspace_members m
       join relata.users u on u.id = m.user_id
      where m.workspace_id = $1 and m.user_id = any($2::uuid[]) and u.is_active`,
    [workspaceId, [...wanted.keys()]],
  );
  const members = new Set(rows.map((row) => row.user_id));
  for (const [id, index] of wanted) {
    if (members.has(id)) continue;
    const path = `${pathOf(index)}.ownerId`;
    throw badInput(path, `${path}: no member of this workspace has id ${id}; give a member's user id, or null.`);
  }
}
