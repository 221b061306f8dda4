import type { GraphQLResolveInfo } from 'graphql';
import type { WorkspaceSnapshot } from '../metadata';
import type { CompiledQuery, QueryLimits, RootInput } from '../query';
import type { ObjectRefs } from './object-refs';
import type { DataRequestContext } from './request-context';

/** What every root field generator needs: the snapshot the schema was built from, limits, refs. */
export interface RootFieldEnv {
  snapshot: WorkspaceSnapshot;
  limits: QueryLimits;
  refs: Map<string, ObjectRefs>;
}

export const rootInput = (env: RootFieldEnv, info: GraphQLResolveInfo): RootInput => ({
  snapshot: env.snapshot,
  info,
  limits: env.limits,
});

/** Runs one compiled statement on the request's database. */
export async function run<Row>(ctx: DataRequestContext, query: CompiledQuery): Promise<Row[]> {
  const { rows } = await ctx.db.query<Row>(query.text, query.params);
  return rows;
}
