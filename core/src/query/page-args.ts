import { badInput, limitExceeded } from '../errors';
import type { QueryLimits } from './compile-context';

/** Connection arguments as GraphQL coerced them. */
export interface PageArgs {
  filter?: Record<string, unknown> | null;
  orderBy?: unknown;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Page size and direction: `last` reads the order backwards. */
export function pageSize(args: PageArgs, limits: QueryLimits): { size: number; backward: boolean } {
  if (args.first != null && args.last != null) {
    throw badInput('last', 'Give either first or last, not both.');
  }
  const backward = args.last != null;
  const requested = args.first ?? args.last ?? limits.defaultPageSize;
  const name = backward ? 'last' : 'first';
  if (requested < 0) throw badInput(name, `${name} must be zero or more.`);
  if (requested > limits.maxPageSize) {
    throw limitExceeded(
      `${name} asks for more records than one page may hold; request smaller pages and follow the cursors.`,
    );
  }
  return { size: requested, backward };
}
