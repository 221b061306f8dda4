import type { ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { ObjectMetadata } from '../metadata';
import { compileChangeQuery, type FilterInput } from '../query';
import type { DataBuilder, DataTypes, ResultRow } from './data-builder';
import type { ObjectRefs } from './object-refs';
import type { ChangePayload } from './record-type';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, rootInput, run } from './root-context';
import { rootFieldNames } from './type-names';

/**
 * Changes of one object for a subscription. Each event re-reads the record through the
 * compiler with the subscription's filter: CREATED/UPDATED/RESTORED are delivered only when
 * the record matches the filter now; DELETED/DESTROYED are always delivered (the record as
 * it was soft-deleted, or null once destroyed), so clients can drop the id.
 */
async function* changes(
  env: RootFieldEnv,
  object: ObjectMetadata,
  ctx: DataRequestContext,
  info: GraphQLResolveInfo,
  filter: FilterInput | null,
): AsyncGenerator<ChangePayload> {
  for await (const event of ctx.events.stream(ctx.workspace.id, object.nameSingular, ctx.signal)) {
    const gone = event.kind === 'DELETED' || event.kind === 'DESTROYED';
    const query = compileChangeQuery(rootInput(env, info), object, event.recordId, gone ? null : filter, {
      includeDeleted: gone,
    });
    const [row] = await run<{ data: ResultRow }>(ctx, query);
    if (!row && !gone) continue;
    yield {
      event: { kind: event.kind, id: event.recordId, changedFields: event.changedFields },
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
      args: { filter: t.arg({ type: own.filter }) },
      subscribe: (_root, args, ctx, info) =>
        changes(env, object, ctx, info, (args.filter ?? null) as FilterInput | null),
      resolve: (payload) => payload,
    }),
  );
}
