import { ACTIVITY_TARGETS_TABLE, qualify, quoteIdent } from '@relata/core';
import type { PortalView, ShownObject } from './portal-view';

/** The channels of a case's conversation the contact sees: what was written to or by them. */
export const PORTAL_CHANNELS = ['PORTAL', 'EMAIL'] as const;

/** Messages one conversation answers at most (the oldest beyond it are left out). */
export const MAX_CONVERSATION = 500;

/** A message of a case's conversation as the contact sees it. */
export interface PortalMessage {
  id: string;
  channel: string;
  /** INBOUND: from the contact; OUTBOUND: from the workspace's agents. */
  direction: string;
  subject: string | null;
  /** Sanitised HTML (the record service cleans RICH_TEXT on every write). */
  body: string | null;
  at: string;
}

/** The standard `message` object with the columns the conversation reads; null when the workspace lacks it. */
export function messageColumns(view: PortalView) {
  const object = view.snapshot.objects.find((o) => o.nameSingular === 'message');
  if (!object) return null;
  const column = (name: string) => {
    const field = object.fields.find((f) => f.name === name);
    return field ? quoteIdent(field.columnName) : 'null';
  };
  return {
    object,
    channel: column('channel'),
    direction: column('direction'),
    subject: column('subject'),
    body: column('body'),
    sentAt: column('sentAt'),
  };
}

/**
 * The conversation of one of the viewer's cases: the `message` records linked to it (activity
 * targets) on a portal channel, oldest first. Only the channel, direction, subject, body and time
 * of each are read: never internal notes, calls, tasks, meetings, nor other messages' fields.
 * The caller has checked the case is the viewer's (`getPortalCase`, under the portal rights):
 * messages are read through their link to that case, not through a role of their own.
 */
export async function portalConversation(view: PortalView, shown: ShownObject, caseId: string) {
  const columns = messageColumns(view);
  if (!columns) return [];
  const { object } = columns;
  const schema = view.snapshot.schemaName;
  const { rows } = await view.deps.db.query<PortalMessage & { at: Date }>(
    `select m."id", m.${columns.channel} as channel, m.${columns.direction} as direction,
            m.${columns.subject} as subject, m.${columns.body} as body,
            coalesce(m.${columns.sentAt}, m."created_at") as at
       from ${qualify(schema, object.tableName)} m
      where m."deleted_at" is null and m.${columns.channel} = any($1::text[])
        and exists (select 1 from ${qualify(schema, ACTIVITY_TARGETS_TABLE)} l
                     where l."activity_object_id" = $2 and l."activity_id" = m."id"
                       and l."target_object_id" = $3 and l."target_id" = $4)
      order by at, m."id" limit ${MAX_CONVERSATION}`,
    [[...PORTAL_CHANNELS], object.id, shown.object.id, caseId],
  );
  return rows.map((r): PortalMessage => ({ ...r, at: new Date(r.at).toISOString() }));
}
