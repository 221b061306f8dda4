import { createMetadataService, loadSnapshot, type MetadataService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from './sales-fixture';
import { createSecurityKit, type SecurityKit, USER } from './security-kit';

let kit: SecurityKit;
let metadata: MetadataService;
let ids: SalesIds;

/** Ids of the companies `role` finds with `query`. */
async function found(role: string, query: string): Promise<string[]> {
  const client = await kit.as(role);
  const result = await client.run('query($q: String!) { search(query: $q, objects: ["company"]) { id } }', {
    q: query,
  });
  expect(result.errors).toBeUndefined();
  return (result.data as { search: { id: string }[] }).search.map((hit) => hit.id);
}

async function setText(field: string, id: string, value: string): Promise<void> {
  const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
  await kit
    .context()
    .records.update({ snapshot, actor: { kind: 'user', id: USER, role: 'admin' }, via: 'api' }, 'company', id, {
      [field]: value,
    });
}

beforeAll(async () => {
  kit = await createSecurityKit('search_leaks');
  metadata = createMetadataService({ db: kit.test.opened.db });
  await grantSales(kit);
  ids = await seedSales(kit);
});
afterAll(() => kit?.close());

describe('search never matches text the reader cannot read', () => {
  test('a hidden field, then deleted: no prefix of its text finds the record, for anyone', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'secretNote', label: 'Secret', type: 'TEXT' });
    await kit.roles.setFieldPermission(kit.workspaceId, 'sales', 'company', 'secretNote', {
      canRead: false,
      canWrite: false,
    });
    await setText('secretNote', ids.acme, 'quokka987654321');
    expect(await found('admin', 'quokka98')).toEqual([ids.acme]);
    expect(await found('sales', 'quokka98')).toEqual([]);

    await metadata.deleteField(kit.workspaceId, 'company', 'secretNote');
    for (const role of ['sales', 'admin']) {
      for (const probe of ['quokka987654321', 'quokka98', 'quokka97']) {
        expect(await found(role, probe)).toEqual([]);
      }
    }
  });

  test('a field converted to a type that is not searched stops matching', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'code', label: 'Code', type: 'TEXT' });
    await setText('code', ids.cargo, '987654321');
    expect(await found('admin', '98765')).toEqual([ids.cargo]);
    await metadata.updateField(kit.workspaceId, 'company', 'code', { type: 'NUMBER' });
    expect(await found('admin', '98765')).toEqual([]);
  });

  test('a field that stops being the label field stops matching', async () => {
    await metadata.updateObject(kit.workspaceId, 'company', { labelField: 'employees' });
    expect(await found('admin', '120')).toEqual([ids.acme]);
    await metadata.updateObject(kit.workspaceId, 'company', { labelField: 'name' });
    expect(await found('admin', '120')).toEqual([]);
    expect(await found('admin', 'acme')).toEqual([ids.acme]);
  });

  test('emails and phone numbers as typed find their record, never through a field the reader cannot read', async () => {
    await metadata.createField(kit.workspaceId, 'company', {
      name: 'billingEmail',
      label: 'Billing email',
      type: 'EMAIL',
    });
    await metadata.createField(kit.workspaceId, 'company', { name: 'hotline', label: 'Hotline', type: 'PHONE' });
    await setText('billingEmail', ids.acme, 'Billing.Team@acme-corp.com');
    await setText('hotline', ids.acme, '+1 (555) 123-4567');
    for (const probe of [
      'billing.team@acme',
      'billing.team@acme-corp.com',
      '555-123-4567',
      '(555) 1234567',
      '+15551234567',
    ]) {
      expect(await found('admin', probe)).toEqual([ids.acme]);
    }
    expect(await found('admin', "o'brien@acme")).toEqual([]);
    expect(await found('admin', '555-999-0000')).toEqual([]);

    const detail = async (role: string) => {
      const client = await kit.as(role);
      const result = await client.run('{ search(query: "acme", objects: ["company"]) { id detail } }');
      expect(result.errors).toBeUndefined();
      return (result.data as { search: { id: string; detail: string | null }[] }).search.find((h) => h.id === ids.acme)
        ?.detail;
    };
    expect(await detail('admin')).toBe('Billing.Team@acme-corp.com');

    for (const field of ['billingEmail', 'hotline']) {
      await kit.roles.setFieldPermission(kit.workspaceId, 'sales', 'company', field, {
        canRead: false,
        canWrite: false,
      });
    }
    expect(await found('sales', 'billing.team@acme')).toEqual([]);
    expect(await found('sales', '555-123-4567')).toEqual([]);
    expect(String(await detail('sales'))).not.toMatch(/Billing|555/);
  });
});
