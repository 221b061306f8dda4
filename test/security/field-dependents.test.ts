import { createMetadataService, isRelataError, type MetadataService } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales } from './sales-fixture';
import { createSecurityKit, type SecurityKit } from './security-kit';

let kit: SecurityKit;
let metadata: MetadataService;

async function refusal(run: Promise<unknown>): Promise<{ code: string; dependents: unknown }> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRelataError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, dependents: error.details.dependents };
}

async function saveView(name: string, settings: object): Promise<string> {
  const id = uuidv7();
  const object = kit.snapshot.objects.find((o) => o.nameSingular === 'company')!;
  await kit.test.opened.db.query(
    `insert into relata.views (id, workspace_id, object_id, name, kind, settings) values ($1, $2, $3, $4, 'TABLE', $5)`,
    [id, kit.workspaceId, object.id, name, JSON.stringify(settings)],
  );
  return id;
}

async function viewSettings(id: string): Promise<Record<string, unknown>> {
  const { rows } = await kit.test.opened.db.query<{ settings: Record<string, unknown> }>(
    'select settings from relata.views where id = $1',
    [id],
  );
  return rows[0]!.settings;
}

beforeAll(async () => {
  kit = await createSecurityKit('field_dependents');
  metadata = createMetadataService({ db: kit.test.opened.db });
  await grantSales(kit);
  await kit.roles.createRole(kit.workspaceId, { name: 'partner', label: 'Partner' });
  await kit.roles.setObjectPermission(kit.workspaceId, 'partner', 'person', {
    canRead: true,
    recordScope: 'condition',
    recordCondition: { company: { name: { eq: 'Acme' } } },
  });
});
afterAll(() => kit?.close());

describe('a field named by a role condition or a view cannot silently change meaning', () => {
  test('deleting or renaming a field of a role condition is refused, dry run included, naming the role', async () => {
    const sales = [{ kind: 'ROLE_CONDITION', name: 'sales', object: 'company', path: 'recordCondition' }];
    for (const dryRun of [true, false]) {
      expect(await refusal(metadata.deleteField(kit.workspaceId, 'company', 'tier', { dryRun }))).toEqual({
        code: 'CONFLICT',
        dependents: sales,
      });
    }
    expect(await refusal(metadata.updateField(kit.workspaceId, 'company', 'tier', { name: 'level' }))).toEqual({
      code: 'CONFLICT',
      dependents: sales,
    });
    const sales2 = await kit.as('sales');
    expect((await sales2.run('{ companies { totalCount } }')).errors).toBeUndefined();
  });

  test('a condition through a relation protects the related field and the relation itself', async () => {
    const partner = [{ kind: 'ROLE_CONDITION', name: 'partner', object: 'person', path: 'recordCondition' }];
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'company', 'name'))).dependents).toEqual(partner);
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'person', 'company'))).dependents).toEqual(partner);
  });

  test('a view filter on a deleted field refuses the delete; columns and sort follow the field', async () => {
    const filtered = await saveView('Rated', { filter: { rating: { gte: 3 } }, orderBy: [], columns: [] });
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'company', 'rating'))).dependents).toEqual([
      { kind: 'VIEW', name: 'Rated', object: 'company', path: 'settings.filter' },
    ]);
    await kit.test.opened.db.query('delete from relata.views where id = $1', [filtered]);

    const listed = await saveView('Founded', {
      orderBy: [{ field: 'founded', direction: 'AscNullsLast' }],
      columns: [{ field: 'name' }, { field: 'founded', width: 120 }, { field: 'active' }],
    });
    await metadata.updateField(kit.workspaceId, 'company', 'founded', { name: 'foundedOn' });
    expect(await viewSettings(listed)).toMatchObject({
      orderBy: [{ field: 'foundedOn', direction: 'AscNullsLast' }],
      columns: [{ field: 'name' }, { field: 'foundedOn', width: 120 }, { field: 'active' }],
    });
    await metadata.deleteField(kit.workspaceId, 'company', 'foundedOn');
    await metadata.createField(kit.workspaceId, 'company', { name: 'foundedOn', label: 'Founded', type: 'DATE' });
    expect(await viewSettings(listed)).toMatchObject({
      orderBy: [],
      columns: [{ field: 'name' }, { field: 'active' }],
    });
  });
});
