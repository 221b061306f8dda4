import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import { NOTIFICATIONS_CHANNEL, signalNotifications } from './notification-signals';

/** A notification as its recipient reads it. */
export interface NotificationInfo {
  id: string;
  title: string;
  body: string | null;
  /** The record it is about (object by stable id), if any. */
  objectId: string | null;
  recordId: string | null;
  /** The workflow run that sent it, if any. */
  runId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NewNotification {
  workspaceId: string;
  userId: string;
  title: string;
  body?: string | null;
  objectId?: string | null;
  recordId?: string | null;
  runId?: string | null;
}

/** Longest title and body kept; longer ones are cut (a template may produce a lot). */
const MAX_TITLE = 300;
const MAX_BODY = 5_000;
/** Most notifications one page lists. */
export const MAX_NOTIFICATIONS_PAGE = 200;

const userId = z.guid({ error: 'must be a user id (uuid)' });

/**
 * Adds a notification for a member of the workspace, in the caller's transaction (a workflow
 * step that rolls back notifies nobody).
 * @throws BAD_USER_INPUT (field `userId`) when the user is not a member of the workspace
 */
export async function createNotification(tx: SqlExecutor, input: NewNotification): Promise<string> {
  const user = userId.safeParse(input.userId);
  if (!user.success) throw badInput('userId', `userId ${user.error.issues[0]!.message}.`);
  const member = await tx.query('select 1 from relata.workspace_members where workspace_id = $1 and user_id = $2', [
    input.workspaceId,
    user.data,
  ]);
  if (member.rowCount === 0) throw badInput('userId', `User ${user.data} is not a member of this workspace.`);
  const id = uuidv7();
  await tx.query(
    `insert into relata.notifications (id, workspace_id, user_id, title, body, object_id, record_id, run_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      input.workspaceId,
      user.data,
      input.title.slice(0, MAX_TITLE),
      input.body?.slice(0, MAX_BODY) ?? null,
      input.objectId ?? null,
      input.recordId ?? null,
      input.runId ?? null,
    ],
  );
  await signalNotifications(tx, { workspaceId: input.workspaceId, userId: user.data });
  return id;
}

interface NotificationRow {
  id: string;
  title: string;
  body: string | null;
  object_id: string | null;
  record_id: string | null;
  run_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** A user's notifications in a workspace, newest first. */
export async function listNotifications(
  db: SqlExecutor,
  workspaceId: string,
  userId: string,
  options: { first: number; unreadOnly: boolean },
): Promise<NotificationInfo[]> {
  const { rows } = await db.query<NotificationRow>(
    `select id, title, body, object_id, record_id, run_id, created_at, read_at from relata.notifications
     where workspace_id = $1 and user_id = $2 and ($3::boolean is false or read_at is null)
     order by created_at desc, id desc limit $4`,
    [workspaceId, userId, options.unreadOnly, Math.min(Math.max(options.first, 1), MAX_NOTIFICATIONS_PAGE)],
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    objectId: row.object_id,
    recordId: row.record_id,
    runId: row.run_id,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  }));
}

export async function countUnreadNotifications(db: SqlExecutor, workspaceId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    'select count(*) from relata.notifications where workspace_id = $1 and user_id = $2 and read_at is null',
    [workspaceId, userId],
  );
  return Number(rows[0]?.count ?? 0);
}

const ids = z.array(z.guid({ error: 'must be notification ids (uuid)' })).max(MAX_NOTIFICATIONS_PAGE);

/**
 * Marks the user's own notifications read: those of `notificationIds`, or all when null. Ids of
 * other users' notifications change nothing. Returns how many were marked.
 */
export async function markNotificationsRead(
  db: SqlExecutor,
  workspaceId: string,
  userId: string,
  notificationIds: readonly string[] | null,
): Promise<number> {
  const parsed = notificationIds === null ? null : ids.safeParse(notificationIds);
  if (parsed && !parsed.success) throw badInput('ids', `ids ${parsed.error.issues[0]!.message}.`);
  // One statement marks and signals (the member's other tabs update their bell), NOTIFY only when marked.
  const { rows } = await db.query<{ marked: string }>(
    `with marked as (
       update relata.notifications set read_at = now()
       where workspace_id = $1 and user_id = $2 and read_at is null and ($3::uuid[] is null or id = any($3::uuid[]))
       returning 1
     )
     select count(*) as marked, case when count(*) > 0 then pg_notify($4, $5) end from marked`,
    [workspaceId, userId, parsed ? parsed.data : null, NOTIFICATIONS_CHANNEL, JSON.stringify({ workspaceId, userId })],
  );
  return Number(rows[0]?.marked ?? 0);
}
