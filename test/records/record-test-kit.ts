import {
  type Actor,
  CHANGE_JOB_TASK,
  type ChangeEvent,
  createRecordService,
  EventBus,
  type RecordHooks,
  type RecordWriter,
  type WorkspaceSnapshot,
  type WriteContext,
} from '@relata/core';
import type { PgDatabase } from '@relata/runtime';
import { queuedJobs } from '../support/queued-jobs';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createFixtureWorkspace, createWorkspaceWithMetadataService } from './fixture-workspace';

/** A user acting through the API; ids are uuids as the audit columns require. */
export const USER: Actor = { kind: 'user', id: '0190a000-0000-7000-8000-000000000001', role: 'admin' };

export interface RecordTestKit {
  database: TestDatabase;
  db: PgDatabase;
  snapshot: WorkspaceSnapshot;
  events: EventBus;
  /** Every event published on the bus, in order. */
  published: ChangeEvent[];
  ctx: WriteContext;
  /** A record service with the given hooks on the same database and bus. */
  service(hooks?: Partial<RecordHooks>): RecordWriter;
}

/**
 * Fresh database + fixture workspace + bus listener; call `database.drop()` in afterAll.
 * Tables come from raw DDL by default, or from the metadata service when asked.
 */
export async function createRecordTestKit(
  slug: string,
  tables: 'ddl' | 'metadata-service' = 'ddl',
): Promise<RecordTestKit> {
  const database = await createTestDatabase();
  const db = database.opened.db;
  const snapshot =
    tables === 'ddl' ? await createFixtureWorkspace(db, slug) : await createWorkspaceWithMetadataService(db, slug);
  const events = new EventBus('node-test');
  const published: ChangeEvent[] = [];
  events.on(snapshot.workspaceId, (event) => published.push(event));
  return {
    database,
    db,
    snapshot,
    events,
    published,
    ctx: { snapshot, actor: USER, via: 'api' },
    service: (hooks) => createRecordService({ db, events, hooks }),
  };
}

/** Hooks with one after-hook that does nothing: enough for writes to enqueue their change jobs. */
export const QUEUE_CONSUMER: Partial<RecordHooks> = { after: [() => undefined] };

/** A write as a change job carries it. */
export interface QueuedWriteRow {
  kind: string;
  id: string;
  data: Record<string, unknown>;
  before?: Record<string, unknown>;
  record: Record<string, unknown> | null;
  event: ChangeEvent;
}

/** The writes of `recordId` queued in change jobs, oldest first (none when the change had no consumers). */
export async function queuedWritesOf(db: PgDatabase, recordId: unknown): Promise<QueuedWriteRow[]> {
  const jobs = await queuedJobs<{ writes: QueuedWriteRow[] }>(db, CHANGE_JOB_TASK);
  return jobs.flatMap((job) => job.payload.writes.filter((write) => write.id === recordId));
}

/** Runs `work` and returns the RelataError it throws (fails when it does not throw). */
export async function rejection(
  work: () => Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await work();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected the write to fail');
}
