import type { StoredRef } from '../activities';
import { type QueryResult, qualify, quoteIdent, type SqlExecutor } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { ACTIVITY_TARGETS_TABLE } from '../workspace';

/** The standard `message` object of a snapshot, with the physical columns this module reads. */
export interface MessageTable {
  object: ObjectMetadata;
  table: string;
  column: (field: string) => string;
}

/** The `message` object as the standard model defines it (core/src/activities). */
export function messageTable(snapshot: WorkspaceSnapshot): MessageTable | null {
  const object = snapshot.objects.find((o) => o.nameSingular === 'message');
  if (!object) return null;
  const column = (name: string) => {
    const field = object.fields.find((f) => f.name === name);
    if (!field) throw new Error(`The message object has no ${name} field; run the standard objects upgrade.`);
    return quoteIdent(field.columnName);
  };
  return { object, table: qualify(snapshot.schemaName, object.tableName), column };
}

export interface ThreadOf {
  threadKey: string;
  /** Records the thread's messages are linked to (a case, the contact), to link the new one too. */
  targets: StoredRef[];
}

/**
 * The thread an email answers: the first of `replyTo` (In-Reply-To, then References newest first)
 * that is a stored message's external id gives its thread key (or its own id when it has none),
 * and the records any message of that thread is linked to. Null for a new conversation.
 */
export async function findThread(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  messages: MessageTable,
  replyTo: readonly string[],
): Promise<ThreadOf | null> {
  if (replyTo.length === 0) return null;
  const { column, table } = messages;
  const found: QueryResult<{ thread_key: string }> = await tx.query(
    `select coalesce(m.${column('threadKey')}, m.${column('externalId')}) as thread_key
       from ${table} m join unnest($1::text[]) with ordinality as r(id, n) on r.id = m.${column('externalId')}
      where m."deleted_at" is null order by r.n limit 1`,
    [replyTo],
  );
  const threadKey = found.rows[0]?.thread_key;
  return threadKey ? { threadKey, targets: await threadTargets(tx, snapshot, messages, threadKey) } : null;
}

/** The records any live message of the thread is linked to (a case, the contact). */
export async function threadTargets(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  { column, table }: MessageTable,
  threadKey: string,
): Promise<StoredRef[]> {
  const links = await tx.query<{ object_id: string; id: string }>(
    `select distinct l."target_object_id" as object_id, l."target_id" as id
       from ${qualify(snapshot.schemaName, ACTIVITY_TARGETS_TABLE)} l
       join ${table} m on m."id" = l."activity_id"
      where m.${column('threadKey')} = $1 and m."deleted_at" is null`,
    [threadKey],
  );
  return links.rows.map((r) => ({ objectId: r.object_id, id: r.id }));
}
