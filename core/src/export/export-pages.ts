import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { ErrorCode, RelataError } from '../errors';
import { compileOperation, type DataRequestContext, dataValidationRules, rootFieldNames, typeNames } from '../schema';
import { type Cell, toCell, valueAt } from './export-cells';
import type { ExportShape } from './export-columns';
import type { ExportRequest } from './export-request';

/** Records read per statement: the data API's largest page. */
export const EXPORT_PAGE_SIZE = 500;

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: unknown[];
}

/**
 * The rows of an export, a page at a time: the same list query a client could send, checked by
 * the same rules and compiled by the same compiler under the reader's rights (scope, hidden
 * fields, limits), paged by cursor so 100k records stream in bounded memory.
 * @throws the errors the data API answers the same query with (BAD_USER_INPUT, FORBIDDEN, ...)
 */
export async function* exportRows(
  schema: GraphQLSchema,
  shape: ExportShape,
  request: ExportRequest,
  ctx: DataRequestContext,
): AsyncGenerator<Cell[][]> {
  const document = exportDocument(shape, request.deleted ?? false);
  const variables: Record<string, unknown> = { filter: request.filter ?? null, orderBy: request.orderBy ?? null };
  checkDataOperation(schema, document, 'Export', variables);
  for (;;) {
    const page = (await runDataOperation(schema, document, 'Export', variables, ctx)) as Page | null;
    if (!page) return;
    yield page.nodes.map((node) => shape.columns.map((column) => cellOf(node, column.path, column.parts)));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    variables.after = page.pageInfo.endCursor;
  }
}

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

function cellOf(node: unknown, path: readonly string[], parts: readonly string[] | undefined): Cell {
  const value = valueAt(node, path);
  if (!parts || value === null) return toCell(value);
  return toCell(
    parts
      .map((part) => valueAt(value, [part]))
      .filter((it) => it !== null && it !== '')
      .join(' '),
  );
}

function exportDocument(shape: ExportShape, deleted: boolean): DocumentNode {
  const types = typeNames(shape.object);
  const list = rootFieldNames(shape.object).list;
  const args = `filter: $filter, orderBy: $orderBy, first: ${EXPORT_PAGE_SIZE}, after: $after${deleted ? ', deleted: true' : ''}`;
  return parse(
    `query Export($filter: ${types.filter}, $orderBy: [${types.orderBy}!], $after: String) {
      ${list}(${args}) { pageInfo { hasNextPage endCursor } nodes { ${shape.selection} } }
    }`,
  );
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

/** A GraphQL validation error as the RelataError the export answers with, code and field kept. */
function relataErrorOf(error: GraphQLError): RelataError {
  const { code, ...details } = error.extensions as { code?: string; [key: string]: unknown };
  const known = Object.values(ErrorCode).find((it) => it === code);
  return new RelataError(known ?? ErrorCode.BAD_USER_INPUT, error.message, details);
}
