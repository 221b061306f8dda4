import { parse } from 'graphql';
import { createSegmentStore, type SegmentInfo } from '../segments';
import type { DataBuilder } from './data-builder';
import { runDataOperation } from './data-operation';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions } from './root-context';
import { rootFieldNames, typeNames } from './type-names';

/**
 * `segments(object)` and `segment(id)` of the data schema: the segments of the objects the
 * caller reads, with `memberCount` counted live by the caller's own aggregate query (its record
 * scope applies; a segment naming a field the caller cannot read is RESTRICTED and counts nothing).
 * Members are listed by passing `filter` to the object's connection, again the caller's own query.
 */
export function addSegmentFields(builder: DataBuilder, env: RootFieldEnv) {
  const store = (ctx: DataRequestContext) => createSegmentStore(ctx.db);
  const State = builder.enumType('SegmentState', {
    description: 'OK; RESTRICTED: it filters on fields your role cannot read; BROKEN: a field it names is gone.',
    values: ['OK', 'RESTRICTED', 'BROKEN'] as const,
  });
  const segment = builder.objectRef<SegmentInfo>('Segment').implement({
    description: 'A saved filter over one object, defined by admins.',
    fields: (t) => ({
      id: t.exposeID('id'),
      object: t.exposeString('object'),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      state: t.field({ type: State, resolve: (s) => s.state }),
      problem: t.exposeString('problem', { nullable: true }),
      filter: t.field({
        type: 'JSON',
        nullable: true,
        description: "The filter (null unless OK): pass it to the object's list to read the members.",
        resolve: (s) => s.filter,
      }),
      memberCount: t.int({
        nullable: true,
        description: 'Members you can see, counted now; null unless OK.',
        resolve: async (s, _args, ctx, info) => {
          const object = env.snapshot.objects.find((o) => o.nameSingular === s.object);
          if (s.state !== 'OK' || !object) return null;
          const document = parse(
            `query SegmentCount($filter: ${typeNames(object).filter}) { ${rootFieldNames(object).aggregate}(filter: $filter) { count } }`,
          );
          const row = (await runDataOperation(info.schema, document, 'SegmentCount', { filter: s.filter }, ctx)) as {
            count: number;
          } | null;
          return row?.count ?? 0;
        },
      }),
    }),
  });
  builder.queryFields((t) => ({
    segments: t.field({
      type: [segment],
      description: 'Segments of the objects you read (of `object` when given).',
      args: { object: t.arg.string() },
      resolve: (_root, args, ctx) => store(ctx).list(env.snapshot, requestPermissions(env, ctx), args.object),
    }),
    segment: t.field({
      type: segment,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => store(ctx).get(env.snapshot, requestPermissions(env, ctx), String(args.id)),
    }),
  }));
}
