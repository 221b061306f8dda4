import { createMetadataService, loadSnapshot, type MetadataService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from './sales-fixture';
import { createSecurityKit, type SecurityKit } from './security-kit';

// Issue 8, item 1: a field hidden from a role, holding "quokka987654321", then deleted: the role's
// search still found the record, and prefix searches were an oracle (quokka98 hit, quokka97
// missed), because stored search vectors kept the text of a field that had left them. A change
// that takes a field out of the searched ones now rebuilds every stored vector in its transaction.
let kit: SecurityKit;
let metadata: MetadataService;
let ids: SalesIds;
beforeAll(async () => {
  kit = await createSecurityKit('sec_search_changes');
  await grantSales(kit);
  ids = await seedSales(kit);
  metadata = createMetadataService({ db: kit.test.opened.db });
});
afterAll(() => kit?.close());

const hits = async (role: string, query: string) => {
  const result = await (await kit.as(role)).run(
    `{ search(query: ${JSON.stringify(query)}, objects: ["company"]) { id } }`,
  );
  expect(result.errors).toBeUndefined();
  return ((result.data?.search ?? []) as { id: string }[]).map((hit) => hit.id);
};

/** What the stored vectors alone match, whoever asks: the root of the leak. */
const storedMatches = async (word: string) => {
  const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
  const { rows } = await kit.test.opened.db.query<{ n: number }>(
    `select count(*)::int as n from "${snapshot.schemaName}".companies where search @@ to_tsquery('simple', $1)`,
    [`${word}:*`],
  );
  return rows[0]!.n;
};

async function secretField(name: string, value: string): Promise<void> {
  await metadata.createField(kit.workspaceId, 'company', { name, label: name, type: 'TEXT' });
  await kit.roles.setFieldPermission(kit.workspaceId, 'sales', 'company', name, { canRead: false, canWrite: false });
  const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
  await kit.test.opened.db.query(`update "${snapshot.schemaName}".companies set ${name} = $1 where id = $2`, [
    value,
    ids.acme,
  ]);
}

describe('search after the field holding the text changes', () => {
  test('a hidden field never matches for the role, and once deleted matches for no one: no prefix oracle', async () => {
    await secretField('codename', 'quokka987654321');
    expect(await hits('admin', 'quokka98')).toEqual([ids.acme]);
    expect(await hits('sales', 'quokka98')).toEqual([]);

    await metadata.deleteField(kit.workspaceId, 'company', 'codename');
    expect(await storedMatches('quokka98')).toBe(0);
    for (const role of ['admin', 'sales']) {
      expect(await hits(role, 'quokka98')).toEqual([]);
      expect(await hits(role, 'quokka97')).toEqual([]);
      expect(await hits(role, 'quokka987654321')).toEqual([]);
    }
    // The record is still found by what stays searchable.
    expect(await hits('sales', 'acme')).toEqual([ids.acme]);
  });

  test('a field converted to a type that is not searched leaves the stored vectors too', async () => {
    await secretField('motto', '12345');
    expect(await storedMatches('12345')).toBe(1);
    await metadata.updateField(kit.workspaceId, 'company', 'motto', { type: 'NUMBER' });
    expect(await storedMatches('12345')).toBe(0);
    expect(await hits('admin', '12345')).toEqual([]);
  });

  test('a re-created field of the same name starts with nothing in search', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'codename', label: 'Codename', type: 'TEXT' });
    expect(await hits('admin', 'quokka98')).toEqual([]);
    expect(await storedMatches('quokka98')).toBe(0);
  });
});
