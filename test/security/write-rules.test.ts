import { qualify, type RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSalesKit, type SalesIds } from './sales-fixture';
import { errorCode, OTHER, type RoleClient, type SecurityKit, USER } from './security-kit';

let kit: SecurityKit;
let sales: RoleClient;
let ids: SalesIds;

beforeAll(async () => {
  ({ kit, sales, ids } = await createSalesKit('sec_writes'));
});
afterAll(() => kit?.close());

/** The stored row (raw columns) and the number of audit rows of a record: what a refused write must not change. */
async function stored(table: string, id: string) {
  const db = kit.test.opened.db;
  const { rows } = await db.query(`select * from ${qualify(kit.snapshot.schemaName, table)} where id = $1`, [id]);
  const audit = await db.query('select count(*)::int as n from relata.audit_log where record_id = $1', [id]);
  return { row: rows[0] ?? null, audits: (audit.rows[0] as { n: number }).n };
}

async function countRows(table: string): Promise<number> {
  const { rows } = await kit.test.opened.db.query<{ n: number }>(
    `select count(*)::int as n from ${qualify(kit.snapshot.schemaName, table)}`,
  );
  return rows[0]?.n ?? 0;
}

describe('field write rights', () => {
  test('a read-only field is not in the input; written anyway it is FORBIDDEN naming the field', async () => {
    const before = await stored('companies', ids.acme);
    const viaSchema = await sales.run('mutation($id: ID!) { updateCompany(id: $id, data: { rating: 1 }) { id } }', {
      id: ids.acme,
    });
    expect(errorCode(viaSchema)).toBe('VALIDATION');
    const context = sales.context();
    const crafted = context.records.update(
      { snapshot: context.snapshot, actor: context.actor, via: 'api', permissions: sales.permissions },
      'company',
      ids.acme,
      { rating: 1 },
    );
    await expect(crafted).rejects.toMatchObject({ code: 'FORBIDDEN', details: { field: 'data.rating' } });
    expect(await stored('companies', ids.acme)).toEqual(before);
  });

  test('a hidden field cannot be written either (crafted against the admin schema)', async () => {
    const before = await stored('opportunities', ids.mine);
    const result = await sales.runOn(
      kit.schema,
      'mutation($id: ID!) { updateOpportunity(id: $id, data: { amount: { amount: 1, currencyCode: "EUR" } }) { id } }',
      { id: ids.mine },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.originalError).toMatchObject({ details: { field: 'data.amount' } });
    expect(await stored('opportunities', ids.mine)).toEqual(before);
  });

  test('an object without create right: FORBIDDEN, nothing created', async () => {
    const count = await countRows('companies');
    const context = sales.context();
    const crafted = context.records.create(
      { snapshot: context.snapshot, actor: context.actor, via: 'api', permissions: sales.permissions },
      'company',
      { name: 'Sneaky', tier: 'MID' },
    );
    await expect(crafted).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await countRows('companies')).toBe(count);
  });

  test('a non-admin caller of the record service without its rights is refused', async () => {
    const records: RecordWriter = kit.context().records;
    const snapshot = kit.snapshot;
    const write = records.update(
      { snapshot, actor: { kind: 'user', id: USER, role: 'sales' }, via: 'api' },
      'opportunity',
      ids.mine,
      {
        title: 'x',
      },
    );
    await expect(write).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('record scope on writes', () => {
  test('moving a record out of the scope condition is FORBIDDEN and rolled back', async () => {
    const before = await stored('companies', ids.acme);
    const result = await sales.run('mutation($id: ID!) { updateCompany(id: $id, data: { tier: SMB }) { tier } }', {
      id: ids.acme,
    });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
    expect(await stored('companies', ids.acme)).toEqual(before);
  });

  test('giving an own record away is FORBIDDEN and rolled back', async () => {
    const before = await stored('opportunities', ids.mine);
    const result = await sales.run(
      'mutation($id: ID!, $o: ID) { updateOpportunity(id: $id, data: { ownerId: $o }) { id } }',
      {
        id: ids.mine,
        o: OTHER,
      },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await stored('opportunities', ids.mine)).toEqual(before);
  });

  test('creating a record outside the scope is FORBIDDEN: no row', async () => {
    const count = await countRows('opportunities');
    const result = await sales.run(
      'mutation($o: ID) { createOpportunity(data: { title: "Gift", ownerId: $o }) { id } }',
      {
        o: OTHER,
      },
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await countRows('opportunities')).toBe(count);
  });

  test('creating inside the scope works and the record is owned by the actor', async () => {
    const result = await sales.run('mutation { createOpportunity(data: { title: "New one" }) { title ownerId } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.createOpportunity).toEqual({ title: 'New one', ownerId: USER });
  });

  test('updating a record out of scope is NOT_FOUND, like a missing one, and changes nothing', async () => {
    const before = await stored('companies', ids.bolt);
    const result = await sales.run('mutation($id: ID!) { updateCompany(id: $id, data: { name: "Mine now" }) { id } }', {
      id: ids.bolt,
    });
    expect(errorCode(result)).toBe('NOT_FOUND');
    const missing = await sales.run(
      'mutation { updateCompany(id: "0190a000-0000-7000-8000-00000000ffff", data: { name: "x" }) { id } }',
    );
    expect(result.errors?.[0]?.message.replace(ids.bolt, '<id>')).toBe(
      missing.errors?.[0]?.message.replace('0190a000-0000-7000-8000-00000000ffff', '<id>'),
    );
    expect(await stored('companies', ids.bolt)).toEqual(before);
  });

  test.each(['deleteOpportunity', 'destroyOpportunity'])(
    '%s of another owner is NOT_FOUND and deletes nothing',
    async (mutation) => {
      const before = await stored('opportunities', ids.theirs);
      const result = await sales.run(
        `mutation($id: ID!) { ${mutation}(id: $id) ${mutation.startsWith('delete') ? '{ id }' : ''} }`,
        {
          id: ids.theirs,
        },
      );
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(await stored('opportunities', ids.theirs)).toEqual(before);
    },
  );

  test('own records can be changed and deleted', async () => {
    const update = await sales.run(
      'mutation($id: ID!) { updateOpportunity(id: $id, data: { title: "Mine!" }) { title } }',
      {
        id: ids.mine,
      },
    );
    expect(update.data?.updateOpportunity).toEqual({ title: 'Mine!' });
    const remove = await sales.run('mutation($id: ID!) { deleteOpportunity(id: $id) { deletedAt } }', { id: ids.mine });
    expect(remove.errors).toBeUndefined();
  });
});
