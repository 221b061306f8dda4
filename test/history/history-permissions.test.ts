import type { WriteContext } from '@relata/core';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from '../security/sales-fixture';
import { createSecurityKit, type RoleClient, type SecurityKit, USER } from '../security/security-kit';

interface Entry {
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
}
interface History {
  nodes: Entry[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let kit: SecurityKit;
let sales: RoleClient;
let admin: RoleClient;
let ids: SalesIds;
let delta: string;

const HISTORY = `query($id: ID!, $first: Int, $after: String) {
  company(id: $id) {
    history(first: $first, after: $after) { nodes { action changes { field before after } } pageInfo { hasNextPage endCursor } }
  }
}`;

async function historyOf(client: RoleClient, id: string, first?: number, after?: string): Promise<History | null> {
  const result = await client.run(HISTORY, { id, first, after });
  expect(result.errors).toBeUndefined();
  const company = (result.data as { company: { history: History } | null }).company;
  return company?.history ?? null;
}

const fieldsIn = (history: History | null) => history?.nodes.flatMap((n) => n.changes.map((c) => c.field)) ?? [];

beforeAll(async () => {
  kit = await createSecurityKit('history_roles');
  await grantSales(kit);
  ids = await seedSales(kit);
  sales = await kit.as('sales');
  admin = await kit.as('admin');
  const writer: WriteContext = {
    snapshot: kit.snapshot,
    actor: { kind: 'user', id: USER, role: 'admin' },
    via: 'api',
  };
  const records = kit.context().records;
  const created = await records.create(writer, 'company', {
    name: 'Delta',
    tier: 'ENTERPRISE',
    domain: 'https://delta.io',
    employees: 10,
  });
  delta = created.id as string;
  await records.update(writer, 'company', delta, { employees: 11 });
  await records.update(writer, 'company', delta, { labels: ['RED'], domain: 'https://delta.com' });
  await records.update(writer, 'company', delta, { name: 'Delta 2', employees: 12 });
  await records.update(writer, 'company', ids.bolt, { name: 'Bolt 2' });
});
afterAll(() => kit?.close());

describe('history shows only fields the reader may read', () => {
  test('the admin sees every change', async () => {
    const history = await historyOf(admin, delta);
    expect(history?.nodes.map((n) => n.action)).toEqual(['UPDATED', 'UPDATED', 'UPDATED', 'CREATED']);
    expect(fieldsIn(history)).toEqual(expect.arrayContaining(['employees', 'domain', 'labels']));
  });

  test('hidden fields are dropped from changes, and entries that changed only them disappear', async () => {
    const history = await historyOf(sales, delta);
    expect(history?.nodes.map((n) => n.action)).toEqual(['UPDATED', 'CREATED']);
    expect(history?.nodes[0]?.changes).toEqual([{ field: 'name', before: 'Delta', after: 'Delta 2' }]);
    expect(fieldsIn(history)).not.toEqual(expect.arrayContaining(['employees']));
    expect(fieldsIn(history).filter((f) => ['employees', 'domain', 'labels'].includes(f))).toEqual([]);
    expect(JSON.stringify(history)).not.toMatch(/delta\.io|delta\.com|RED|\b1[012]\b/);
  });

  test('pages count only the visible entries', async () => {
    const first = await historyOf(sales, delta, 1);
    expect(first?.nodes.map((n) => n.action)).toEqual(['UPDATED']);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = await historyOf(sales, delta, 1, first?.pageInfo.endCursor ?? undefined);
    expect(second?.nodes.map((n) => n.action)).toEqual(['CREATED']);
    expect(second?.pageInfo.hasNextPage).toBe(false);
  });

  test('a request crafted against the admin schema still gets the filtered history', async () => {
    const result = await sales.runOn(admin.schema, HISTORY, { id: delta });
    expect(result.errors).toBeUndefined();
    const history = (result.data as { company: { history: History } }).company.history;
    expect(history.nodes.map((n) => n.action)).toEqual(['UPDATED', 'CREATED']);
    expect(fieldsIn(history).filter((f) => ['employees', 'domain', 'labels'].includes(f))).toEqual([]);
  });

  test('the history of a record out of scope is not reachable, directly or through a relation', async () => {
    expect(await historyOf(sales, ids.bolt)).toBeNull();
    expect(fieldsIn(await historyOf(admin, ids.bolt))).toEqual(['name']);
    const result = await sales.run(`query($id: ID!) { person(id: $id) { company { history { nodes { action } } } } }`, {
      id: ids.bob,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ person: { company: null } });
  });

  test("the role's schema offers history without naming hidden fields", () => {
    const printed = printSchema(sales.schema);
    expect(printed).toContain('history(first: Int = 20, after: String): RecordHistoryConnection!');
    expect(printed).not.toMatch(/\bemployees\b|\bscore\b|\bdomain\b/);
  });
});
