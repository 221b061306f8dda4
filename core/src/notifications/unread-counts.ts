import type { SqlExecutor } from '../db';
import type { NotificationSignal, NotificationSignals } from './notification-signals';
import { countUnreadNotifications } from './notification-store';

/**
 * The member's unread count now, then again after every change of their notifications, until
 * `abort`. Changes arriving while a count is read are folded into one more read.
 */
export async function* unreadCounts(
  db: SqlExecutor,
  signals: NotificationSignals,
  member: NotificationSignal,
  abort?: AbortSignal,
): AsyncGenerator<number> {
  let changed = true;
  let wake: (() => void) | null = null;
  const off = signals.on(member, () => {
    changed = true;
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => abort?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    while (!abort?.aborted) {
      if (changed) {
        changed = false;
        yield await countUnreadNotifications(db, member.workspaceId, member.userId);
        continue;
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
    }
  } finally {
    off();
  }
}
