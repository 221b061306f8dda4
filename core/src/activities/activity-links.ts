import { type Database, qualify, type SqlExecutor } from '../db';
import { forbidden, notFound } from '../errors';
import { type ChangeEvent, type EventBus, RECORD_EVENTS_CHANNEL, RECORD_EVENTS_TABLE } from '../events';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import {
  type CompileAccess,
  compileActivityTargetsQuery,
  compileLinkedActivitiesQuery,
  compileReadableIds,
  compileScopeCheck,
  linkEnd,
  objectPermission,
  type RecordRef,
} from '../query';
import { ACTIVITY_TARGETS_TABLE } from '../workspace';

/** What every link operation needs: the workspace as the request sees it and whose rights apply. */
export interface ActivityAccess {
  db: Database;
  snapshot: WorkspaceSnapshot;
  access: CompileAccess;
}

export interface ActivityTarget extends RecordRef {
  /** The record's title (its label field) as the reader may read it; null when hidden or empty. */
  label: string | null;
}

/** The key link changes carry in their UPDATED event's `changedFields` (not a field: the links). */
export const TARGETS_CHANGE_KEY = 'targets';

/** Activities (object, id) linked to `target` that the reader sees, most recently linked first. */
export async function linkedActivities(
  { db, snapshot, access }: ActivityAccess,
  target: RecordRef,
): Promise<RecordRef[]> {
  const query = compileLinkedActivitiesQuery(snapshot, access, target);
  return (await db.query<RecordRef>(query.text, query.params)).rows;
}

/** The records `activity` links to that the reader sees (none when they cannot see the activity). */
export async function activityTargets(
  { db, snapshot, access }: ActivityAccess,
  activity: RecordRef,
): Promise<ActivityTarget[]> {
  const query = compileActivityTargetsQuery(snapshot, access, activity);
  return (await db.query<ActivityTarget>(query.text, query.params)).rows;
}

async function sees({ db, snapshot, access }: ActivityAccess, object: ObjectMetadata, id: string): Promise<boolean> {
  const query = compileReadableIds(snapshot, access, object, [id]);
  return (await db.query(query.text, query.params)).rows.length > 0;
}

/**
 * Refuses a link change the reader may not make: they must update the activity (object right and
 * record scope) and see it, and see every target record. A record they cannot see is NOT_FOUND,
 * exactly like one that does not exist.
 */
async function checkLinkRights(context: ActivityAccess, activity: RecordRef, targets: readonly RecordRef[]) {
  const { db, snapshot, access } = context;
  const activityObject = linkEnd(snapshot, access, activity, 'activity', true);
  if (!objectPermission(access.permissions, activityObject)?.update) {
    throw forbidden(`Your role cannot update ${activityObject.labelPlural}, so it cannot link them.`);
  }
  const scope = compileScopeCheck(snapshot, access.permissions, access.actorId, activityObject, [activity.id]);
  const inScope = scope ? (await db.query(scope.text, scope.params)).rows.length > 0 : true;
  if (!inScope || !(await sees(context, activityObject, activity.id))) {
    throw notFound(`There is no ${activity.object} ${activity.id}.`, { field: 'activity.id' });
  }
  const targetObjects: ObjectMetadata[] = [];
  for (const [i, target] of targets.entries()) {
    const object = linkEnd(snapshot, access, target, `targets.${i}`, false);
    if (!(await sees(context, object, target.id))) {
      throw notFound(`There is no ${target.object} ${target.id}.`, { field: `targets.${i}.id` });
    }
    targetObjects.push(object);
  }
  return { activityObject, targetObjects };
}

/** A record named by its object's id, as the link table stores it. */
export interface StoredRef {
  objectId: string;
  id: string;
}

/**
 * Inserts links (already present ones are kept) in the caller's transaction, with no rights
 * check: callers check them (`changeActivityLinks`) or act as the system (inbound email).
 */
export async function insertActivityLinks(
  tx: SqlExecutor,
  schemaName: string,
  activity: StoredRef,
  targets: readonly StoredRef[],
  actorId: string | null,
): Promise<void> {
  if (targets.length === 0) return;
  await tx.query(
    `insert into ${qualify(schemaName, ACTIVITY_TARGETS_TABLE)}
       ("activity_object_id", "activity_id", "target_object_id", "target_id", "created_by")
     select $1, $2, t.object_id, t.record_id, $5
       from unnest($3::uuid[], $4::uuid[]) as t(object_id, record_id)
     on conflict do nothing`,
    [activity.objectId, activity.id, targets.map((t) => t.objectId), targets.map((t) => t.id), actorId],
  );
}

/**
 * Links `activity` to `targets` (already linked ones are kept) or unlinks them, in one transaction
 * that also NOTIFYs an UPDATED change of the activity (key `targets`), so open timelines refresh
 * on every node. Answers the activity's targets as the reader now sees them.
 */
export async function changeActivityLinks(
  context: ActivityAccess & { events: EventBus },
  change: 'link' | 'unlink',
  activity: RecordRef,
  targets: readonly RecordRef[],
): Promise<ActivityTarget[]> {
  const { db, snapshot, access, events } = context;
  const { activityObject, targetObjects } = await checkLinkRights(context, activity, targets);
  const table = qualify(snapshot.schemaName, ACTIVITY_TARGETS_TABLE);
  const objectIds = targetObjects.map((o) => o.id);
  const recordIds = targets.map((t) => t.id);
  await db.transaction(async (tx) => {
    if (change === 'link') {
      await insertActivityLinks(
        tx,
        snapshot.schemaName,
        { objectId: activityObject.id, id: activity.id },
        targets.map((t, i) => ({ objectId: objectIds[i]!, id: t.id })),
        access.actorId,
      );
    } else {
      await tx.query(
        `delete from ${table} l using unnest($2::uuid[], $3::uuid[]) as t(object_id, record_id)
          where l."activity_id" = $1 and l."target_object_id" = t.object_id and l."target_id" = t.record_id`,
        [activity.id, objectIds, recordIds],
      );
    }
    const { rows } = await tx.query<{ version: number }>(
      `select "version" from ${qualify(snapshot.schemaName, activityObject.tableName)} where "id" = $1`,
      [activity.id],
    );
    const event: ChangeEvent = {
      workspaceId: snapshot.workspaceId,
      object: activityObject.nameSingular,
      kind: 'UPDATED',
      recordId: activity.id,
      version: rows[0]?.version ?? null,
      changedFields: [TARGETS_CHANGE_KEY],
      actorId: access.actorId,
      nodeId: events.nodeId,
      at: new Date().toISOString(),
    };
    await tx.query(
      `with logged as (
         insert into ${RECORD_EVENTS_TABLE} (workspace_id, object_name, record_id, kind, changed_fields)
         values ($3, $4, $5, 'UPDATED', $6)
       ) select pg_notify($1, $2)`,
      [
        RECORD_EVENTS_CHANNEL,
        JSON.stringify(event),
        snapshot.workspaceId,
        event.object,
        event.recordId,
        event.changedFields,
      ],
    );
    tx.afterCommit(() => events.publish(event));
  });
  return activityTargets(context, activity);
}
