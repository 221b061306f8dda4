import type { GraphQLResolveInfo } from 'graphql';
import { limitExceeded, notFound } from '../errors';
import { compileRecordsQuery } from '../query';
import type { WriteContext } from '../records';
import type { DataBuilder, InType } from './data-builder';
import type { ObjectRefs } from './object-refs';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions, rootInput, run } from './root-context';
import { rootFieldNames } from './type-names';

type Row = Record<string, unknown>;

const writeContext = (env: RootFieldEnv, ctx: DataRequestContext): WriteContext => ({
  snapshot: ctx.snapshot,
  actor: ctx.actor,
  via: ctx.via,
  permissions: requestPermissions(env, ctx),
});

/** Which mutations an object gets: the role's create, update and delete rights. */
export interface MutationRights {
  create: boolean;
  update: boolean;
  delete: boolean;
}

function idOf(record: Row): string {
  return String(record.id);
}

/**
 * A bulk write takes at most as many records as one page may hold (`maxPageSize`), so a single
 * request cannot hold a transaction and its locks for an unbounded batch. Like the page-size
 * error, the message names the limit but not its value.
 */
function checkBatchSize(env: RootFieldEnv, list: readonly unknown[]): void {
  if (list.length <= env.limits.maxPageSize) return;
  throw limitExceeded('data holds more records than one request may write; send them in smaller batches.');
}

/**
 * Mutations write only through `ctx.records` (the record service), then read the mutation's
 * selection back for the written ids with one compiled statement.
 */
export function addMutationFields(
  builder: DataBuilder,
  env: RootFieldEnv,
  own: ObjectRefs,
  inputs: { create: InType; update: InType } | null,
  rights: MutationRights,
) {
  const { object } = own;
  const names = rootFieldNames(object);
  const readBack = async (ctx: DataRequestContext, info: GraphQLResolveInfo, ids: string[], includeDeleted = false) => {
    const [row] = await run<{ data: Row[] }>(
      ctx,
      compileRecordsQuery(rootInput(env, info, ctx), object, ids, { includeDeleted }),
    );
    return row?.data ?? [];
  };
  const readOne = async (ctx: DataRequestContext, info: GraphQLResolveInfo, id: string, includeDeleted = false) => {
    const [record] = await readBack(ctx, info, [id], includeDeleted);
    if (!record)
      throw notFound(
        `${object.labelSingular} ${id} was written but can no longer be read; it may have been deleted meanwhile.`,
      );
    return record;
  };
  const data = (value: unknown) => (value ?? {}) as Row;

  builder.mutationFields((t) => ({
    ...(inputs &&
      rights.create && {
        [names.create]: t.field({
          type: own.record,
          args: { data: t.arg({ type: inputs.create, required: true }) },
          resolve: async (_root, args, ctx, info) => {
            const created = await ctx.records.create(writeContext(env, ctx), object.nameSingular, data(args.data));
            return readOne(ctx, info, idOf(created));
          },
        }),
        [names.createMany]: t.field({
          type: [own.record],
          args: { data: t.arg({ type: [inputs.create], required: true }) },
          resolve: async (_root, args, ctx, info) => {
            checkBatchSize(env, args.data as unknown[]);
            const list = (args.data as unknown[]).map(data);
            const created = await ctx.records.createMany(writeContext(env, ctx), object.nameSingular, list);
            return readBack(ctx, info, created.map(idOf));
          },
        }),
      }),
    ...(inputs &&
      rights.update && {
        [names.update]: t.field({
          type: own.record,
          args: {
            id: t.arg.id({ required: true }),
            data: t.arg({ type: inputs.update, required: true }),
            expectedVersion: t.arg.int(),
          },
          resolve: async (_root, args, ctx, info) => {
            const id = String(args.id);
            await ctx.records.update(
              writeContext(env, ctx),
              object.nameSingular,
              id,
              data(args.data),
              args.expectedVersion ?? undefined,
            );
            return readOne(ctx, info, id);
          },
        }),
      }),
    ...(rights.delete && {
      [names.delete]: t.field({
        type: own.record,
        description: 'Soft delete: the record stays restorable.',
        args: { id: t.arg.id({ required: true }) },
        resolve: async (_root, args, ctx, info) => {
          const id = String(args.id);
          await ctx.records.softDelete(writeContext(env, ctx), object.nameSingular, id);
          return readOne(ctx, info, id, true);
        },
      }),
      [names.restore]: t.field({
        type: own.record,
        args: { id: t.arg.id({ required: true }) },
        resolve: async (_root, args, ctx, info) => {
          const id = String(args.id);
          await ctx.records.restore(writeContext(env, ctx), object.nameSingular, id);
          return readOne(ctx, info, id);
        },
      }),
      [names.destroy]: t.field({
        type: 'ID',
        description: 'Hard delete; relations follow their onDelete rule.',
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root, args, ctx) =>
          ctx.records.destroy(writeContext(env, ctx), object.nameSingular, String(args.id)),
      }),
    }),
  }));
}
