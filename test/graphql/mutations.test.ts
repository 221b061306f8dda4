import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('mutations');
});
afterAll(() => kit?.close());

describe('mutations write through the record service and read the selection back', () => {
  test('create, update, delete, restore, destroy', async () => {
    const created = await kit.data(`mutation {
      createCompany(data: { name: "Acme", tier: MID, address: { city: "Lyon" } }) { id name tier version address { city } people { totalCount } }
    }`);
    const company = created.createCompany as { id: string };
    expect(created.createCompany).toMatchObject({
      name: 'Acme',
      tier: 'MID',
      version: 1,
      address: { city: 'Lyon' },
      people: { totalCount: 0 },
    });

    const many = await kit.data(
      `mutation($data: [PersonCreateInput!]!) { createPeople(data: $data) { email company { name } } }`,
      { data: [{ email: 'a@acme.io', companyId: company.id }, { email: 'b@acme.io' }] },
    );
    expect(many.createPeople).toEqual([
      { email: 'a@acme.io', company: { name: 'Acme' } },
      { email: 'b@acme.io', company: null },
    ]);

    const updated = await kit.data(
      `mutation { updateCompany(id: "${company.id}", data: { name: "Acme 2" }, expectedVersion: 1) { name version } }`,
    );
    expect(updated.updateCompany).toEqual({ name: 'Acme 2', version: 2 });
    const stale = await kit.run(
      `mutation { updateCompany(id: "${company.id}", data: { name: "x" }, expectedVersion: 1) { name } }`,
    );
    expect(stale.errors?.[0]?.originalError).toMatchObject({ code: 'CONFLICT' });

    const deleted = await kit.data(`mutation { deleteCompany(id: "${company.id}") { name deletedAt } }`);
    expect((deleted.deleteCompany as { deletedAt: string | null }).deletedAt).toEqual(expect.any(String));
    expect((await kit.data(`{ company(id: "${company.id}") { id } }`)).company).toBeNull();

    const restored = await kit.data(`mutation { restoreCompany(id: "${company.id}") { name deletedAt } }`);
    expect(restored.restoreCompany).toEqual({ name: 'Acme 2', deletedAt: null });

    const destroyed = await kit.data(`mutation { destroyCompany(id: "${company.id}") }`);
    expect(destroyed.destroyCompany).toBe(company.id);
    expect((await kit.data(`{ company(id: "${company.id}") { id } }`)).company).toBeNull();
  });

  test('many-to-many ids replace the set', async () => {
    const person = (await kit.data('mutation { createPerson(data: { email: "m2m@x.io" }) { id } }')).createPerson as {
      id: string;
    };
    const deal = await kit.data(
      `mutation { createOpportunity(data: { title: "D", contactsIds: ["${person.id}"], amount: { amount: 12.5, currencyCode: "EUR" } }) { title amount { amount currencyCode } contacts { nodes { email } } } }`,
    );
    expect(deal.createOpportunity).toEqual({
      title: 'D',
      amount: { amount: 12.5, currencyCode: 'EUR' },
      contacts: { nodes: [{ email: 'm2m@x.io' }] },
    });
  });
});

describe('subscriptions', () => {
  async function next(iterator: AsyncIterableIterator<ExecutionResult>): Promise<ExecutionResult> {
    const result = await iterator.next();
    return result.value as ExecutionResult;
  }

  test('deliver changes matching the filter, and deletions always', async () => {
    const iterator = (await kit.subscribe(
      'subscription { companyChanged(filter: { tier: { eq: ENTERPRISE } }) { kind id changedFields record { name tier } } }',
    )) as AsyncIterableIterator<ExecutionResult>;
    const pending = next(iterator);
    // Not delivered: does not match the filter.
    await kit.data('mutation { createCompany(data: { name: "Small", tier: SMB }) { id } }');
    const big = (await kit.data('mutation { createCompany(data: { name: "Big", tier: ENTERPRISE }) { id } }'))
      .createCompany as { id: string };
    expect((await pending).data).toEqual({
      companyChanged: {
        kind: 'CREATED',
        id: big.id,
        changedFields: expect.any(Array),
        record: { name: 'Big', tier: 'ENTERPRISE' },
      },
    });
    await kit.data(`mutation { destroyCompany(id: "${big.id}") }`);
    expect((await next(iterator)).data).toEqual({
      companyChanged: { kind: 'DESTROYED', id: big.id, changedFields: [], record: null },
    });
    await iterator.return?.();
  });
});
