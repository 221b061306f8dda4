import { createView, deleteView, listViews, type SavedView, updateView, type ViewScope } from '../views';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions } from './root-context';

/** GraphQL leaves absent input fields undefined but explicit nulls null; both mean "not given" here. */
const withoutNulls = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));

/**
 * Saved views of each object: `views(object)` and create/update/delete mutations. They live in
 * the data schema (not /metadata) because members manage their own personal views.
 */
export function addViewFields(builder: DataBuilder, env: RootFieldEnv) {
  // The request's role decides which objects' views it reaches and which of their fields it sees.
  const scope = (ctx: DataRequestContext): ViewScope => ({
    snapshot: ctx.snapshot,
    actor: ctx.actor,
    permissions: requestPermissions(env, ctx),
  });
  const kind = builder.enumType('ViewKind', { values: ['TABLE', 'KANBAN'] as const });
  const view = builder.objectRef<SavedView>('View').implement({
    description: 'A saved list view of an object: filter, sort, columns and layout; shared or personal.',
    fields: (t) => ({
      id: t.exposeID('id'),
      object: t.exposeString('object'),
      name: t.exposeString('name'),
      kind: t.field({ type: kind, resolve: (v) => v.kind }),
      shared: t.exposeBoolean('shared'),
      ownerUserId: t.field({ type: 'ID', nullable: true, resolve: (v) => v.ownerUserId }),
      settings: t.field({
        type: 'JSON',
        description: 'Filter, sort, columns and layout, without what names a field the caller cannot read.',
        resolve: (v) => v.settings,
      }),
      restricted: t.boolean({
        description:
          'True when the saved settings name fields the caller cannot read: those columns and sort keys are left out, and a filter naming one is left out whole.',
        resolve: (v) => v.restricted,
      }),
      position: t.exposeInt('position'),
      createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
      updatedAt: t.field({ type: 'DateTime', resolve: (v) => v.updatedAt }),
    }),
  });
  const createInput = builder.inputType('CreateViewInput', {
    fields: (t) => ({
      object: t.string({ required: true }),
      name: t.string({ required: true }),
      kind: t.field({ type: kind, required: true }),
      shared: t.boolean(),
      settings: t.field({ type: 'JSON' }),
      position: t.int(),
    }),
  });
  const updateInput = builder.inputType('UpdateViewInput', {
    fields: (t) => ({
      name: t.string(),
      kind: t.field({ type: kind }),
      shared: t.boolean(),
      settings: t.field({ type: 'JSON' }),
      position: t.int(),
    }),
  });

  builder.queryField('views', (t) =>
    t.field({
      type: [view],
      description: "The object's saved views the caller can see: shared ones and their own.",
      args: { object: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => listViews(ctx.db, scope(ctx), args.object),
    }),
  );
  builder.mutationFields((t) => ({
    createView: t.field({
      type: view,
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: (_root, args, ctx) => createView(ctx.db, scope(ctx), withoutNulls(args.input)),
    }),
    updateView: t.field({
      type: view,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updateInput, required: true }) },
      resolve: (_root, args, ctx) => updateView(ctx.db, scope(ctx), String(args.id), withoutNulls(args.input)),
    }),
    deleteView: t.field({
      type: 'ID',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => deleteView(ctx.db, scope(ctx), String(args.id)),
    }),
  }));
}
