import type { SqlExecutor } from '../db';

/** Channel used with pg_notify when a member's notifications change (added, marked read). */
export const NOTIFICATIONS_CHANNEL = 'relata_notifications';

/** The NOTIFY payload: whose notifications changed. Never the notification itself. */
export interface NotificationSignal {
  workspaceId: string;
  userId: string;
}

/** Queues the signal in the caller's transaction: PostgreSQL delivers it at commit, drops it on rollback. */
export async function signalNotifications(tx: SqlExecutor, signal: NotificationSignal): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [NOTIFICATIONS_CHANNEL, JSON.stringify(signal)]);
}

type Listener = () => void;

/**
 * In-process fan-out of notification signals per member; the runtime relays the NOTIFYs of
 * every node (its own included: the signal comes from the database, never from memory).
 */
export class NotificationSignals {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(signal: NotificationSignal): void {
    for (const listener of this.listeners.get(keyOf(signal)) ?? []) listener();
  }

  on(signal: NotificationSignal, listener: Listener): () => void {
    const key = keyOf(signal);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}

const keyOf = (signal: NotificationSignal) => `${signal.workspaceId}:${signal.userId}`;
