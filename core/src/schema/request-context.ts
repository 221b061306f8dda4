import type { Database } from '../db';
import type { EventBus } from '../events';
import type { WorkspaceSnapshot } from '../metadata';
import type { NotificationSignals } from '../notifications';
import type { RolePermissions } from '../permissions';
import type { Actor, RecordHooks, RecordWriter, WriteChannel } from '../records';

/** What every resolver of a workspace's data schema receives as GraphQL context. */
export interface DataRequestContext {
  workspace: { id: string; slug: string; schemaName: string };
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  via: WriteChannel;
  db: Database;
  records: RecordWriter;
  events: EventBus;
  /**
   * The actor's role rights (from `createPermissionCache().get(snapshot, actor.role)`). When
   * absent, the rights the schema was built for apply (see `buildDataSchema`'s `permissions`).
   */
  permissions?: RolePermissions;
  /** The node's record hooks, for writes made inside a resolver's own transaction (`sendMessage`). */
  hooks?: Partial<RecordHooks>;
  /** Right-hand side of generated Message-IDs, e.g. the mail sender's domain. @default `<slug>.relata.invalid` */
  messageDomain?: string;
  /** Wakes the notification-count subscription of the signed-in member (absent: it answers once). */
  notifications?: NotificationSignals;
  /** The SSE `Last-Event-ID` header: where a reconnecting subscription resumes (its `after` argument wins). */
  lastEventId?: string;
  /** Ends subscriptions when the client goes away. */
  signal?: AbortSignal;
}
