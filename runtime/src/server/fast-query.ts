import { compileOperation, dataValidationRules } from '@relata/core';
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { dataRequestContext, type ServerContext } from './data-context';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

const CACHE_SIZE = 500;

/** Per schema, the query strings seen lately: their document when it parses and passes the standard rules. */
const documents = new WeakMap<GraphQLSchema, Map<string, DocumentNode | null>>();

function standardDocument(schema: GraphQLSchema, query: string): DocumentNode | null {
  let cache = documents.get(schema);
  if (!cache) {
    cache = new Map();
    documents.set(schema, cache);
  }
  const hit = cache.get(query);
  if (hit !== undefined) {
    // Re-inserted to keep the Map's order least recently used first.
    cache.delete(query);
    cache.set(query, hit);
    return hit;
  }
  let document: DocumentNode | null = null;
  try {
    const parsed = parse(query);
    document = validate(schema, parsed, specifiedRules).length === 0 ? parsed : null;
  } catch {
    document = null;
  }
  cache.set(query, document);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
  return document;
}

/** Accept headers the fast path's plain JSON answer is what yoga would send too. */
const plainJson = (accept: string | null) =>
  !accept || accept.split(',').every((t) => /^\s*(application\/json|\*\/\*)\s*(;.*)?$/.test(t));

/**
 * Answers a read-only query whose every root field the compiler turns into one JSON value
 * (`compileOperation`) straight from the database's JSON text, without graphql-js executing a
 * resolver per field or the rows being parsed and re-serialized. Anything else (mutations,
 * subscriptions, introspection, invalid documents, any error) goes the normal way, so errors
 * keep their codes and format.
 */
export function useFastQuery(services: RuntimeServices): Plugin<Record<string, unknown>, ServerContext> {
  return {
    async onParams({ params, request, setResult, context }) {
      if (!params.query || !plainJson(request.headers.get('accept'))) return;
      try {
        const { schema } = await workspaceOfRequest(context.req, services);
        const document = standardDocument(schema, params.query);
        const variables = params.variables ?? {};
        if (!document || validate(schema, document, dataValidationRules({}, variables)).length > 0) return;
        const ctx = await dataRequestContext(context.req, request.signal, services);
        const fields = compileOperation(schema, document, params.operationName, variables, ctx);
        if (!fields) return;
        const values = await Promise.all(
          fields.map(async (field) => {
            const { rows } = await services.db.query<{ json: string | null }>(field.query.text, field.query.params);
            const json = field.list ? `[${rows.map((r) => r.json).join(',')}]` : (rows[0]?.json ?? 'null');
            return `${JSON.stringify(field.key)}:${json}`;
          }),
        );
        const body = `{"data":{${values.join(',')}}}`;
        // yoga serializes a result with its own `stringify` (same content type, status and headers).
        const result: ExecutionResult & { stringify: () => string } = { data: {}, stringify: () => body };
        setResult(result);
      } catch {
        // The normal path runs the same operation again and reports the error in its own format.
      }
    },
  };
}
