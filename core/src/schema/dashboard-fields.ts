import type { ObjectRef } from '@pothos/core';
import { execute, type GraphQLSchema } from 'graphql';
import {
  createDashboardStore,
  type DashboardInfo,
  runWidget,
  runWidgetAnalysis,
  type ShownWidget,
  type WidgetPoint,
  type WidgetViewer,
} from '../dashboards';
import { forbidden } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { checkGroupCount } from '../query';
import { compileOperation } from './compile-operation';
import type { DataBuilder, DataTypes } from './data-builder';
import { checkDataOperation } from './data-operation';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions } from './root-context';

/** The viewer of a widget as `ctx` on `schema`: its rights and its schema's checks and compiler. */
export function widgetViewer(
  schema: GraphQLSchema,
  ctx: DataRequestContext,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
): WidgetViewer {
  return {
    snapshot,
    permissions,
    actorId: ctx.actor.id,
    db: ctx.db,
    async aggregate(document, operationName, variables) {
      checkDataOperation(schema, document, operationName, variables);
      const [field] = compileOperation(schema, document, operationName, variables, ctx) ?? [];
      if (field) {
        const { rows } = await ctx.db.query<{ json: string }>(field.query.text, field.query.params);
        if (field.query.maxRows !== undefined) checkGroupCount(rows.length, field.query.maxRows);
        return rows.map((r) => JSON.parse(r.json) as Record<string, unknown>);
      }
      // Date buckets come out of graphql-js' serializer (not the compiled JSON): the normal path.
      const result = await execute({ schema, document, operationName, variableValues: variables, contextValue: ctx });
      const [error] = result.errors ?? [];
      if (error) throw error.originalError ?? error;
      return (Object.values(result.data ?? {})[0] ?? []) as Record<string, unknown>[];
    },
  };
}

/**
 * `dashboards` and `dashboard(id)` of the data schema: each widget's data is one aggregate query
 * of the viewer's own schema (their record scope and field rights; a widget naming what they
 * cannot read is RESTRICTED and has no data). `widgets(segment)` narrows those over its object.
 */
export function addDashboardFields(builder: DataBuilder, env: RootFieldEnv) {
  const State = builder.enumType('DashboardWidgetState', { values: ['OK', 'RESTRICTED', 'BROKEN'] as const });
  const Point = builder.objectRef<WidgetPoint>('WidgetPoint').implement({
    fields: (t) => ({
      key: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.key }),
      label: t.exposeString('label'),
      value: t.float({ nullable: true, resolve: (p) => p.value }),
      conversion: t.float({
        nullable: true,
        description: 'FUNNEL: this step over the previous one (0..1); null for the first step.',
        resolve: (p) => p.conversion,
      }),
      previous: t.float({
        nullable: true,
        description: 'NUMBER with a comparison: the value over the previous period of the same length.',
        resolve: (p) => p.previous ?? null,
      }),
    }),
  });
  const Widget = builder.objectRef<ShownWidget & { segment: string | null }>('DashboardWidget').implement({
    fields: (t) => ({
      id: t.exposeString('id'),
      title: t.exposeString('title'),
      kind: t.exposeString('kind'),
      layout: t.field({ type: 'JSON', resolve: (w) => w.layout }),
      state: t.field({ type: State, resolve: (w) => w.state }),
      problem: t.exposeString('problem', { nullable: true }),
      definition: t.field({ type: 'JSON', nullable: true, resolve: (w) => w.definition }),
      points: t.field({
        type: [Point],
        nullable: true,
        description: 'Computed now for you, one statement; null unless state is OK.',
        resolve: (w, _args, ctx, info) =>
          runWidget(widgetViewer(info.schema, ctx, env.snapshot, requestPermissions(env, ctx)), w, w.segment),
      }),
      analysis: t.field({
        type: 'JSON',
        nullable: true,
        description:
          'HISTORY_FUNNEL, COHORT, BASKET, FORECAST: their numbers, computed now for you in one statement; null otherwise or unless OK.',
        resolve: (w, _args, ctx, info) =>
          runWidgetAnalysis(widgetViewer(info.schema, ctx, env.snapshot, requestPermissions(env, ctx)), w, w.segment),
      }),
    }),
  });
  const Dashboard = builder.objectRef<DashboardInfo>('Dashboard').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      personal: t.exposeBoolean('personal', { description: 'Yours alone; otherwise shared by an admin.' }),
      widgets: t.field({
        type: [Widget],
        args: {
          segment: t.arg.id({ description: 'Only the members of this segment, in the widgets over its object.' }),
        },
        resolve: (d, args) => d.widgets.map((w) => ({ ...w, segment: args.segment ? String(args.segment) : null })),
      }),
    }),
  });
  const store = (ctx: DataRequestContext) => createDashboardStore(ctx.db);
  builder.queryFields((t) => ({
    dashboards: t.field({
      type: [Dashboard],
      description: 'The shared dashboards and your personal ones.',
      resolve: (_root, _args, ctx) => store(ctx).list(env.snapshot, requestPermissions(env, ctx), ctx.actor.id),
    }),
    dashboard: t.field({
      type: Dashboard,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) =>
        store(ctx).get(env.snapshot, requestPermissions(env, ctx), String(args.id), ctx.actor.id),
    }),
  }));
  addPersonalDashboardMutations(builder, env, Dashboard);
}

/**
 * `createMyDashboard`, `updateMyDashboard`, `deleteMyDashboard`: any user's personal dashboards,
 * whose widgets may name only what the user reads (checked with their rights on save).
 */
function addPersonalDashboardMutations(
  builder: DataBuilder,
  env: RootFieldEnv,
  Dashboard: ObjectRef<DataTypes, DashboardInfo>,
) {
  const owner = (ctx: DataRequestContext) => {
    if (!ctx.actor.id) throw forbidden('Only a signed-in user or an API key has personal dashboards.');
    return { id: ctx.actor.id, permissions: requestPermissions(env, ctx) };
  };
  const store = (ctx: DataRequestContext) => createDashboardStore(ctx.db);
  builder.mutationFields((t) => ({
    createMyDashboard: t.field({
      type: Dashboard,
      args: { input: t.arg({ type: 'JSON', required: true }) },
      resolve: (_root, args, ctx) => store(ctx).create(env.snapshot, args.input, ctx.actor, owner(ctx)),
    }),
    updateMyDashboard: t.field({
      type: Dashboard,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: 'JSON', required: true }) },
      resolve: (_root, args, ctx) =>
        store(ctx).update(env.snapshot, String(args.id), args.input, ctx.actor, owner(ctx)),
    }),
    deleteMyDashboard: t.field({
      type: Dashboard,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => store(ctx).delete(env.snapshot, String(args.id), owner(ctx)),
    }),
  }));
}
