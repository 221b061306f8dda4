import { type DocumentNode, parse } from 'graphql';
import { z } from 'zod';
import type { Database } from '../../db';
import { notFound } from '../../errors';
import type { EventBus } from '../../events';
import { exportShape } from '../../export';
import type { WorkspaceSnapshot } from '../../metadata';
import { type RolePermissions, readableRecord } from '../../permissions';
import type { RecordWriter, WriteContext } from '../../records';
import { checkDataOperation, rootFieldNames, runDataOperation, type SchemaCache, typeNames } from '../../schema';

/** What `ctx.records` needs of the host: the data API's own schema cache and record service. */
export interface PluginDataAccess {
  /** The workspace's current metadata and slug, as the data API serves them. */
  workspace(workspaceId: string): Promise<{ slug: string; snapshot: WorkspaceSnapshot }>;
  schemas: SchemaCache;
  records: RecordWriter;
  events: EventBus;
}

/** The plugin a `ctx.records` call acts for. */
export interface PluginDataActor {
  installationId: string;
  workspaceId: string;
  /** The plugin's role (`pluginPermissions`) on `snapshot`. */
  permissions(snapshot: WorkspaceSnapshot): RolePermissions;
}

/** A plugin pages with filters (no cursors yet); the SDK documents this bound. */
const MAX_FIND = 200;
const name = z
  .string()
  .max(63)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an object or field name');
const id = z.uuid();
/** A JSON object from the isolate, copied into a prototype-free map (its keys are the plugin's). */
const map = z
  .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .transform((value): Record<string, unknown> => Object.assign(Object.create(null), value));

const argsOf = {
  'records.find': z.tuple([
    name,
    z
      .strictObject({
        filter: map.optional(),
        orderBy: z.array(map).max(10).optional(),
        first: z.number().int().min(1).max(MAX_FIND).optional(),
        fields: z.array(name).min(1).max(200).optional(),
      })
      .optional(),
  ]),
  'records.get': z.tuple([name, id]),
  'records.create': z.tuple([name, map]),
  'records.update': z.tuple([name, id, map]),
  'records.delete': z.tuple([name, id]),
};
export type RecordsOp = keyof typeof argsOf;
export const isRecordsOp = (op: string): op is RecordsOp => Object.hasOwn(argsOf, op);

/**
 * Runs a `ctx.records` call as the plugin: reads are the data API's list/get queries, checked by
 * its rules and compiled under the plugin's role (an object or field not granted is absent from
 * that role's schema, so it is refused exactly like an unknown one); writes go through the record
 * service with the plugin as actor (`via: 'plugin'`), so its grants and the audit log apply.
 * @throws BAD_USER_INPUT naming the bad argument; NOT_FOUND / FORBIDDEN as the data API answers
 */
export async function callRecords(
  access: PluginDataAccess,
  db: Database,
  actor: PluginDataActor,
  op: RecordsOp,
  args: unknown,
  parseArgs: <T>(schema: z.ZodType<T>, args: unknown, what: string) => T,
): Promise<unknown> {
  const { slug, snapshot } = await access.workspace(actor.workspaceId);
  const permissions = actor.permissions(snapshot);
  const what = `ctx.${op}`;
  if (op === 'records.find' || op === 'records.get') {
    const schema = await access.schemas.get(snapshot, permissions);
    const ctx = {
      workspace: { id: snapshot.workspaceId, slug, schemaName: snapshot.schemaName },
      snapshot,
      actor: { kind: 'plugin' as const, id: actor.installationId, role: permissions.role },
      via: 'plugin' as const,
      db,
      records: access.records,
      events: access.events,
      permissions,
    };
    if (op === 'records.get') {
      const [objectName, recordId] = parseArgs(argsOf[op], args, what);
      const shape = exportShape(schema, snapshot, objectName, undefined, 'names');
      const document = readDocument(
        'PluginGet',
        `($id: ID!)`,
        `${rootFieldNames(shape.object).get}(id: $id)`,
        shape.selection,
      );
      checkDataOperation(schema, document, 'PluginGet', { id: recordId });
      const record = await runDataOperation(schema, document, 'PluginGet', { id: recordId }, ctx);
      return record;
    }
    const [objectName, options = {}] = parseArgs(argsOf[op], args, what);
    const shape = exportShape(schema, snapshot, objectName, options.fields, 'names');
    const types = typeNames(shape.object);
    const document = readDocument(
      'PluginFind',
      `($filter: ${types.filter}, $orderBy: [${types.orderBy}!], $first: Int)`,
      `${rootFieldNames(shape.object).list}(filter: $filter, orderBy: $orderBy, first: $first)`,
      `nodes { ${shape.selection} }`,
    );
    const variables = { filter: options.filter ?? null, orderBy: options.orderBy ?? null, first: options.first ?? 100 };
    checkDataOperation(schema, document, 'PluginFind', variables);
    const page = (await runDataOperation(schema, document, 'PluginFind', variables, ctx)) as {
      nodes: unknown[];
    } | null;
    return page?.nodes ?? [];
  }
  const objectName = parseArgs(name, Array.isArray(args) ? args[0] : undefined, what);
  // An object the plugin cannot read is answered like an unknown one, as reads answer it.
  if (!permissions.objects.get(objectName)?.read)
    throw notFound(`There is no object "${objectName}".`, { field: 'object' });
  const write: WriteContext = {
    snapshot,
    actor: { kind: 'plugin', id: actor.installationId, role: permissions.role },
    via: 'plugin',
    permissions,
  };
  if (op === 'records.create') {
    const [, data] = parseArgs(argsOf[op], args, what);
    return readableRecord(permissions, objectName, await access.records.create(write, objectName, data));
  }
  if (op === 'records.update') {
    const [, recordId, data] = parseArgs(argsOf[op], args, what);
    return readableRecord(permissions, objectName, await access.records.update(write, objectName, recordId, data));
  }
  const [, recordId] = parseArgs(argsOf[op], args, what);
  await access.records.softDelete(write, objectName, recordId);
  return null;
}

/** Names in the document come from the plugin's schema (`exportShape` checked them), never from input. */
function readDocument(operation: string, variables: string, root: string, selection: string): DocumentNode {
  return parse(`query ${operation}${variables} { ${root} { ${selection} } }`);
}
