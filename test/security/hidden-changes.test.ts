import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSalesKit, type SalesIds } from './sales-fixture';
import type { RoleClient, SecurityKit } from './security-kit';

// Issue 8, item 6: an update of fields a role cannot read moved the version, update time and
// author that role reads, telling it that (and when, and who) a hidden value changed. Readers
// with hidden fields now read shown values, which move only with changes of fields no role hides.
let kit: SecurityKit;
let sales: RoleClient;
let ids: SalesIds;

interface Stamp {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

beforeAll(async () => {
  ({ kit, sales, ids } = await createSalesKit('sec_hidden_changes'));
});
afterAll(() => kit?.close());

async function data<T>(client: RoleClient | SecurityKit, query: string, variables?: Record<string, unknown>) {
  const result = await client.run(query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as T;
}
const stampOf = async (client: RoleClient | SecurityKit) =>
  (
    await data<{ company: Stamp }>(client, 'query($id: ID!) { company(id: $id) { version updatedAt updatedBy } }', {
      id: ids.cargo,
    })
  ).company;
const adminUpdate = (data: string) =>
  kit.run(`mutation($id: ID!) { updateCompany(id: $id, data: ${data}) { id } }`, { id: ids.cargo });

describe('changes of hidden fields only', () => {
  test('do not move the version, update time or author a role with hidden fields reads', async () => {
    const before = await stampOf(sales);
    const adminBefore = await stampOf(kit);
    expect(before).toEqual(adminBefore);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await adminUpdate('{ employees: 51 }')).errors).toBeUndefined();
    expect((await adminUpdate('{ employees: 52, labels: [RED] }')).errors).toBeUndefined();
    expect((await stampOf(kit)).version).toBe(adminBefore.version + 2);
    expect(await stampOf(sales)).toEqual(before);
  });

  test('filters, sorts and aggregates over them see the shown values too', async () => {
    const shown = await stampOf(sales);
    const found = await data<{ companies: { nodes: { name: string }[] } }>(
      sales,
      'query($at: DateTime) { companies(filter: { updatedAt: { gt: $at } }) { nodes { name } } }',
      { at: shown.updatedAt },
    );
    expect(found.companies.nodes).toEqual([]);
    const byVersion = await data<{ companies: { nodes: { name: string }[] } }>(
      sales,
      'query($v: Int) { companies(filter: { version: { eq: $v } }) { nodes { name } } }',
      { v: shown.version },
    );
    expect(byVersion.companies.nodes).toContainEqual({ name: 'Cargo' });
    const latest = await data<{ companiesAggregate: { max: { updatedAt: string } }[] }>(
      sales,
      '{ companiesAggregate { max { updatedAt } } }',
    );
    expect(Date.parse(latest.companiesAggregate[0]!.max.updatedAt)).toBeLessThanOrEqual(Date.parse(shown.updatedAt));
  });

  test('sorting by update time does not move a record whose change the role cannot see', async () => {
    const order = async (client: RoleClient | SecurityKit) =>
      (
        await data<{ companies: { nodes: { name: string }[] } }>(
          client,
          '{ companies(filter: { name: { in: ["Acme", "Cargo"] } }, orderBy: [{ updatedAt: DescNullsLast }]) { nodes { name } } }',
        )
      ).companies.nodes.map((n) => n.name);
    const before = await order(sales);
    const last = before.at(-1)!;
    const id = last === 'Acme' ? ids.acme : ids.cargo;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hidden = await kit.run('mutation($id: ID!) { updateCompany(id: $id, data: { employees: 99 }) { id } }', {
      id,
    });
    expect(hidden.errors).toBeUndefined();
    expect((await order(kit))[0]).toBe(last);
    expect(await order(sales)).toEqual(before);
  });

  test('a change every reader sees moves the shown values by one step, to its own time and author', async () => {
    const before = await stampOf(sales);
    const adminBefore = await stampOf(kit);
    expect(adminBefore.version).toBeGreaterThan(before.version);
    expect((await adminUpdate('{ name: "Cargo Ltd" }')).errors).toBeUndefined();
    const after = await stampOf(sales);
    const admin = await stampOf(kit);
    expect(after.version).toBe(before.version + 1);
    expect(admin.version).toBe(adminBefore.version + 1);
    expect(after.updatedAt).toBe(admin.updatedAt);
    expect(after.updatedBy).toBe(admin.updatedBy);
  });

  test('the role writes with the version it read; a stale one is CONFLICT naming that version', async () => {
    const { version } = await stampOf(sales);
    expect((await adminUpdate('{ employees: 53 }')).errors).toBeUndefined();
    const update = (expected: number, name: string) =>
      sales.run(
        'mutation($id: ID!, $v: Int, $n: String) { updateCompany(id: $id, data: { name: $n }, expectedVersion: $v) { name version } }',
        { id: ids.cargo, v: expected, n: name },
      );
    const saved = await update(version, 'Cargo GmbH');
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toEqual({ updateCompany: { name: 'Cargo GmbH', version: version + 1 } });
    const stale = await update(version, 'Cargo AG');
    expect(stale.errors?.[0]?.originalError).toMatchObject({
      code: 'CONFLICT',
      details: { currentVersion: version + 1, expectedVersion: version },
    });
  });
});
