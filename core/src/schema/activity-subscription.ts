import { TARGETS_CHANGE_KEY } from '../activities';
import type { ObjectMetadata } from '../metadata';
import { canReadObject, compileReadableIds, historyKeys, isActivityObject, objectPermission } from '../query';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess, requestPermissions } from './root-context';
import { subscriptionChanges } from './subscription-resume';

/** A change of one activity (a note, task, call, meeting or message), without its values. */
interface ActivityChangeNotice {
  object: string;
  kind: string;
  id: string;
  changedFields: string[];
  eventId: string;
}

/**
 * Changes of every activity object the reader sees, on one stream. A record page's timeline
 * follows notes, tasks, calls, meetings and messages at once: one SSE stream each would pass the
 * six connections a browser opens to one host over HTTP/1.1 and starve the page's requests. The
 * rules are `<object>Changed`'s: a created, updated or restored activity is delivered only when
 * the reader sees it now (their record scope), an update of fields they read none of is no event,
 * a deletion reaches only roles that see every record of the object, and the changed fields
 * named are those they read (and `targets`, a change of the activity's links).
 */
async function* activityChanges(
  env: RootFieldEnv,
  objects: readonly ObjectMetadata[],
  ctx: DataRequestContext,
  after: string | null,
): AsyncGenerator<ActivityChangeNotice> {
  const permissions = requestPermissions(env, ctx);
  const access = requestAccess(env, ctx);
  const byName = new Map(objects.map((o) => [o.nameSingular, o]));
  const readable = new Map(
    objects.map((o) => [
      o.nameSingular,
      permissions.unrestricted ? null : new Set(historyKeys(env.snapshot, permissions, o)),
    ]),
  );
  for await (const event of subscriptionChanges(ctx, [...byName.keys()], after)) {
    const object = byName.get(event.object)!;
    const keys = readable.get(event.object) ?? null;
    const shown = event.changedFields.filter((key) => keys === null || keys.has(key) || key === TARGETS_CHANGE_KEY);
    if (event.kind === 'UPDATED' && shown.length === 0) continue;
    if (event.kind === 'DELETED' || event.kind === 'DESTROYED') {
      if (!permissions.unrestricted && objectPermission(permissions, object)?.scope !== 'all') continue;
    } else {
      const query = compileReadableIds(env.snapshot, access, object, [event.recordId]);
      if ((await ctx.db.query(query.text, query.params)).rows.length === 0) continue;
    }
    yield { object: event.object, kind: event.kind, id: event.recordId, changedFields: shown, eventId: event.cursor };
  }
}

/** `activityChanged: ActivityChange!`: see `activityChanges`. Absent for a role that reads no activity. */
export function addActivitySubscription(builder: DataBuilder, env: RootFieldEnv) {
  const permissions = env.permissions;
  const objects = env.snapshot.objects.filter(
    (o) => isActivityObject(o) && (permissions === null || canReadObject(permissions, o)),
  );
  if (objects.length === 0) return;
  const notice = builder.objectRef<ActivityChangeNotice>('ActivityChange').implement({
    description: 'A change of an activity you see: which object, what happened, which record, which of your fields.',
    fields: (t) => ({
      object: t.exposeString('object'),
      kind: t.exposeString('kind'),
      id: t.exposeID('id'),
      changedFields: t.exposeStringList('changedFields'),
      eventId: t.exposeString('eventId', {
        description: 'Durable position of this change: pass it as `after` (or Last-Event-ID) to resume from here.',
      }),
    }),
  });
  builder.subscriptionField('activityChanged', (t) =>
    t.field({
      type: notice,
      description: 'Changes of every activity object (notes, tasks, calls, meetings, messages) you see, on one stream.',
      args: {
        after: t.arg.string({
          description: 'The eventId of the last change received: the changes since are replayed first.',
        }),
      },
      subscribe: (_root, args, ctx) => activityChanges(env, objects, ctx, args.after ?? null),
      resolve: (payload) => payload,
    }),
  );
}
