import { createMetadataService, loadSnapshot, type MetadataService, type WriteContext } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from './sales-fixture';
import { createSecurityKit, type RoleClient, type SecurityKit, USER } from './security-kit';

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

let kit: SecurityKit;
let metadata: MetadataService;
let ids: SalesIds;

const HISTORY = `query($id: ID!) { company(id: $id) { history { nodes { action changes { field before after } } } } }`;

async function changesOf(client: RoleClient, id: string): Promise<Change[]> {
  const result = await client.run(HISTORY, { id });
  expect(result.errors).toBeUndefined();
  const company = (result.data as { company: { history: { nodes: { changes: Change[] }[] } } }).company;
  return company.history.nodes.flatMap((n) => n.changes);
}

async function writer(): Promise<WriteContext> {
  const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
  return { snapshot, actor: { kind: 'user', id: USER, role: 'admin' }, via: 'api' };
}

async function addTextField(name: string): Promise<void> {
  await metadata.createField(kit.workspaceId, 'company', { name, label: name, type: 'TEXT' });
}

beforeAll(async () => {
  kit = await createSecurityKit('history_identity');
  metadata = createMetadataService({ db: kit.test.opened.db });
  await grantSales(kit);
  ids = await seedSales(kit);
});
afterAll(() => kit?.close());

describe('history follows the field, not its name', () => {
  test('a hidden field deleted and re-created under its name shows none of the old values', async () => {
    await addTextField('secretNote');
    await kit.roles.setFieldPermission(kit.workspaceId, 'sales', 'company', 'secretNote', {
      canRead: false,
      canWrite: false,
    });
    await kit.context().records.update(await writer(), 'company', ids.acme, { secretNote: 'quokka987654321' });
    await metadata.deleteField(kit.workspaceId, 'company', 'secretNote');
    await addTextField('secretNote');

    const sales = await kit.as('sales');
    expect(sales.permissions.objects.get('company')?.hiddenFields.has('secretNote')).toBe(false);
    const admin = await kit.as('admin');
    for (const client of [sales, admin]) {
      const changes = await changesOf(client, ids.acme);
      expect(changes.map((c) => c.field)).not.toContain('secretNote');
      expect(JSON.stringify(changes)).not.toContain('quokka987654321');
    }
    const { rows } = await kit.test.opened.db.query(
      `select 1 from relata.audit_log where record_id = $1 and (before::text || after::text || changed_fields::text) like '%quokka%'`,
      [ids.acme],
    );
    expect(rows).toEqual([]);
  });

  test('a renamed field keeps its history under the new name; a new field under the old name starts empty', async () => {
    await addTextField('motto');
    await kit.context().records.update(await writer(), 'company', ids.cargo, { motto: 'carpe diem' });
    await metadata.updateField(kit.workspaceId, 'company', 'motto', { name: 'slogan' });
    await addTextField('motto');

    const admin = await kit.as('admin');
    const changes = await changesOf(admin, ids.cargo);
    expect(changes).toContainEqual({ field: 'slogan', before: null, after: 'carpe diem' });
    expect(changes.map((c) => c.field)).not.toContain('motto');
  });

  test('two fields swapping names swap their histories', async () => {
    await addTextField('left');
    await addTextField('right');
    await kit.context().records.update(await writer(), 'company', ids.bolt, { left: 'L', right: 'R' });
    await metadata.updateField(kit.workspaceId, 'company', 'left', { name: 'middle' });
    await metadata.updateField(kit.workspaceId, 'company', 'right', { name: 'left' });
    await metadata.updateField(kit.workspaceId, 'company', 'middle', { name: 'right' });

    const changes = await changesOf(await kit.as('admin'), ids.bolt);
    expect(changes).toContainEqual({ field: 'left', before: null, after: 'R' });
    expect(changes).toContainEqual({ field: 'right', before: null, after: 'L' });
  });
});
