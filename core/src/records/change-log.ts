import type { SqlExecutor } from '../db';
import { type ChangeEvent, type ChangeKind, RECORD_EVENTS_CHANNEL, RECORD_EVENTS_TABLE } from '../events';
import type { RecordValues, WriteContext } from './record-service-contract';
import { chunk } from './record-sql';

/** One committed change of one record, as the audit log and change jobs see it. */
export interface RecordChange {
  event: ChangeEvent;
  /** Audit `before`: changed fields only (update, delete, restore), the full record on destroy. */
  before: RecordValues | null;
  /** Audit `after`: changed fields only, the full record on create; null on destroy. */
  after: RecordValues | null;
  /** The full stored record after the change; null once destroyed. */
  record: RecordValues | null;
}

const ACTIONS: Record<ChangeKind, string> = {
  CREATED: 'create',
  UPDATED: 'update',
  DELETED: 'delete',
  RESTORED: 'restore',
  DESTROYED: 'destroy',
};

/** The change event of a write, stamped with the node that commits it. */
export function changeEvent(
  ctx: WriteContext,
  object: string,
  nodeId: string,
  change: Pick<ChangeEvent, 'kind' | 'recordId' | 'version' | 'changedFields'>,
): ChangeEvent {
  return {
    workspaceId: ctx.snapshot.workspaceId,
    object,
    ...change,
    actorId: ctx.actor.id,
    nodeId,
    at: new Date().toISOString(),
  };
}

/** Entries per statement; each travels as one element of a single jsonb parameter. */
const ENTRIES_PER_STATEMENT = 5_000;

/** One audit row and its NOTIFY, as the change-log statements take them (one jsonb array element). */
export interface ChangeLogEntry {
  workspace_id: string;
  object_name: string;
  action: string;
  actor_id: string | null;
  actor_kind: string;
  via: string;
  event: ChangeEvent;
  before: RecordValues | null;
  after: RecordValues | null;
}

/** The change-log entries of same-kind changes of one object. */
export function changeLogEntries(
  ctx: WriteContext,
  object: string,
  changes: readonly RecordChange[],
): ChangeLogEntry[] {
  return changes.map((c) => ({
    workspace_id: ctx.snapshot.workspaceId,
    object_name: object,
    action: ACTIONS[c.event.kind],
    actor_id: ctx.actor.id,
    actor_kind: ctx.actor.kind,
    via: ctx.via,
    event: c.event,
    before: c.before,
    after: c.after,
  }));
}

/**
 * CTEs `change_entries` (the entries of the jsonb parameter `entries`), `change_audit` (their
 * audit rows) and `change_logged` (their record-event log rows, what subscriptions resume from), for a statement that ends with `NOTIFY_CHANGES`. Shared by the record service's
 * own statement and by callers that write a transaction's changes together with theirs (a
 * workflow run's progress), so both write the same rows.
 */
export const changeLogCtes = (entries: string) => `change_entries as (
    select (e.event ->> 'recordId')::uuid as record_id, e.*
    from jsonb_to_recordset(${entries}::jsonb) as e(workspace_id uuid, object_name text, action text, actor_id uuid,
      actor_kind text, via text, event jsonb, before jsonb, after jsonb)
  ), change_audit as (
    insert into relata.audit_log
      (workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after, changed_fields)
    select workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after,
           array(select jsonb_array_elements_text(event -> 'changedFields'))
    from change_entries
  ), change_logged as (
    insert into ${RECORD_EVENTS_TABLE} (workspace_id, object_name, record_id, kind, changed_fields)
    select workspace_id, object_name, record_id, event ->> 'kind', array(select jsonb_array_elements_text(event -> 'changedFields'))
    from change_entries
  )`;

/** NOTIFYs every entry of `changeLogCtes` on `relata_events` (a scalar subquery: a statement must select it). */
export const NOTIFY_CHANGES = `(select count(pg_notify('${RECORD_EVENTS_CHANNEL}', event::text)) from change_entries)`;

/**
 * Appends audit rows and record-event log rows (what subscriptions resume from) for same-kind
 * changes of one object and NOTIFYs each
 * change on `relata_events` (delivered on commit only): ONE statement per chunk, the
 * entries passed as a single jsonb array, so a bulk create neither hits the bind-parameter
 * limit nor pays one round trip per record. Each of these NOTIFYs carries one `ChangeEvent`
 * (only an import batches them into arrays); the payload limit (8000 bytes) is far above an
 * event's size because events never carry the record itself.
 */
export async function writeChangeLog(
  tx: SqlExecutor,
  ctx: WriteContext,
  object: string,
  changes: readonly RecordChange[],
): Promise<void> {
  for (const slice of chunk(changes, ENTRIES_PER_STATEMENT)) {
    await tx.query(`with ${changeLogCtes('$1')} select ${NOTIFY_CHANGES}`, [
      JSON.stringify(changeLogEntries(ctx, object, slice)),
    ]);
  }
}
