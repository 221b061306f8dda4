import { createMetadataService, csvRowReader, importRecords, loadSnapshot } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSecurityKit, type RoleClient, type SecurityKit, USER } from './security-kit';

/** Names every plain JavaScript object answers without owning them. */
const NAMES = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  'constructor',
  'prototype',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
] as const;

let kit: SecurityKit;
let admin: RoleClient;

async function data(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await admin.run(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, unknown>;
}

const selection = NAMES.join(' ');

beforeAll(async () => {
  kit = await createSecurityKit('js_names');
  const metadata = createMetadataService({ db: kit.test.opened.db });
  for (const name of NAMES) {
    await metadata.createField(kit.workspaceId, 'company', { name, label: name, type: 'TEXT' });
  }
  admin = await kit.as('admin');
});
afterAll(() => kit?.close());

describe('fields named like Object.prototype members behave as any other field', () => {
  test('__proto__ is refused at creation with a clear error', async () => {
    const metadata = createMetadataService({ db: kit.test.opened.db });
    await expect(
      metadata.createField(kit.workspaceId, 'company', { name: '__proto__', label: 'p', type: 'TEXT' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.name' } });
  });

  test('create without them, create with them, update, filter and history', async () => {
    const plain = await data('mutation { createCompany(data: { name: "Plain" }) { id } }');
    expect(plain.createCompany).toMatchObject({ id: expect.any(String) });

    const values = Object.fromEntries(NAMES.map((name) => [name, `${name}-1`]));
    const created = await data(`mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id ${selection} } }`, {
      d: { name: 'Named', ...values },
    });
    const company = created.createCompany as Record<string, unknown>;
    expect(company).toMatchObject(values);

    const updated = await data(
      `mutation($id: ID!) { updateCompany(id: $id, data: { constructor: "c-2", prototype: "p-2" }) { ${selection} } }`,
      { id: company.id },
    );
    expect(updated.updateCompany).toMatchObject({ ...values, constructor: 'c-2', prototype: 'p-2' });
    await data(`mutation($id: ID!) { updateCompany(id: $id, data: { name: "Named 2" }) { id } }`, { id: company.id });

    for (const name of NAMES) {
      const found = await data(`query($v: String!) { companies(filter: { ${name}: { eq: $v } }) { nodes { id } } }`, {
        v: name === 'constructor' ? 'c-2' : name === 'prototype' ? 'p-2' : `${name}-1`,
      });
      expect((found.companies as { nodes: unknown[] }).nodes).toEqual([{ id: company.id }]);
    }

    const history = await data(
      `query($id: ID!) { company(id: $id) { history { nodes { action changes { field before after } } } } }`,
      { id: company.id },
    );
    const nodes = (history.company as { history: { nodes: { changes: { field: string }[] }[] } }).history.nodes;
    expect(nodes).toHaveLength(3);
    expect(nodes[1]?.changes.map((c) => c.field)).toEqual(['constructor', 'prototype']);
    expect(nodes[2]?.changes.map((c) => c.field)).toEqual(expect.arrayContaining([...NAMES]));
  });

  test('import reads them as own keys only', async () => {
    const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
    const rows: Record<string, unknown>[] = [
      { name: 'Imported', toString: 'imported', constructor: 'built' },
      { name: 'Bare' },
    ];
    const result = await importRecords(
      kit.test.opened.db,
      snapshot,
      { kind: 'user', id: USER, role: 'admin' },
      'company',
      rows,
    );
    expect(result).toMatchObject({ created: 2 });
    const found =
      await data(`{ companies(filter: { name: { in: ["Imported", "Bare"] } }, orderBy: { name: AscNullsLast }) {
      nodes { name toString constructor valueOf } } }`);
    expect((found.companies as { nodes: unknown[] }).nodes).toEqual([
      { name: 'Bare', toString: null, constructor: null, valueOf: null },
      { name: 'Imported', toString: 'imported', constructor: 'built', valueOf: null },
    ]);
  });

  test('CSV headers naming prototype members only ever name keys', () => {
    const read = csvRowReader(kit.snapshot, 'company');
    const row = read({ name: 'Csv', '__proto__.polluted': 'yes', 'constructor.city': 'Lyon', toString: 'x' });
    expect(Object.keys(row).sort()).toEqual(['__proto__', 'constructor', 'name', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).city).toBeUndefined();
  });
});
