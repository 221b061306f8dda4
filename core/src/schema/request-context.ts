import type { Database } from '../db';
import type { EventBus } from '../events';
import type { WorkspaceSnapshot } from '../metadata';
import type { Actor, RecordWriter, WriteChannel } from '../records/record-service-contract';

/** What every resolver of a workspace's data schema receives as GraphQL context. */
export interface DataRequestContext {
  workspace: { id: string; slug: string; schemaName: string };
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  via: WriteChannel;
  db: Database;
  records: RecordWriter;
  events: EventBus;
  /** Ends subscriptions when the client goes away. */
  signal?: AbortSignal;
}
