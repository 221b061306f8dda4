import {
  buildDataSchema,
  createMetadataService,
  createRecordService,
  createWorkspace,
  type DataLimits,
  type DataRequestContext,
  dataValidationRules,
  EventBus,
  fieldColumns,
  indexSnapshot,
  loadSnapshot,
  qualify,
  quoteIdent,
  STANDARD_FIELDS,
  type WorkspaceSnapshot,
} from '@relata/core';
import { type ExecutionResult, execute, type GraphQLSchema, parse, specifiedRules, subscribe, validate } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { FIXTURE_BUNDLE } from './fixture-bundle';

type Values = Record<string, unknown>;

/** A migrated database with the fixture workspace, its data schema and helpers to seed and query. */
export interface GraphqlKit {
  test: TestDatabase;
  snapshot: WorkspaceSnapshot;
  schema: GraphQLSchema;
  events: EventBus;
  context(): DataRequestContext;
  /** Inserts a row with raw SQL (API field names in, storage contract out); returns its id. */
  insert(object: string, values: Values): Promise<string>;
  /** Validates (with the data limits) and executes a document. */
  run(query: string, variables?: Values, limits?: Partial<DataLimits>): Promise<ExecutionResult>;
  /** Like `run`, but throws on errors and returns `data`. */
  data(query: string, variables?: Values): Promise<Values>;
  subscribe(query: string, variables?: Values): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  statements(): number;
  close(): Promise<void>;
}

export async function createGraphqlKit(slug = 'gql'): Promise<GraphqlKit> {
  const test = await createTestDatabase();
  const db = test.opened.db;
  const workspace = await createWorkspace(db, { slug, name: slug });
  await createMetadataService({ db }).applyBundle(workspace.id, FIXTURE_BUNDLE);
  const snapshot = await loadSnapshot(db, workspace.id);
  const schema = buildDataSchema(snapshot);
  const events = new EventBus('test-node');
  const records = createRecordService({ db, events });
  const index = indexSnapshot(snapshot);
  const controller = new AbortController();

  const context = (): DataRequestContext => ({
    workspace: { id: workspace.id, slug, schemaName: workspace.schemaName },
    snapshot,
    actor: { kind: 'system', id: null, role: 'admin' },
    via: 'api',
    db,
    records,
    events,
    signal: controller.signal,
  });

  async function insert(objectName: string, values: Values): Promise<string> {
    const object = index.object(objectName);
    if (!object) throw new Error(`no object ${objectName}`);
    const id = (values.id as string | undefined) ?? uuidv7();
    const columns: Record<string, unknown> = { id };
    const links: Array<[string, string[]]> = [];
    for (const [key, value] of Object.entries(values)) {
      if (key in STANDARD_FIELDS) {
        columns[STANDARD_FIELDS[key as keyof typeof STANDARD_FIELDS]] = value;
        continue;
      }
      const field = object.fields.find((f) => f.name === key || `${f.name}Id` === key || `${f.name}Ids` === key);
      if (!field) throw new Error(`no field ${key} on ${objectName}`);
      if (key === `${field.name}Ids`) {
        const edge = index.relation(objectName, field.name);
        if (edge?.junction) links.push([edge.junction.table, value as string[]]);
        continue;
      }
      for (const column of fieldColumns(field)) {
        columns[column.column] =
          column.part && field.type !== 'RELATION' ? ((value as Values | null)?.[column.part] ?? null) : value;
      }
    }
    const names = Object.keys(columns);
    await db.query(
      `insert into ${qualify(snapshot.schemaName, object.tableName)} (${names.map(quoteIdent).join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      names.map((n) => {
        const v = columns[n];
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v;
      }),
    );
    for (const [table, targets] of links) {
      for (const target of targets) {
        await db.query(`insert into ${qualify(snapshot.schemaName, table)} (source_id, target_id) values ($1, $2)`, [
          id,
          target,
        ]);
      }
    }
    return id;
  }

  async function run(
    query: string,
    variables: Values = {},
    limits: Partial<DataLimits> = {},
  ): Promise<ExecutionResult> {
    const document = parse(query);
    const errors = validate(schema, document, [...specifiedRules, ...dataValidationRules(limits, variables)]);
    if (errors.length > 0) return { errors };
    return execute({ schema, document, variableValues: variables, contextValue: context() });
  }

  return {
    test,
    snapshot,
    schema,
    events,
    context,
    insert,
    run,
    async data(query, variables) {
      const result = await run(query, variables);
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
      return result.data as Values;
    },
    subscribe: async (query, variables = {}) =>
      subscribe({ schema, document: parse(query), variableValues: variables, contextValue: context() }),
    statements: () => db.counter.count,
    async close() {
      controller.abort();
      await test.drop();
    },
  };
}
