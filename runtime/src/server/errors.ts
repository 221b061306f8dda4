import { ErrorCode, isRelataError, stripSuggestions, withoutSuggestions } from '@relata/core';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorCode, isConnectionLoss } from '../db';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};
const OUR_CODES = new Set<string>(Object.values(ErrorCode));
const UNSTORABLE = 'A text value holds a character that cannot be stored (such as NUL, \\u0000); remove it.';
const UNREADABLE = 'A value in the request does not fit its field (e.g. a date out of range or a tampered cursor).';
const BAD_PATTERN = 'A like pattern ends with the escape character \\; write \\\\ for a literal backslash.';
/**
 * PostgreSQL data exceptions that only a client's value can cause, answered as BAD_USER_INPUT:
 * text holding NUL (22021), JSON holding \\u0000 (22P05), and values the database cannot read
 * as their column's type (22P02 text representation, 22007/22008 dates, 22003 numeric range),
 * e.g. a hand-made pagination cursor, and a like pattern ending in a lone backslash (22025).
 */
const CLIENT_DATA_ERRORS: Record<string, string> = {
  '22021': UNSTORABLE,
  '22P05': UNSTORABLE,
  '22P02': UNREADABLE,
  '22007': UNREADABLE,
  '22008': UNREADABLE,
  '22003': UNREADABLE,
  '22025': BAD_PATTERN,
};

/** PostgreSQL's SQLSTATE of a database error; a lost connection's code (EPIPE...) is not a client's fault. */
const sqlState = (error: unknown): string | undefined => (isConnectionLoss(error) ? undefined : errorCode(error));

/** The innermost cause: graphql-js wraps resolver errors, and variable coercion wraps scalar errors. */
function rootCause(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? rootCause(error.originalError) : error;
}

const asUserError = (error: GraphQLError): GraphQLError => {
  // No "did you mean" hints: they would reveal names a role's schema hides.
  const plain = withoutSuggestions(error);
  const code = plain.extensions.code;
  if (typeof code === 'string' && OUR_CODES.has(code)) return plain;
  return new GraphQLError(stripSuggestions(error.message), {
    nodes: plain.nodes,
    source: plain.source,
    positions: plain.positions,
    path: plain.path,
    extensions: { ...plain.extensions, code: ErrorCode.BAD_USER_INPUT },
  });
};

const tooDeepToParse = () =>
  new GraphQLError('The document nests too deeply to be read; simplify it.', {
    extensions: { code: ErrorCode.LIMIT_EXCEEDED },
  });

/**
 * Validation and parse errors never reach `maskError` (yoga answers them directly); this plugin
 * gives them the same codes: BAD_USER_INPUT, or the code a limit rule set (LIMIT_EXCEEDED).
 */
export const useErrorCodes = (): Plugin => ({
  onParse:
    () =>
    ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError) replaceParseResult(asUserError(result));
      // graphql-js parses recursively: thousands of nested `{ not: { ... } }` overflow the stack.
      else if (result instanceof RangeError) replaceParseResult(tooDeepToParse());
    },
  onValidate:
    () =>
    ({ valid, result, setResult }) => {
      if (valid) return;
      const errors = result.map((error: Error) => (error instanceof GraphQLError ? asUserError(error) : error));
      // A name the role may not filter, sort or group by is also unknown to graphql-js' own rules;
      // the refusal says FORBIDDEN alone, not that plus "not defined by type".
      const forbidden = errors.filter((e) => e instanceof GraphQLError && e.extensions.code === ErrorCode.FORBIDDEN);
      setResult(forbidden.length > 0 ? forbidden : errors);
    },
});

/**
 * yoga's `maskError`: a RelataError (thrown, or wrapped by graphql-js as `originalError`) keeps
 * its message and becomes `extensions.code` + details; graphql-js' own errors (parse, validation,
 * variable coercion) are the client's fault, so BAD_USER_INPUT unless they carry one of our codes;
 * anything else is logged and answered as INTERNAL without details.
 */
export function maskError(error: unknown): Error {
  const cause = rootCause(error);
  const relata = isRelataError(cause) ? cause : null;
  const located = error instanceof GraphQLError ? error : null;
  if (relata) {
    const status = HTTP_STATUS[relata.code];
    return new GraphQLError(relata.message, {
      nodes: located?.nodes,
      path: located?.path,
      extensions: { ...relata.toExtensions(), ...(status ? { http: { status } } : {}) },
    });
  }
  if (located && cause instanceof GraphQLError) {
    return asUserError(located);
  }
  const clientData = CLIENT_DATA_ERRORS[sqlState(cause) ?? ''];
  if (clientData) {
    return new GraphQLError(clientData, {
      nodes: located?.nodes,
      path: located?.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  if (sqlState(cause) === '57014') {
    return new GraphQLError('The request ran longer than a statement may; request less, or filter on indexed fields.', {
      nodes: located?.nodes,
      path: located?.path,
      extensions: { code: ErrorCode.LIMIT_EXCEEDED, reason: 'STATEMENT_TIMEOUT' },
    });
  }
  if (isConnectionLoss(cause)) {
    console.error('database connection lost while answering a GraphQL request:', (cause as Error).message);
    return new GraphQLError('The connection to the database was lost; retry the request.', {
      nodes: located?.nodes,
      path: located?.path,
      extensions: { code: ErrorCode.INTERNAL, reason: 'DATABASE_CONNECTION_LOST', http: { status: 503 } },
    });
  }
  console.error('unexpected error while answering a GraphQL request', error);
  return new GraphQLError('Internal error; the server logged the details.', {
    nodes: located?.nodes,
    path: located?.path,
    extensions: { code: ErrorCode.INTERNAL },
  });
}

/**
 * Answers a request refused outside GraphQL execution: GraphQL-shaped (`{ errors: [...] }`) on the
 * GraphQL endpoints, `{ error: { code, message, ... } }` on the REST routes under /auth.
 * A rate limit (LIMIT_EXCEEDED with `retryAfterSeconds`) answers 429 with `Retry-After`.
 */
export function sendError(res: Response, error: unknown, shape: 'graphql' | 'rest', status?: number): void {
  const masked = maskError(error);
  const extensions: Record<string, unknown> =
    masked instanceof GraphQLError ? { ...masked.extensions } : { code: ErrorCode.INTERNAL };
  const http = extensions.http as { status?: number } | undefined;
  delete extensions.http;
  const code = extensions.code;
  const retryAfter = code === ErrorCode.LIMIT_EXCEEDED ? extensions.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res
    .status(status ?? http?.status ?? (code === ErrorCode.INTERNAL ? 500 : typeof retryAfter === 'number' ? 429 : 400))
    .json(
      shape === 'graphql'
        ? { errors: [{ message: masked.message, extensions }] }
        : { error: { message: masked.message, ...extensions } },
    );
}
