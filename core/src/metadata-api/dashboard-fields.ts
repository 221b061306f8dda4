import { createDashboardStore, type DashboardInfo } from '../dashboards';
import { UNRESTRICTED } from '../permissions';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const store = (ctx: MetadataRequestContext) => createDashboardStore(ctx.db);
const snapshot = (ctx: MetadataRequestContext) => loadSnapshot(ctx.db, ctx.workspaceId);

/**
 * `dashboards`, `createDashboard`, `updateDashboard`, `deleteDashboard` of `/metadata` (admins):
 * shared dashboards whose widgets name objects and fields (stored by id). Their data is read on
 * /graphql, computed for each viewer.
 */
export function addDashboardFields(builder: MetadataBuilder) {
  const DashboardRef = builder.objectRef<DashboardInfo>('Dashboard').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      widgets: t.field({
        type: 'JSON',
        description: 'Each widget: id, title, kind, layout, state, problem and its definition with today’s names.',
        resolve: (d) => d.widgets,
      }),
    }),
  });
  const createInput = builder.inputType('CreateDashboardInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      label: t.string({ required: true }),
      description: t.string(),
      widgets: t.field({ type: 'JSON', description: 'A list of widgets (see the studio’s dashboard builder).' }),
    }),
  });
  const updateInput = builder.inputType('UpdateDashboardInput', {
    fields: (t) => ({
      label: t.string(),
      description: t.string(),
      widgets: t.field({ type: 'JSON' }),
    }),
  });
  // GraphQL leaves absent input fields undefined; zod then sees only what was given.
  const given = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  builder.queryFields((t) => ({
    dashboards: t.field({
      type: [DashboardRef],
      resolve: async (_root, _args, ctx) => store(ctx).list(await snapshot(ctx), UNRESTRICTED),
    }),
  }));
  builder.mutationFields((t) => ({
    createDashboard: t.field({
      type: DashboardRef,
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).create(await snapshot(ctx), given(args.input), ctx.actor),
    }),
    updateDashboard: t.field({
      type: DashboardRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updateInput, required: true }) },
      resolve: async (_root, args, ctx) =>
        store(ctx).update(await snapshot(ctx), String(args.id), given(args.input), ctx.actor),
    }),
    deleteDashboard: t.field({
      type: DashboardRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).delete(await snapshot(ctx), String(args.id)),
    }),
  }));
}
