import { createRoleService, type RoleService } from '../roles';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';
import type { defineRoleTypes } from './role-types';

const DRY_RUN = 'true: validate and answer as if applied, then roll back.';

const roles = (ctx: MetadataRequestContext): RoleService => ctx.roles ?? createRoleService({ db: ctx.db });

/** `roles` / `role(name)` and the role mutations of `/metadata` (admins only, as the whole endpoint). */
export function addRoleFields(builder: MetadataBuilder, types: ReturnType<typeof defineRoleTypes>) {
  const { RoleRef, RoleChangeRef } = types;
  builder.queryFields((t) => ({
    roles: t.field({ type: [RoleRef], resolve: (_root, _args, ctx) => roles(ctx).listRoles(ctx.workspaceId) }),
    role: t.field({
      type: RoleRef,
      nullable: true,
      args: { name: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) =>
        (await roles(ctx).listRoles(ctx.workspaceId)).find((r) => r.name === args.name) ?? null,
    }),
  }));
  builder.mutationFields((t) => ({
    createRole: t.field({
      type: RoleChangeRef,
      args: {
        input: t.arg({ type: types.CreateRoleInput, required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        roles(ctx).createRole(ctx.workspaceId, { ...args.input }, { dryRun: args.dryRun ?? false }),
    }),
    updateRole: t.field({
      type: RoleChangeRef,
      args: {
        name: t.arg.string({ required: true }),
        input: t.arg({ type: types.UpdateRoleInput, required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        roles(ctx).updateRole(ctx.workspaceId, args.name, { ...args.input }, { dryRun: args.dryRun ?? false }),
    }),
    deleteRole: t.field({
      type: RoleChangeRef,
      args: { name: t.arg.string({ required: true }), dryRun: t.arg.boolean({ description: DRY_RUN }) },
      resolve: (_root, args, ctx) =>
        roles(ctx).deleteRole(ctx.workspaceId, args.name, { dryRun: args.dryRun ?? false }),
    }),
    setObjectPermission: t.field({
      type: RoleChangeRef,
      args: {
        role: t.arg.string({ required: true }),
        object: t.arg.string({ required: true }),
        input: t.arg({ type: types.ObjectPermissionInput, required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        roles(ctx).setObjectPermission(ctx.workspaceId, args.role, args.object, withoutNulls(args.input), {
          dryRun: args.dryRun ?? false,
        }),
    }),
    setFieldPermission: t.field({
      type: RoleChangeRef,
      args: {
        role: t.arg.string({ required: true }),
        object: t.arg.string({ required: true }),
        field: t.arg.string({ required: true }),
        canRead: t.arg.boolean({ required: true }),
        canWrite: t.arg.boolean({ required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        roles(ctx).setFieldPermission(
          ctx.workspaceId,
          args.role,
          args.object,
          args.field,
          { canRead: args.canRead, canWrite: args.canWrite },
          { dryRun: args.dryRun ?? false },
        ),
    }),
  }));
}

/** GraphQL gives explicit nulls for omitted-but-nullable input fields only when sent; treat null as "keep". */
function withoutNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== null || key === 'recordCondition'),
  );
}
