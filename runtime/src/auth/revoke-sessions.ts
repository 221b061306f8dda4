import type { SqlExecutor } from '@relata/core';
import { notifyAuthChange } from './notify';

/**
 * Revokes the open sessions of a user (in one workspace if given, keeping `except` if given) and
 * tells every node to drop its cached checks. Run it inside the transaction that made the change.
 */
export async function revokeUserSessions(
  tx: SqlExecutor,
  userId: string,
  scope: { workspaceId?: string; except?: string } = {},
): Promise<void> {
  await tx.query(
    `update relata.sessions set revoked_at = now()
      where user_id = $1 and revoked_at is null
        and ($2::uuid is null or workspace_id = $2) and ($3::uuid is null or id <> $3)`,
    [userId, scope.workspaceId ?? null, scope.except ?? null],
  );
  await notifyAuthChange(tx);
}
