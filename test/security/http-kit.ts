import { createWorkspace, loadSnapshot, qualify } from '@relata/core';
import { createApiKey, createUser } from '@relata/runtime';
import { expect } from 'vitest';
import { type GqlResult, postGraphQL, startTestServer, type TestServer } from '../support/test-server';

/**
 * The attack suites' world, built through the real HTTP API: workspace `sechttp` with
 * - `account` (name, tier GOLD|SILVER|BRONZE, secret TEXT, revenue NUMBER, meta JSON) and
 * - `deal` (title, amount NUMBER, account MANY_TO_ONE with inverse `deals`),
 * - `memo` (body), which the agent cannot see at all,
 * role `agent` (made through `/metadata`): accounts readable and updatable when tier is GOLD or
 * SILVER, `secret` and `revenue` hidden; deals read/create/update (no delete) of its own only.
 * A second workspace `secother` holds the same model with one account of its own.
 */
export interface HttpSecurityKit {
  server: TestServer;
  /** User id, session token and API key of a user / key holding role `agent`. */
  agent: { id: string; email: string; password: string; token: string; key: string };
  ids: {
    /** GOLD, in the agent's scope. */
    acme: string;
    /** BRONZE, outside the agent's scope. */
    bolt: string;
    /** SILVER, in scope. */
    cargo: string;
    /** Owned by the agent (on Acme). */
    agentDeal: string;
    /** Owned by the admin (on Acme): outside the agent's own-records scope. */
    adminDeal: string;
  };
  other: { workspaceId: string; adminKey: string; account: string };
  /** `/graphql` as the agent's session (default) or any token. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  /** `/graphql` as the admin; throws on errors. */
  adminData<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Every stored row of an object's table (also soft-deleted ones), ordered by id: compare before/after. */
  rows(object: 'account' | 'deal' | 'memo', workspace?: 'main' | 'other'): Promise<Record<string, unknown>[]>;
  /** Runs `attack` and asserts that no row of either workspace changed. */
  expectNothingChanged(attack: () => Promise<void>): Promise<void>;
  /** POST `body` to `path` (default `/graphql`) with exactly `headers`; the raw answer. */
  post(body: string, headers: Record<string, string>, path?: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export const SECRETS = { acme: 'quokka-acme', bolt: 'wombat-bolt', cargo: 'numbat-cargo' } as const;
export const AGENT_ROLE = 'agent';

const MODEL = [
  'mutation { createObject(input: { nameSingular: "account", namePlural: "accounts", labelSingular: "Account", labelPlural: "Accounts" }) { applied } }',
  'mutation { createField(object: "account", input: { name: "name", label: "Name", type: TEXT }) { applied } }',
  `mutation { createField(object: "account", input: { name: "tier", label: "Tier", type: SELECT,
     options: [{ value: "GOLD", label: "Gold" }, { value: "SILVER", label: "Silver" }, { value: "BRONZE", label: "Bronze" }] }) { applied } }`,
  'mutation { createField(object: "account", input: { name: "secret", label: "Secret", type: TEXT }) { applied } }',
  'mutation { createField(object: "account", input: { name: "revenue", label: "Revenue", type: NUMBER }) { applied } }',
  'mutation { createField(object: "account", input: { name: "meta", label: "Meta", type: JSON }) { applied } }',
  'mutation { createObject(input: { nameSingular: "deal", namePlural: "deals", labelSingular: "Deal", labelPlural: "Deals" }) { applied } }',
  'mutation { createField(object: "deal", input: { name: "title", label: "Title", type: TEXT }) { applied } }',
  'mutation { createField(object: "deal", input: { name: "amount", label: "Amount", type: NUMBER }) { applied } }',
  `mutation { createField(object: "deal", input: { name: "account", label: "Account", type: RELATION,
     relation: { target: "account", kind: MANY_TO_ONE, inverseName: "deals", onDelete: SET_NULL } }) { applied } }`,
  'mutation { createObject(input: { nameSingular: "memo", namePlural: "memos", labelSingular: "Memo", labelPlural: "Memos" }) { applied } }',
  'mutation { createField(object: "memo", input: { name: "body", label: "Body", type: TEXT }) { applied } }',
];

const ROLE = [
  'mutation { createRole(input: { name: "agent", label: "Agent" }) { applied } }',
  `mutation { setObjectPermission(role: "agent", object: "account", input: { canRead: true, canUpdate: true,
     recordScope: CONDITION, recordCondition: { tier: { in: ["GOLD", "SILVER"] } } }) { applied } }`,
  'mutation { setFieldPermission(role: "agent", object: "account", field: "secret", canRead: false, canWrite: false) { applied } }',
  'mutation { setFieldPermission(role: "agent", object: "account", field: "revenue", canRead: false, canWrite: false) { applied } }',
  `mutation { setObjectPermission(role: "agent", object: "deal", input: { canRead: true, canCreate: true, canUpdate: true,
     canDelete: false, recordScope: OWN }) { applied } }`,
];

/** Throws unless the answer has data and no errors. */
export function dataOf<T>(result: GqlResult<T>, what: string): T {
  if (result.errors?.length || !result.data) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
  return result.data;
}

async function runAll(call: TestServer['metadataGql'], documents: string[], token: string) {
  for (const document of documents) dataOf(await call(document, {}, token), document);
}

const CREATE_ACCOUNT = 'mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }';

export async function createHttpSecurityKit(): Promise<HttpSecurityKit> {
  const server = await startTestServer({ workspace: 'sechttp' });
  const { db } = server.database.opened;
  await runAll(server.metadataGql, [...MODEL, ...ROLE], server.adminToken);

  const create = async (values: Record<string, unknown>, token = server.adminToken) =>
    dataOf(await server.gql<{ createAccount: { id: string } }>(CREATE_ACCOUNT, { d: values }, token), 'create account')
      .createAccount.id;
  const acme = await create({ name: 'Acme', tier: 'GOLD', secret: SECRETS.acme, revenue: 1000, meta: { plan: 'pro' } });
  const bolt = await create({ name: 'Bolt', tier: 'BRONZE', secret: SECRETS.bolt, revenue: 20 });
  const cargo = await create({ name: 'Cargo', tier: 'SILVER', secret: SECRETS.cargo, revenue: 300 });

  const email = 'agent@sechttp.test';
  const password = 'agent password long enough';
  const agentUser = await createUser(db, { workspace: 'sechttp', email, password, role: AGENT_ROLE });
  const apiKey = await createApiKey(db, { workspace: 'sechttp', role: AGENT_ROLE, name: 'agent key' });
  const signedIn = await server.signIn(email, password);
  if (typeof signedIn.body.token !== 'string') throw new Error(`agent sign-in failed: ${JSON.stringify(signedIn)}`);
  const token = signedIn.body.token;

  const CREATE_DEAL = 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }';
  const agentDeal = dataOf(
    await server.gql<{ createDeal: { id: string } }>(
      CREATE_DEAL,
      { d: { title: 'Agent deal', accountId: acme } },
      token,
    ),
    'agent deal',
  ).createDeal.id;
  const adminDeal = dataOf(
    await server.gql<{ createDeal: { id: string } }>(CREATE_DEAL, {
      d: { title: 'Admin deal', amount: 5000, accountId: acme },
    }),
    'admin deal',
  ).createDeal.id;

  const otherWorkspace = await createWorkspace(db, { slug: 'secother', name: 'Other' });
  const otherKey = await createApiKey(db, { workspace: 'secother', role: 'admin', name: 'other admin' });
  await runAll(server.metadataGql, MODEL, otherKey.key);
  const otherAccount = await create({ name: 'Foreign', tier: 'GOLD', secret: 'foreign-secret' }, otherKey.key);
  dataOf(await server.gql('mutation { createMemo(data: { body: "board only" }) { id } }'), 'memo');

  const tableOf = async (workspaceId: string, object: string) => {
    const snapshot = await loadSnapshot(db, workspaceId);
    const table = snapshot.objects.find((o) => o.nameSingular === object)?.tableName;
    if (!table) throw new Error(`no table for ${object}`);
    return qualify(snapshot.schemaName, table);
  };

  const rows = async (object: string, workspace: 'main' | 'other' = 'main') => {
    const table = await tableOf(workspace === 'main' ? server.workspace.id : otherWorkspace.id, object);
    const result = await db.query<{ row: Record<string, unknown> }>(
      `select to_jsonb(t) - 'search' as row from ${table} t order by id`,
    );
    return result.rows.map((r) => r.row);
  };
  const everything = async () => ({
    main: await Promise.all(['account', 'deal', 'memo'].map((o) => rows(o))),
    other: await Promise.all(['account', 'deal', 'memo'].map((o) => rows(o, 'other'))),
  });

  return {
    server,
    agent: { id: agentUser.id, email, password, token, key: apiKey.key },
    ids: { acme, bolt, cargo, agentDeal, adminDeal },
    other: { workspaceId: otherWorkspace.id, adminKey: otherKey.key, account: otherAccount },
    gql: (query, variables, as) =>
      postGraphQL(`${server.url}/graphql`, query, variables, as === undefined ? token : as),
    async adminData(query, variables) {
      return dataOf(await server.gql(query, variables), 'admin read');
    },
    rows,
    async expectNothingChanged(attack) {
      const before = await everything();
      await attack();
      expect(await everything()).toEqual(before);
    },
    async post(body, headers, path = '/graphql') {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text() };
    },
    close: () => server.close(),
  };
}

/**
 * The request was refused with `code` and `status`, and answered no data at all (or only
 * nulls): the error alone, nothing of what was asked.
 */
export function expectRefused(result: GqlResult, code: string, status: number): void {
  expect({ status: result.status, code: result.errors?.[0]?.extensions?.code }).toEqual({ status, code });
  const values = Object.values(result.data ?? {});
  expect(values.every((value) => value === null)).toBe(true);
}

/** Nothing in the answer holds a value of a hidden field. */
export function expectNoSecrets(result: unknown): void {
  const text = JSON.stringify(result);
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

/**
 * A request naming a hidden field (or type) is answered exactly like one naming a field that
 * does not exist: same code, same status, same message but for the name. The role can learn
 * nothing from the difference.
 */
export async function expectLikeUnknown(
  kit: HttpSecurityKit,
  hidden: { query: string; variables?: Record<string, unknown> },
  name: string,
  status: number,
  code = 'BAD_USER_INPUT',
): Promise<void> {
  const swap = (text: string) => text.replaceAll(name, 'nothingHere');
  const asked = await kit.gql(hidden.query, hidden.variables);
  const unknown = await kit.gql(
    swap(hidden.query),
    hidden.variables && JSON.parse(swap(JSON.stringify(hidden.variables))),
  );
  expectRefused(asked, code, status);
  expect(JSON.parse(swap(JSON.stringify(asked)))).toEqual(unknown);
  expect(JSON.stringify(asked.errors)).not.toMatch(/did you mean/i);
}
