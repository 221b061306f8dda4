import {
  checkDataOperation,
  type DataRequestContext,
  exportShape,
  type FilterInput,
  rootFieldNames,
  runDataOperation,
  typeNames,
} from '@relata/core';
import { parse } from 'graphql';
import { notShown, type PortalView, type ShownObject } from './portal-view';

/** Cases one list answers at most (a contact's own requests; the portal does not page them). */
export const MAX_PORTAL_CASES = 200;

/** A case as the portal shows it: its portal-visible fields by API name, and its title and status. */
export interface PortalCase {
  object: string;
  id: string;
  title: string | null;
  status: unknown;
  values: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The context the data API's compiler runs the portal user's reads with (their role, their record as actor). */
function readContext(view: PortalView): DataRequestContext {
  const { deps, workspace, snapshot, permissions, viewer } = view;
  return {
    workspace: { id: workspace.id, slug: workspace.slug, schemaName: workspace.schemaName },
    snapshot,
    actor: { kind: 'portal', id: viewer.recordId, role: permissions.role },
    via: 'api',
    db: deps.db,
    records: deps.records,
    events: deps.events,
    permissions,
  };
}

/**
 * Reads `shown`'s records matching `filter` AND linked to the viewer through the configured
 * contact relation, newest first (ids are uuid v7), as a `/graphql` query of the portal user's
 * own schema: the portal rights' record condition and field visibility are compiled into its SQL,
 * so this adds a narrowing, never a widening.
 */
async function readCases(view: PortalView, shown: ShownObject, filter: FilterInput | null, first: number) {
  const { object, config, fields } = shown;
  const own: FilterInput = { [`${config.contactField}Id`]: { eq: view.viewer.recordId } };
  const where = filter ? { and: [own, filter] } : own;
  const shape = exportShape(
    view.schema,
    view.snapshot,
    object.nameSingular,
    ['id', ...fields.map((f) => f.name)],
    'names',
  );
  const types = typeNames(object);
  const document = parse(
    `query PortalCases($filter: ${types.filter}, $first: Int) {
       ${rootFieldNames(object).list}(filter: $filter, orderBy: [{ id: DescNullsLast }], first: $first) {
         nodes { ${shape.selection} } } }`,
  );
  const variables = { filter: where, first };
  checkDataOperation(view.schema, document, 'PortalCases', variables);
  const page = (await runDataOperation(view.schema, document, 'PortalCases', variables, readContext(view))) as {
    nodes: Record<string, unknown>[];
  } | null;
  return (page?.nodes ?? []).map(
    (node): PortalCase => ({
      object: object.nameSingular,
      id: String(node.id),
      title: shown.titleField ? ((node[shown.titleField] as string | null) ?? null) : null,
      status: config.statusField ? (node[config.statusField] ?? null) : null,
      values: node,
    }),
  );
}

/** The viewer's cases of every configured object, newest first. */
export async function listPortalCases(view: PortalView): Promise<PortalCase[]> {
  const lists = await Promise.all(view.objects.map((shown) => readCases(view, shown, null, MAX_PORTAL_CASES)));
  return lists
    .flat()
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, MAX_PORTAL_CASES);
}

/**
 * One of the viewer's cases. A malformed id, a record of another contact, one outside the
 * portal rights and one that does not exist all answer the same NOT_FOUND.
 */
export async function getPortalCase(view: PortalView, shown: ShownObject, id: string): Promise<PortalCase> {
  if (!UUID.test(id)) throw notShown(shown.object.labelSingular.toLowerCase());
  const [found] = await readCases(view, shown, { id: { eq: id } }, 1);
  if (!found) throw notShown(shown.object.labelSingular.toLowerCase());
  return found;
}
