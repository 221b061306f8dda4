import {
  countUnreadNotifications,
  listNotifications,
  MAX_NOTIFICATIONS_PAGE,
  markNotificationsRead,
  type NotificationInfo,
  NotificationSignals,
  unreadCounts,
} from '../notifications';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';

/** The signed-in member's user id; API keys and plugins have no notifications. */
const userOf = (ctx: DataRequestContext) => (ctx.actor.kind === 'user' && ctx.actor.id ? ctx.actor.id : null);

/**
 * The signed-in member's notifications (workflow notify steps, failed-run alerts):
 * `notifications`, `unreadNotificationCount`, `markNotificationsRead`.
 */
export function addNotificationFields(builder: DataBuilder) {
  const notification = builder.objectRef<NotificationInfo>('Notification').implement({
    description: 'A message to the signed-in member, read or not.',
    fields: (t) => ({
      id: t.exposeID('id'),
      title: t.exposeString('title'),
      body: t.exposeString('body', { nullable: true }),
      object: t.string({
        nullable: true,
        description: 'The API name of the object of the record it is about.',
        resolve: (n, _args, ctx) => ctx.snapshot.objects.find((o) => o.id === n.objectId)?.nameSingular ?? null,
      }),
      recordId: t.exposeID('recordId', { nullable: true }),
      runId: t.exposeID('runId', { nullable: true, description: 'The workflow run that sent it.' }),
      createdAt: t.field({ type: 'DateTime', resolve: (n) => n.createdAt }),
      readAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.readAt }),
    }),
  });
  builder.queryFields((t) => ({
    notifications: t.field({
      type: [notification],
      description: `The signed-in member's notifications, newest first (at most ${MAX_NOTIFICATIONS_PAGE}).`,
      args: { first: t.arg.int({ defaultValue: 20 }), unreadOnly: t.arg.boolean({ defaultValue: false }) },
      resolve: (_root, args, ctx) => {
        const user = userOf(ctx);
        if (!user) return [];
        return listNotifications(ctx.db, ctx.workspace.id, user, {
          first: args.first ?? 20,
          unreadOnly: args.unreadOnly ?? false,
        });
      },
    }),
    unreadNotificationCount: t.int({
      description: "How many of the signed-in member's notifications are unread.",
      resolve: (_root, _args, ctx) => {
        const user = userOf(ctx);
        return user ? countUnreadNotifications(ctx.db, ctx.workspace.id, user) : 0;
      },
    }),
  }));
  builder.subscriptionField('unreadNotificationCountChanged', (t) =>
    t.int({
      description:
        "The signed-in member's unread count now, then again whenever their notifications change (the studio's bell).",
      subscribe: (_root, _args, ctx) => memberCounts(ctx),
      resolve: (count) => count,
    }),
  );
  builder.mutationFields((t) => ({
    markNotificationsRead: t.int({
      description: "Marks the signed-in member's notifications read (those of `ids`, or all); returns how many.",
      args: { ids: t.arg.idList() },
      resolve: (_root, args, ctx) => {
        const user = userOf(ctx);
        if (!user) return 0;
        return markNotificationsRead(ctx.db, ctx.workspace.id, user, args.ids ? args.ids.map(String) : null);
      },
    }),
  }));
}

/** The member's unread counts (see `unreadCounts`); a caller with no notifications gets 0 once. */
async function* memberCounts(ctx: DataRequestContext): AsyncGenerator<number> {
  const user = userOf(ctx);
  if (!user) {
    yield 0;
    return;
  }
  const member = { workspaceId: ctx.workspace.id, userId: user };
  yield* unreadCounts(ctx.db, ctx.notifications ?? new NotificationSignals(), member, ctx.signal);
}
