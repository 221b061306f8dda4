import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { checkDataOperation, type DataRequestContext, rootFieldNames, runDataOperation, typeNames } from '../schema';
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
