import type { ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { TARGETS_CHANGE_KEY } from '../activities';
import type { ObjectMetadata } from '../metadata';
import { compileChangeQuery, type FilterInput, historyKeys, objectPermission } from '../query';
import type { DataBuilder, DataTypes, ResultRow } from './data-builder';
import type { ObjectRefs } from './object-refs';
import type { ChangePayload } from './record-type';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions, rootInput, run } from './root-context';
import { subscriptionChanges } from './subscription-resume';
import { rootFieldNames } from './type-names';

/**
 * Changes of one object for a subscription. Each event re-reads the record through the
 * compiler with the subscription's filter and the role's record scope: CREATED/UPDATED/RESTORED
 * are delivered only when the record matches now; DELETED/DESTROYED are delivered so clients can
 * drop the id (the record as it was soft-deleted, or null once destroyed), except that a role
 * with a narrower record scope gets them only for records it can still see in scope (a destroyed
 * record cannot be checked any more, so those roles do not get DESTROYED). An UPDATED event
 * whose changed fields the role reads none of is not delivered to it at all. The changes come
 * from the durable log (see `subscriptionChanges`), so a client resuming with `after` gets what it
 * missed under these same rules, as its role stands now.
 */
async function* changes(
  env: RootFieldEnv,
  object: ObjectMetadata,
  ctx: DataRequestContext,
  info: GraphQLResolveInfo,
  filter: FilterInput | null,
  after: string | null,
): AsyncGenerator<ChangePayload> {
  const permissions = requestPermissions(env, ctx);
  const scoped = !permissions.unrestricted && objectPermission(permissions, object)?.scope !== 'all';
  const readable = permissions.unrestricted ? null : new Set(historyKeys(env.snapshot, permissions, object));
  for await (const event of subscriptionChanges(ctx, [object.nameSingular], after)) {
    // An update of fields the role cannot read is no event for it: not even that something changed.
    // A change of an activity's links is one for whoever still sees the activity (read back below).
    const shown = (key: string) => readable?.has(key) || key === TARGETS_CHANGE_KEY;
    if (event.kind === 'UPDATED' && readable && !event.changedFields.some(shown)) continue;
    const gone = event.kind === 'DELETED' || event.kind === 'DESTROYED';
    const query = compileChangeQuery(rootInput(env, info, ctx), object, event.recordId, gone ? null : filter, {
      includeDeleted: gone,
    });
    const [row] = await run<{ data: ResultRow }>(ctx, query);
    if (!row && (!gone || scoped)) continue;
    yield {
      event: { kind: event.kind, id: event.recordId, changedFields: event.changedFields, cursor: event.cursor },
      records: row?.data ?? null,
    };
  }
}

/** `<object>Changed(filter): <Type>Change!` */
export function addSubscriptionField(
  builder: DataBuilder,
  env: RootFieldEnv,
  own: ObjectRefs,
  change: ObjectRef<DataTypes, ChangePayload>,
) {
  const { object } = own;
  builder.subscriptionField(rootFieldNames(object).changed, (t) =>
    t.field({
      type: change,
      args: {
        filter: t.arg({ type: own.filter }),
        after: t.arg.string({
          description: 'The eventId of the last change received: the changes since are replayed first.',
        }),
      },
      subscribe: (_root, args, ctx, info) =>
        changes(env, object, ctx, info, (args.filter ?? null) as FilterInput | null, args.after ?? null),
      resolve: (payload) => payload,
    }),
  );
}
