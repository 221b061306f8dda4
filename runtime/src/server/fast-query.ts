import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { dataRequestContext } from './data-context';
import { type OperationRequest, operationPlan } from './operation-plans';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

/** Accept headers for which the fast path's plain JSON answer is what yoga would send too. */
const plainJson = (accept: string | undefined) =>
  !accept || accept.split(',').every((t) => /^\s*(application\/json|\*\/\*)\s*(;.*)?$/.test(t));

const isJsonBody = (req: Request) => /^application\/json\s*(;.*)?$/i.test(req.headers['content-type'] ?? '');

/** The body as text; `limitBodySize` already bounded it by its Content-Length. */
function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** Compiled reads run as one statement each and are not cancelled midway. */
const NEVER_ABORTED = new AbortController().signal;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The GraphQL-over-HTTP params of a JSON body, or null for anything else (yoga then answers it). */
function operationRequest(body: string): OperationRequest | null {
  let params: unknown;
  try {
    params = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isObject(params) || typeof params.query !== 'string') return null;
  const { query, operationName, variables } = params;
  if (operationName != null && typeof operationName !== 'string') return null;
  if (variables != null && !isObject(variables)) return null;
  return { query, operationName: operationName ?? null, variables: variables ?? {} };
}

/**
 * Answers a read-only query whose every root field compiles to one JSON value (`compileOperation`)
 * before yoga sees the request: the plan is cached per (schema, actor, operation, variables) and
 * the database's JSON text is the response, without graphql-js parsing, validating or executing
 * anything, and without the rows being parsed and re-serialized. Everything else (mutations,
 * subscriptions, introspection, GET, invalid documents, any error) goes on to yoga with the body
 * already read, so errors keep their codes and format.
 */
export function fastQuery(services: RuntimeServices): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !isJsonBody(req) || !plainJson(req.headers.accept)) return next();
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      return next(error);
    }
    // yoga takes an already-read body from `req.body` (a string is used as is).
    req.body = body;
    const request = operationRequest(body);
    if (!request) return next();
    try {
      const { schema } = await workspaceOfRequest(req, services);
      const ctx = await dataRequestContext(req, NEVER_ABORTED, services);
      const plan = operationPlan(schema, request, ctx);
      if (!plan) return next();
      const values = await Promise.all(
        plan.fields.map(async (field) => {
          const { rows } = await services.db.queryPrepared<{ json: string | null }>(field.statement, field.params);
          const json = field.list ? `[${rows.map((r) => r.json).join(',')}]` : (rows[0]?.json ?? 'null');
          return `${JSON.stringify(field.key)}:${json}`;
        }),
      );
      const response = `{"data":{${values.join(',')}}}`;
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(response));
      res.end(response);
    } catch {
      // The normal path runs the same operation again and reports the error in its own format.
      next();
    }
  };
}
