import type { GraphQLResolveInfo } from 'graphql';
import { forbidden } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { ADMIN_ROLE, type RolePermissions, UNRESTRICTED } from '../permissions';
import type { CompileAccess, CompiledQuery, QueryLimits, RootInput } from '../query';
import type { ObjectRefs } from './object-refs';
import type { DataRequestContext } from './request-context';

/** What every root field generator needs: the snapshot the schema was built from, limits, refs. */
export interface RootFieldEnv {
  snapshot: WorkspaceSnapshot;
  limits: QueryLimits;
  refs: Map<string, ObjectRefs>;
  /** The role the schema was built for; null for the admin's full schema. */
  permissions: RolePermissions | null;
}

/**
 * The rights a request's SQL applies: the context's own (`ctx.permissions`) or the role the
 * schema was built for. A schema of one role never serves an actor of another, and a
 * non-admin actor without loaded rights is refused rather than given the full schema's.
 */
export function requestPermissions(env: RootFieldEnv, ctx: DataRequestContext): RolePermissions {
  if (ctx.permissions) return ctx.permissions;
  const admin = ctx.actor.kind === 'system' || ctx.actor.role === ADMIN_ROLE;
  if (env.permissions) {
    if (env.permissions.role === ctx.actor.role || (admin && env.permissions.unrestricted)) return env.permissions;
    throw forbidden(`This request acts as role ${ctx.actor.role} but reached another role's schema; retry it.`);
  }
  if (admin) return UNRESTRICTED;
  throw forbidden(`The rights of role ${ctx.actor.role} are not loaded; the server must build its schema per role.`);
}

export const requestAccess = (env: RootFieldEnv, ctx: DataRequestContext): CompileAccess => ({
  permissions: requestPermissions(env, ctx),
  actorId: ctx.actor.id,
});

export const rootInput = (env: RootFieldEnv, info: GraphQLResolveInfo, ctx: DataRequestContext): RootInput => ({
  snapshot: env.snapshot,
  info,
  limits: env.limits,
  access: requestAccess(env, ctx),
});

/** Runs one compiled statement on the request's database. */
export async function run<Row>(ctx: DataRequestContext, query: CompiledQuery): Promise<Row[]> {
  const { rows } = await ctx.db.query<Row>(query.text, query.params);
  return rows;
}
