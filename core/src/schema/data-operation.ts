import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  specifiedRules,
  validate,
} from 'graphql';
import { ErrorCode, RelataError } from '../errors';
import { compileOperation } from './compile-operation';
import type { DataRequestContext } from './request-context';
import { dataValidationRules } from './request-limits';

// A query the server builds itself (exports, plugins' ctx.records) goes the way a client's
// compiled read does: the same checks, the same compiler, the same rights.

/**
 * Compiles a checked one-field operation under `ctx`'s rights and runs it: the JSON value of its
 * root field, as the data API would answer it.
 */
export async function runDataOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string,
  variables: Record<string, unknown>,
  ctx: DataRequestContext,
): Promise<unknown> {
  const [field] = compileOperation(schema, document, operationName, variables, ctx) ?? [];
  if (!field) throw new RelataError(ErrorCode.INTERNAL, `The ${operationName} query did not compile.`);
  const { rows } = await ctx.db.query<{ json: string }>(field.query.text, field.query.params);
  return JSON.parse(rows[0]?.json ?? 'null');
}

/**
 * Runs graphql-js' checks and the data API's limits on a server-built query, as `/graphql` would.
 * @throws the RelataError `/graphql` answers the first error with (code and field kept)
 */
export function checkDataOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string,
  variables: Record<string, unknown>,
): void {
  const errors = [
    ...validate(schema, document, specifiedRules),
    ...validate(schema, document, dataValidationRules({}, variables)),
  ];
  const operation = getOperationAST(document, operationName);
  if (errors.length === 0 && operation) {
    errors.push(...(getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors ?? []));
  }
  const [first] = errors;
  if (first) throw relataErrorOf(first);
}

/** A GraphQL validation error as the RelataError the data API answers with, code and field kept. */
function relataErrorOf(error: GraphQLError): RelataError {
  const { code, ...details } = error.extensions as { code?: string; [key: string]: unknown };
  const known = Object.values(ErrorCode).find((it) => it === code);
  return new RelataError(known ?? ErrorCode.BAD_USER_INPUT, error.message, details);
}
