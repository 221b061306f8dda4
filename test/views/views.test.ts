import {
  type Actor,
  buildDataSchema,
  createMetadataService,
  createRecordService,
  createWorkspace,
  type DataRequestContext,
  EventBus,
  loadRolePermissions,
  loadSnapshot,
  type WorkspaceSnapshot,
} from '@relata/core';
import { type ExecutionResult, execute, type GraphQLSchema, parse } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Values = Record<string, unknown>;

const BUNDLE = {
  objects: [
    {
      nameSingular: 'deal',
      namePlural: 'deals',
      labelSingular: 'Deal',
      labelPlural: 'Deals',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT' },
        { name: 'amount', label: 'Amount', type: 'CURRENCY' },
        {
          name: 'stage',
          label: 'Stage',
          type: 'SELECT',
          options: ['NEW', 'WON'].map((value, position) => ({ value, label: value, position })),
        },
      ],
    },
    {
      nameSingular: 'lead',
      namePlural: 'leads',
      labelSingular: 'Lead',
      labelPlural: 'Leads',
      fields: [{ name: 'email', label: 'Email', type: 'EMAIL' }],
    },
  ],
};

const VIEW = 'id object name kind shared ownerUserId settings position';
const LIST = `query($object: String!) { views(object: $object) { ${VIEW} } }`;
const CREATE = `mutation($input: CreateViewInput!) { createView(input: $input) { ${VIEW} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateViewInput!) { updateView(id: $id, input: $input) { ${VIEW} } }`;
const DELETE = 'mutation($id: ID!) { deleteView(id: $id) }';

let database: TestDatabase;
let workspaceId: string;
let snapshot: WorkspaceSnapshot;
let schema: GraphQLSchema;
const events = new EventBus('views-test');

const admin: Actor = { kind: 'user', id: uuidv7(), role: 'admin' };
const alice: Actor = { kind: 'user', id: uuidv7(), role: 'member' };
const bob: Actor = { kind: 'user', id: uuidv7(), role: 'member' };

/** Runs as `actor` on the admin's schema with the actor's role rights, as the server hands them over. */
async function run(actor: Actor, query: string, variables: Values = {}): Promise<ExecutionResult> {
  const db = database.opened.db;
  const permissions = actor.role === 'admin' ? undefined : await loadRolePermissions(db, snapshot, actor.role);
  const contextValue: DataRequestContext = {
    workspace: { id: workspaceId, slug: 'views', schemaName: snapshot.schemaName },
    snapshot,
    actor,
    via: 'api',
    db,
    records: createRecordService({ db, events }),
    events,
    permissions,
  };
  return Promise.resolve(execute({ schema, document: parse(query), variableValues: variables, contextValue }));
}

async function data(actor: Actor, query: string, variables: Values = {}): Promise<Values> {
  const result = await run(actor, query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as Values;
}

async function failure(actor: Actor, query: string, variables: Values) {
  const result = await run(actor, query, variables);
  const error = result.errors?.[0];
  return { code: error?.extensions?.code ?? (error?.originalError as { code?: string })?.code, error };
}

const names = async (actor: Actor, object = 'deal') =>
  ((await data(actor, LIST, { object })).views as Values[]).map((v) => v.name);

const create = async (actor: Actor, input: Values) => (await data(actor, CREATE, { input })).createView as Values;

beforeAll(async () => {
  database = await createTestDatabase();
  const workspace = await createWorkspace(database.opened.db, { slug: 'views', name: 'Views' });
  workspaceId = workspace.id;
  await createMetadataService({ db: database.opened.db }).applyBundle(workspaceId, BUNDLE);
  snapshot = await loadSnapshot(database.opened.db, workspaceId);
  schema = buildDataSchema(snapshot);
});
afterAll(() => database?.drop());

describe('saved views', () => {
  test('create, list, update and delete a personal view', async () => {
    const created = await create(alice, {
      object: 'deal',
      name: 'Big deals',
      kind: 'TABLE',
      settings: {
        filter: { and: [{ amount: { amount: { gt: 1000 } } }] },
        orderBy: [{ field: 'amount', direction: 'DescNullsLast' }],
        columns: [{ field: 'title', width: 240 }, { field: 'amount' }],
      },
    });
    expect(created).toMatchObject({ object: 'deal', name: 'Big deals', shared: false, ownerUserId: alice.id });
    expect(created.settings).toMatchObject({ columns: [{ field: 'title', width: 240 }, { field: 'amount' }] });
    expect(await names(alice)).toContain('Big deals');

    const updated = (
      await data(alice, UPDATE, {
        id: created.id,
        input: { name: 'Pipeline', kind: 'KANBAN', settings: { groupBy: 'stage', sumField: 'amount' } },
      })
    ).updateView as Values;
    expect(updated).toMatchObject({ name: 'Pipeline', kind: 'KANBAN', settings: { groupBy: 'stage' } });

    expect((await data(alice, DELETE, { id: created.id })).deleteView).toBe(created.id);
    expect(await names(alice)).not.toContain('Pipeline');
  });

  test('personal views are visible only to their owner; shared views to everyone', async () => {
    await create(alice, { object: 'deal', name: 'Alice only', kind: 'TABLE' });
    await create(admin, { object: 'deal', name: 'Team view', kind: 'TABLE', shared: true });
    expect(await names(alice)).toEqual(expect.arrayContaining(['Alice only', 'Team view']));
    const bobs = await names(bob);
    expect(bobs).toContain('Team view');
    expect(bobs).not.toContain('Alice only');
  });

  test("a member cannot share a view nor edit a shared one or someone else's", async () => {
    expect(
      (await failure(alice, CREATE, { input: { object: 'deal', name: 'x', kind: 'TABLE', shared: true } })).code,
    ).toBe('FORBIDDEN');
    const team = await create(admin, { object: 'deal', name: 'Admins keep this', kind: 'TABLE', shared: true });
    expect((await failure(bob, UPDATE, { id: team.id, input: { name: 'mine now' } })).code).toBe('FORBIDDEN');
    expect((await failure(bob, DELETE, { id: team.id })).code).toBe('FORBIDDEN');
    const own = await create(alice, { object: 'deal', name: 'Private', kind: 'TABLE' });
    expect((await failure(bob, UPDATE, { id: own.id, input: { name: 'stolen' } })).code).toBe('NOT_FOUND');
    const renamed = (await data(admin, UPDATE, { id: team.id, input: { name: 'Renamed by admin' } }))
      .updateView as Values;
    expect(renamed.name).toBe('Renamed by admin');
  });

  test('settings may only name fields of the object', async () => {
    const { code, error } = await failure(alice, CREATE, {
      input: { object: 'deal', name: 'Bad', kind: 'TABLE', settings: { columns: [{ field: 'nope' }] } },
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('nope');
    expect(error?.message).toContain('input.settings.columns.0.field');
    const long = await failure(alice, CREATE, { input: { object: 'deal', name: 'x'.repeat(81), kind: 'TABLE' } });
    expect(long.code).toBe('BAD_USER_INPUT');
    expect(long.error?.message).toContain('input.name');
  });

  test('deleting the object removes its views', async () => {
    await create(alice, {
      object: 'lead',
      name: 'Leads view',
      kind: 'TABLE',
      settings: { columns: [{ field: 'email' }] },
    });
    const before = await database.opened.db.query<{ n: number }>(
      'select count(*)::int as n from relata.views where workspace_id = $1',
      [workspaceId],
    );
    await createMetadataService({ db: database.opened.db }).deleteObject(workspaceId, 'lead');
    const after = await database.opened.db.query<{ n: number }>(
      'select count(*)::int as n from relata.views where workspace_id = $1',
      [workspaceId],
    );
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) - 1);
  });
});
