import { createMetadataService, isRelataError, type MetadataService } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, seedSales } from './sales-fixture';
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
    `insert into relata.views (id, workspace_id, object_id, key, name, kind, settings) values ($1, $2, $3, $4, $5, 'TABLE', $6)`,
    [id, kit.workspaceId, object.id, `v${id.replaceAll('-', '')}`, name, JSON.stringify(settings)],
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

async function conditionOf(role: string, object: string): Promise<unknown> {
  const { rows } = await kit.test.opened.db.query<{ record_condition: unknown }>(
    `select p.record_condition from relata.role_permissions p join relata.roles r on r.id = p.role_id
      join relata.objects o on o.id = p.object_id
     where r.workspace_id = $1 and r.name = $2 and o.name_singular = $3`,
    [kit.workspaceId, role, object],
  );
  return rows[0]?.record_condition;
}

beforeAll(async () => {
  kit = await createSecurityKit('field_dependents');
  metadata = createMetadataService({ db: kit.test.opened.db });
  await grantSales(kit);
  await seedSales(kit);
  await kit.roles.createRole(kit.workspaceId, { name: 'partner', label: 'Partner' });
  await kit.roles.setObjectPermission(kit.workspaceId, 'partner', 'person', {
    canRead: true,
    recordScope: 'condition',
    recordCondition: { company: { name: { eq: 'Acme' } } },
  });
});
afterAll(() => kit?.close());

describe('a field named by a role condition or a view cannot silently change meaning', () => {
  test('deleting or retyping a field of a role condition is refused, dry run included, naming the role', async () => {
    const sales = [{ kind: 'ROLE_CONDITION', name: 'sales', object: 'company', path: 'recordCondition' }];
    for (const dryRun of [true, false]) {
      expect(await refusal(metadata.deleteField(kit.workspaceId, 'company', 'tier', { dryRun }))).toEqual({
        code: 'CONFLICT',
        dependents: sales,
      });
    }
    expect(await refusal(metadata.updateField(kit.workspaceId, 'company', 'tier', { type: 'TEXT' }))).toEqual({
      code: 'CONFLICT',
      dependents: sales,
    });
  });

  test('renaming a field of a role condition carries the condition along, and it keeps its meaning', async () => {
    const before = await kit.as('sales');
    const count = async (client: typeof before) => {
      const result = await client.run('{ companies { totalCount } }');
      expect(result.errors).toBeUndefined();
      return (result.data as { companies: { totalCount: number } }).companies.totalCount;
    };
    const scoped = await count(before);
    expect(scoped).toBe(2);
    await metadata.updateField(kit.workspaceId, 'company', 'tier', { name: 'level' });
    expect(await conditionOf('sales', 'company')).toEqual({ level: { in: ['ENTERPRISE', 'MID'] } });
    expect(await count(await kit.as('sales'))).toBe(scoped);
  });

  test('a condition through a relation protects the related field and the relation, and follows their renames', async () => {
    const partner = [{ kind: 'ROLE_CONDITION', name: 'partner', object: 'person', path: 'recordCondition' }];
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'company', 'name'))).dependents).toEqual(partner);
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'person', 'company'))).dependents).toEqual(partner);
    await metadata.updateField(kit.workspaceId, 'company', 'name', { name: 'title' });
    await metadata.updateField(kit.workspaceId, 'person', 'company', { name: 'employer' });
    expect(await conditionOf('partner', 'person')).toEqual({ employer: { title: { eq: 'Acme' } } });
  });

  test('a view filter follows a renamed field and refuses its delete; columns and sort follow the field', async () => {
    const filtered = await saveView('Rated', { filter: { rating: { gte: 3 } }, orderBy: [], columns: [] });
    await metadata.updateField(kit.workspaceId, 'company', 'rating', { name: 'stars' });
    expect(await viewSettings(filtered)).toMatchObject({ filter: { stars: { gte: 3 } } });
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'company', 'stars'))).dependents).toEqual([
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

  test('a board follows its card fields and weight field by id: renamed along, a deleted card field dropped, a deleted weight field refused', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'score', label: 'Score', type: 'NUMBER' });
    await metadata.createField(kit.workspaceId, 'company', { name: 'motto', label: 'Motto', type: 'TEXT' });
    const board = await saveView('Board', {
      orderBy: [],
      columns: [],
      weightField: 'score',
      cardFields: ['motto', 'name'],
    });
    await metadata.updateField(kit.workspaceId, 'company', 'score', { name: 'points' });
    await metadata.updateField(kit.workspaceId, 'company', 'motto', { name: 'slogan' });
    expect(await viewSettings(board)).toMatchObject({ weightField: 'points', cardFields: ['slogan', 'name'] });
    expect((await refusal(metadata.deleteField(kit.workspaceId, 'company', 'points'))).dependents).toEqual([
      { kind: 'VIEW', name: 'Board', object: 'company', path: 'settings.weightField' },
    ]);
    await metadata.deleteField(kit.workspaceId, 'company', 'slogan');
    expect(await viewSettings(board)).toMatchObject({ weightField: 'points', cardFields: ['name'] });
  });
});
