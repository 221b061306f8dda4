import type { GraphQLResolveInfo } from 'graphql';
import type { ResultRow } from './data-builder';

/**
 * Resolver of every non-root field: the compiled SQL already produced the value under the
 * field's response key, so a field only reads it. The result is typed `never` because each
 * field's shape is whatever its Pothos type says; the compiler guarantees it.
 */
export function readAlias(parent: ResultRow, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo): never {
  return parent[info.path.key] as never;
}
