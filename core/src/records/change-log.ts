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

/**
 * Appends audit rows and record-event log rows (what subscriptions resume from) for same-kind
 * changes of one object and NOTIFYs each
 * change on `relata_events` (delivered on commit only): ONE statement per chunk, the
 * entries passed as a single jsonb array, so a bulk create neither hits the bind-parameter
 * limit nor pays one round trip per record. Every NOTIFY carries exactly one
 * `ChangeEvent` (listeners need no batch format); the payload limit (8000 bytes) is far
 * above an event's size because events never carry the record itself.
 */
export async function writeChangeLog(
  tx: SqlExecutor,
  ctx: WriteContext,
  object: string,
  changes: readonly RecordChange[],
): Promise<void> {
  const kind = changes[0]?.event.kind;
  if (!kind) return;
  const action = ACTIONS[kind];
  for (const slice of chunk(changes, ENTRIES_PER_STATEMENT)) {
    const entries = slice.map((c) => ({ event: c.event, before: c.before, after: c.after }));
    await tx.query(
      `with entries as (
         select (e.event ->> 'recordId')::uuid as record_id, e.event, e.before, e.after
         from jsonb_to_recordset($1::jsonb) as e(event jsonb, before jsonb, after jsonb)
       ), audit as (
         insert into relata.audit_log
           (workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after, changed_fields)
         select $2, $3, record_id, $4, $5, $6, $7, before, after,
                array(select jsonb_array_elements_text(event -> 'changedFields'))
         from entries
       ), logged as (
         insert into ${RECORD_EVENTS_TABLE} (workspace_id, object_name, record_id, kind, changed_fields)
         select $2, $3, record_id, event ->> 'kind', array(select jsonb_array_elements_text(event -> 'changedFields'))
         from entries
       )
       select count(pg_notify($8, event::text)) from entries`,
      [
        JSON.stringify(entries),
        ctx.snapshot.workspaceId,
        object,
        action,
        ctx.actor.id,
        ctx.actor.kind,
        ctx.via,
        RECORD_EVENTS_CHANNEL,
      ],
    );
  }
}
