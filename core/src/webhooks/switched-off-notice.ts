import type { SqlExecutor } from '../db';
import { createNotification } from '../notifications';
import type { DisabledSubscription } from './deliver-webhook';

/**
 * Tells a webhook subscription's creator it was switched off, in the transaction that switched it
 * off. A creator who has left the workspace is not told; the reason stays on the subscription.
 */
export async function notifySwitchedOff(tx: SqlExecutor, off: DisabledSubscription): Promise<void> {
  if (!off.createdBy) return;
  const member = await tx.query('select 1 from relata.workspace_members where workspace_id = $1 and user_id = $2', [
    off.workspaceId,
    off.createdBy,
  ]);
  if (member.rowCount === 0) return;
  await createNotification(tx, {
    workspaceId: off.workspaceId,
    userId: off.createdBy,
    title: `Webhook “${off.name}” was switched off`,
    body: off.reason,
  });
}
