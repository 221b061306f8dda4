import { UNRESTRICTED } from '../permissions';
import { createSegmentStore, type SegmentInfo } from '../segments';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const store = (ctx: MetadataRequestContext) => createSegmentStore(ctx.db);
const snapshot = (ctx: MetadataRequestContext) => loadSnapshot(ctx.db, ctx.workspaceId);

/** The /metadata `Segment` type (the data schema has its own, with `memberCount`: core/src/schema/segment-fields.ts). */
function defineSegmentRef(builder: MetadataBuilder) {
  const State = builder.enumType('SegmentState', {
    description: 'OK; RESTRICTED: it filters on fields the role cannot read; BROKEN: a field it names is gone.',
    values: ['OK', 'RESTRICTED', 'BROKEN'] as const,
  });
  return builder.objectRef<SegmentInfo>('Segment').implement({
    description: 'A saved filter over one object; its members are counted and listed live on /graphql.',
    fields: (t) => ({
      id: t.exposeID('id'),
      object: t.exposeString('object', { description: 'The object’s singular API name.' }),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      filter: t.field({
        type: 'JSON',
        nullable: true,
        description: 'The filter with today’s field names; null unless state is OK.',
        resolve: (s) => s.filter,
      }),
      state: t.field({ type: State, resolve: (s) => s.state }),
      problem: t.exposeString('problem', { nullable: true }),
      createdAt: t.exposeString('createdAt'),
      updatedAt: t.exposeString('updatedAt'),
    }),
  });
}

/** `segments`, `segment(id)`, `createSegment`, `updateSegment`, `deleteSegment` of `/metadata` (admins). */
export function addSegmentFields(builder: MetadataBuilder) {
  const SegmentRef = defineSegmentRef(builder);
  const createInput = builder.inputType('CreateSegmentInput', {
    fields: (t) => ({
      object: t.string({ required: true }),
      name: t.string({ required: true }),
      label: t.string({ required: true }),
      description: t.string(),
      filter: t.field({ type: 'JSON', required: true }),
    }),
  });
  const updateInput = builder.inputType('UpdateSegmentInput', {
    fields: (t) => ({
      name: t.string(),
      label: t.string(),
      description: t.string(),
      filter: t.field({ type: 'JSON' }),
    }),
  });
  // GraphQL leaves absent input fields undefined; zod then sees only what was given.
  const given = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  builder.queryFields((t) => ({
    segments: t.field({
      type: [SegmentRef],
      args: { object: t.arg.string({ description: 'Only this object’s (singular API name).' }) },
      resolve: async (_root, args, ctx) => store(ctx).list(await snapshot(ctx), UNRESTRICTED, args.object),
    }),
    segment: t.field({
      type: SegmentRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).get(await snapshot(ctx), UNRESTRICTED, String(args.id)),
    }),
  }));
  builder.mutationFields((t) => ({
    createSegment: t.field({
      type: SegmentRef,
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).create(await snapshot(ctx), given(args.input), ctx.actor),
    }),
    updateSegment: t.field({
      type: SegmentRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updateInput, required: true }) },
      resolve: async (_root, args, ctx) =>
        store(ctx).update(await snapshot(ctx), String(args.id), given(args.input), ctx.actor),
    }),
    deleteSegment: t.field({
      type: SegmentRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).delete(await snapshot(ctx), String(args.id)),
    }),
  }));
}
