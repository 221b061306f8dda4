import type { ObjectRef } from '@pothos/core';
import {
  createDashboardStore,
  type DashboardInfo,
  runWidgetAnalysis,
  runWidgets,
  type ShownWidget,
  type WidgetPoint,
  type WidgetResult,
  type WidgetViewer,
} from '../dashboards';
import { forbidden } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import type { DataBuilder, DataTypes } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestPermissions } from './root-context';

/** The viewer of a widget as `ctx`: its rights, its record scope's actor and its database. */
export function widgetViewer(
  ctx: DataRequestContext,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
): WidgetViewer {
  return { snapshot, permissions, actorId: ctx.actor.id, db: ctx.db };
}

/**
 * `dashboards` and `dashboard(id)` of the data schema: the widgets' data is computed as the viewer
 * (their record scope and field rights; a widget naming what they cannot read is RESTRICTED and
 * has no data), the aggregate widgets of one `widgets` list in ONE statement, run when the first
 * of them asks for its points. `widgets(segment)` narrows those over its object.
 */
/** A widget of a `widgets` list: the list's segment, and its one statement, shared by the list's widgets. */
type ListedWidget = ShownWidget & {
  segment: string | null;
  batch(viewer: WidgetViewer): Promise<Map<string, WidgetResult>>;
};

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
  const Widget = builder.objectRef<ListedWidget>('DashboardWidget').implement({
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
        description: "Computed now for you, in one statement with the list's other widgets; null unless state is OK.",
        resolve: async (w, _args, ctx) => {
          const result = (await w.batch(widgetViewer(ctx, env.snapshot, requestPermissions(env, ctx)))).get(w.id);
          if (result && 'error' in result) throw result.error;
          return result?.points ?? null;
        },
      }),
      analysis: t.field({
        type: 'JSON',
        nullable: true,
        description:
          'HISTORY_FUNNEL, COHORT, BASKET, FORECAST: their numbers, computed now for you in one statement; null otherwise or unless OK.',
        resolve: (w, _args, ctx) =>
          runWidgetAnalysis(widgetViewer(ctx, env.snapshot, requestPermissions(env, ctx)), w, w.segment),
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
        resolve: (d, args) => {
          const segment = args.segment ? String(args.segment) : null;
          let answered: Promise<Map<string, WidgetResult>> | null = null;
          const batch = (viewer: WidgetViewer) => {
            answered ??= runWidgets(viewer, d.widgets, segment);
            return answered;
          };
          return d.widgets.map((w) => ({ ...w, segment, batch }));
        },
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
