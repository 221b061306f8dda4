import { createMetadataService, loadSnapshot, type MetadataService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSecurityKit, type SecurityKit } from './security-kit';

// Issue 8, item 3: role conditions (and views) name fields. Deleting a field a role's record
// condition used gave no warning, after which every read of that role failed, and a later field of
// the same name silently attached to the condition. The delete (dry run included) is now refused
// with the list of what uses the field; a view merely showing it as a column loses that column.
let kit: SecurityKit;
let metadata: MetadataService;
beforeAll(async () => {
  kit = await createSecurityKit('sec_dependents');
  metadata = createMetadataService({ db: kit.test.opened.db });
  await metadata.createField(kit.workspaceId, 'company', { name: 'segment', label: 'Segment', type: 'TEXT' });
  await kit.roles.createRole(kit.workspaceId, { name: 'partners', label: 'Partners' });
});
afterAll(() => kit?.close());

const objectId = async (name: string) =>
  (await loadSnapshot(kit.test.opened.db, kit.workspaceId)).objects.find((o) => o.nameSingular === name)!.id;

async function saveView(name: string, object: string, settings: Record<string, unknown>): Promise<string> {
  const { rows } = await kit.test.opened.db.query<{ id: string }>(
    `insert into relata.views (id, workspace_id, object_id, name, kind, settings)
     values (gen_random_uuid(), $1, $2, $3, 'TABLE', $4) returning id`,
    [kit.workspaceId, await objectId(object), name, JSON.stringify(settings)],
  );
  return rows[0]!.id;
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: unknown) => error,
  );

describe('deleting a field that others use', () => {
  test('is refused, dry run too, naming the role whose condition uses it; nothing changes', async () => {
    await kit.roles.setObjectPermission(kit.workspaceId, 'partners', 'company', {
      canRead: true,
      recordScope: 'condition',
      recordCondition: { and: [{ segment: { eq: 'gold' } }] },
    });
    for (const dryRun of [true, false]) {
      const error = await refusal(metadata.deleteField(kit.workspaceId, 'company', 'segment', { dryRun }));
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'name', count: 1, dependents: ['role "partners" (its record condition on companies)'] },
      });
    }
    const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
    expect(snapshot.objects.find((o) => o.nameSingular === 'company')?.fields.some((f) => f.name === 'segment')).toBe(
      true,
    );
  });

  test('lists every view that filters, sorts or groups by it, with the roles', async () => {
    await saveView('Gold', 'company', { filter: { segment: { eq: 'gold' } }, orderBy: [], columns: [] });
    await saveView('By segment', 'company', {
      orderBy: [{ field: 'segment', direction: 'AscNullsLast' }],
      columns: [],
    });
    await saveView('Segment board', 'company', { groupBy: 'segment', orderBy: [], columns: [] });
    const error = await refusal(metadata.deleteField(kit.workspaceId, 'company', 'segment'));
    expect(error).toMatchObject({
      details: {
        count: 4,
        dependents: [
          'role "partners" (its record condition on companies)',
          'view "By segment" of companies',
          'view "Gold" of companies',
          'view "Segment board" of companies',
        ],
      },
    });
    expect((error as Error).message).toContain('view "Gold" of companies');
  });

  test('once nothing uses it, it goes, and a view showing it as a column just loses the column', async () => {
    await kit.test.opened.db.query(`delete from relata.views where workspace_id = $1`, [kit.workspaceId]);
    await kit.roles.setObjectPermission(kit.workspaceId, 'partners', 'company', { canRead: true, recordScope: 'all' });
    const shown = await saveView('Wide', 'company', {
      orderBy: [],
      columns: [{ field: 'name' }, { field: 'segment', width: 120 }, { field: 'industry' }],
    });
    const change = await metadata.deleteField(kit.workspaceId, 'company', 'segment');
    expect(change.applied).toBe(true);
    const { rows } = await kit.test.opened.db.query<{ columns: unknown }>(
      `select settings -> 'columns' as columns from relata.views where id = $1`,
      [shown],
    );
    expect(rows[0]?.columns).toEqual([{ field: 'name' }, { field: 'industry' }]);
    // A new field of that name starts with nothing attached to it.
    await metadata.createField(kit.workspaceId, 'company', { name: 'segment', label: 'Segment', type: 'TEXT' });
    const roles = await kit.roles.listRoles(kit.workspaceId);
    const grant = roles.find((r) => r.name === 'partners')?.objects.find((o) => o.object === 'company');
    expect(grant?.recordCondition ?? null).toBeNull();
  });
});
