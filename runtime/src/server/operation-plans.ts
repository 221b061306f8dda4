import { compileOperation, type DataRequestContext, dataValidationRules } from '@relata/core';
import { type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { type PreparedStatement, prepareStatement } from '../db';
import { PARSE_OPTIONS } from './document-limits';

/** Plans kept per schema; a schema is one (workspace, metadata version, role), so old ones go with it. */
const PLANS_PER_SCHEMA = 500;

/** A read-only request in its final form: the statements whose JSON text is the whole response. */
export interface OperationPlan {
  fields: PlannedRootField[];
}

/** One root field: its response key, its statement (rows of one `json` text column) and params. */
export interface PlannedRootField {
  key: string;
  statement: PreparedStatement;
  params: readonly unknown[];
  /** The value is the array of every row's `json`; otherwise the first row's (`null` without one). */
  list: boolean;
}

/** What identifies a request's plan within one schema. */
export interface OperationRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown>;
}

/** By schema, then by request key: the plan, or null when the request must go through graphql-js. */
const plans = new WeakMap<GraphQLSchema, Map<string, OperationPlan | null>>();

function plan(schema: GraphQLSchema, request: OperationRequest, ctx: DataRequestContext): OperationPlan | null {
  try {
    const document = parse(request.query, PARSE_OPTIONS);
    // Limits are costed with the variables (page sizes multiply), so they are part of the key.
    const rules = [...specifiedRules, ...dataValidationRules({}, request.variables)];
    if (validate(schema, document, rules).length > 0) return null;
    const fields = compileOperation(schema, document, request.operationName, request.variables, ctx);
    if (!fields) return null;
    return {
      fields: fields.map((f) => ({
        key: f.key,
        statement: prepareStatement(f.query.text),
        params: f.query.params,
        list: f.list,
      })),
    };
  } catch {
    // Syntax errors, limits and rights: graphql-js runs the request and reports them in its format.
    return null;
  }
}

/**
 * The compiled statements of `request`, built once per (schema, actor, operation, variables) and
 * reused, so a repeated query costs no parsing, validation or SQL compilation. The actor is part
 * of the key only when the role's record scopes bind it into the SQL (the admin's never do).
 */
export function operationPlan(
  schema: GraphQLSchema,
  request: OperationRequest,
  ctx: DataRequestContext,
): OperationPlan | null {
  let cache = plans.get(schema);
  if (!cache) {
    cache = new Map();
    plans.set(schema, cache);
  }
  const actor = ctx.permissions?.unrestricted ? '' : `${ctx.actor.kind}:${ctx.actor.id ?? ''}`;
  const key = `${actor}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(request.variables)}\u0000${request.query}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-inserted to keep the Map's order least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const built = plan(schema, request, ctx);
  cache.set(key, built);
  if (cache.size > PLANS_PER_SCHEMA) cache.delete(cache.keys().next().value ?? '');
  return built;
}
