import { compileOperation, type DataRequestContext, dataValidationRules } from '@relata/core';
import { type DocumentNode, type GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { type PreparedStatement, prepareStatement } from '../db';
import { PARSE_OPTIONS } from './document-limits';

/** Documents and plans kept per schema; a schema is one (workspace, metadata version, role), so old ones go with it. */
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
  /** A grouped aggregate's cap: one row more means too many groups, refused like the resolver does. */
  maxRows: number | null;
}

/** What identifies a request's plan within one schema. */
export interface OperationRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown>;
}

/** Keeps at most PLANS_PER_SCHEMA entries, least recently used first out. */
class LruMap<V> {
  private readonly entries = new Map<string, V>();

  get(key: string, build: () => V): V {
    if (this.entries.has(key)) {
      const hit = this.entries.get(key) as V;
      // Re-inserted to keep the Map's order least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const built = build();
    this.entries.set(key, built);
    if (this.entries.size > PLANS_PER_SCHEMA) this.entries.delete(this.entries.keys().next().value ?? '');
    return built;
  }
}

interface SchemaCaches {
  /** By operation name and query text: the parsed document when it is a valid read-only query. */
  documents: LruMap<DocumentNode | null>;
  /** By actor, operation, variables and query text: the plan, or null for graphql-js to run it. */
  plans: LruMap<OperationPlan | null>;
}

const caches = new WeakMap<GraphQLSchema, SchemaCaches>();

/**
 * The document of a read-only query, parsed and checked by graphql-js' own rules once per query
 * text; null for anything else (mutations and subscriptions included), so a write with fresh
 * variables each time costs one map lookup here, not a parse and a validation.
 */
function queryDocument(schema: GraphQLSchema, query: string, operationName: string | null): DocumentNode | null {
  try {
    const document = parse(query, PARSE_OPTIONS);
    if (getOperationAST(document, operationName)?.operation !== 'query') return null;
    return validate(schema, document, specifiedRules).length === 0 ? document : null;
  } catch {
    return null;
  }
}

function plan(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: OperationRequest,
  ctx: DataRequestContext,
): OperationPlan | null {
  try {
    // Limits are costed with the variables (page sizes multiply), so they are part of the key.
    if (validate(schema, document, dataValidationRules({}, request.variables)).length > 0) return null;
    const fields = compileOperation(schema, document, request.operationName, request.variables, ctx);
    if (!fields) return null;
    return {
      fields: fields.map((f) => ({
        key: f.key,
        statement: prepareStatement(f.query.text),
        params: f.query.params,
        list: f.list,
        maxRows: f.query.maxRows ?? null,
      })),
    };
  } catch {
    // Limits and rights: graphql-js runs the request and reports them in its format.
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
  let cache = caches.get(schema);
  if (!cache) {
    cache = { documents: new LruMap(), plans: new LruMap() };
    caches.set(schema, cache);
  }
  const { query, operationName, variables } = request;
  const document = cache.documents.get(`${operationName ?? ''}\u0000${query}`, () =>
    queryDocument(schema, query, operationName),
  );
  if (!document) return null;
  const actor = ctx.permissions?.unrestricted ? '' : `${ctx.actor.kind}:${ctx.actor.id ?? ''}`;
  const key = `${actor}\u0000${operationName ?? ''}\u0000${JSON.stringify(variables)}\u0000${query}`;
  return cache.plans.get(key, () => plan(schema, document, request, ctx));
}
