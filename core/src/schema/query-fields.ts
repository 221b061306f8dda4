import {
  checkGroupCount,
  compileAggregateQuery,
  compileConnectionQuery,
  compileRecordsQuery,
  compileSearchQuery,
} from '../query';
import type { implementAggregateTypes } from './aggregate-types';
import type { DataBuilder } from './data-builder';
import type { ObjectRefs } from './object-refs';
import { connectionArgs } from './record-type';
import { type RootFieldEnv, rootInput, run } from './root-context';
import type { SharedTypes } from './shared-types';
import { rootFieldNames } from './type-names';

type Row = Record<string, unknown>;

/** `<objects>`, `<object>(id)` and `<objects>Aggregate`: each compiles its whole selection into one statement. */
export function addQueryFields(
  builder: DataBuilder,
  env: RootFieldEnv,
  own: ObjectRefs,
  aggregate: ReturnType<typeof implementAggregateTypes>,
) {
  const { object } = own;
  const names = rootFieldNames(object);
  builder.queryFields((t) => ({
    [names.list]: t.field({
      type: own.connection,
      description: `${object.labelPlural}: filter, order and page through them.`,
      args: {
        ...connectionArgs(t.arg, own),
        deleted: t.arg.boolean({
          description: 'true: the recycle bin, only soft-deleted records (restorable until purged), newest first.',
        }),
      },
      resolve: async (_root, _args, ctx, info) => {
        const [row] = await run<{ data: Row }>(ctx, compileConnectionQuery(rootInput(env, info, ctx), object));
        return row?.data ?? {};
      },
    }),
    [names.get]: t.field({
      type: own.record,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx, info) => {
        const [row] = await run<{ data: Row[] }>(
          ctx,
          compileRecordsQuery(rootInput(env, info, ctx), object, [String(args.id)]),
        );
        return row?.data[0] ?? null;
      },
    }),
    [names.aggregate]: t.field({
      type: [aggregate.aggregate],
      args: {
        filter: t.arg({ type: own.filter }),
        ...(aggregate.groupBy && {
          groupBy: t.arg({ type: [aggregate.groupBy], required: { list: false, items: true } }),
        }),
      },
      resolve: async (_root, _args, ctx, info) => {
        const query = compileAggregateQuery(rootInput(env, info, ctx), object);
        const rows = await run<{ row: Row }>(ctx, query);
        checkGroupCount(rows.length, query.maxRows ?? rows.length);
        return rows.map((r) => r.row);
      },
    }),
  }));
}

/** `search(query, objects, first)` over every object's full-text column. */
export function addSearchField(builder: DataBuilder, env: RootFieldEnv, shared: SharedTypes) {
  builder.queryField('search', (t) =>
    t.field({
      type: [shared.searchHit],
      args: {
        query: t.arg.string({ required: true }),
        objects: t.arg.stringList({ required: { list: false, items: true } }),
        first: t.arg.int(),
      },
      resolve: async (_root, _args, ctx, info) => {
        const query = compileSearchQuery(rootInput(env, info, ctx));
        if (!query) return [];
        const rows = await run<{ row: Row }>(ctx, query);
        return rows.map((r) => r.row);
      },
    }),
  );
}
