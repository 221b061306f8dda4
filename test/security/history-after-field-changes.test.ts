import { createMetadataService, loadSnapshot, type MetadataService, type WriteContext } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from './sales-fixture';
import { createSecurityKit, type SecurityKit, USER } from './security-kit';

// Issue 8, item 2: history was keyed by field name, so a field deleted and re-created under the
// same name (readable by a role, since grants follow ids) showed the old field's hidden values in
// `history`. A deleted field's values now leave the history with it; a rename carries its
// history along; an object deleted takes its history along, a renamed one keeps it.
let kit: SecurityKit;
let metadata: MetadataService;
let ids: SalesIds;
beforeAll(async () => {
  kit = await createSecurityKit('sec_history_changes');
  await grantSales(kit);
  ids = await seedSales(kit);
  metadata = createMetadataService({ db: kit.test.opened.db });
});
afterAll(() => kit?.close());

const HISTORY = `query($id: ID!) { company(id: $id) { history(first: 50) { nodes { action changes { field before after } } } } }`;

async function changesSeenBy(role: string): Promise<{ field: string; before: unknown; after: unknown }[]> {
  const result = await (await kit.as(role)).run(HISTORY, { id: ids.acme });
  expect(result.errors).toBeUndefined();
  const company = (result.data as { company: { history: { nodes: { changes: never[] }[] } } | null }).company;
  return company?.history.nodes.flatMap((node) => node.changes) ?? [];
}

async function writeAsAdmin(data: Record<string, unknown>): Promise<void> {
  const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
  const writer: WriteContext = { snapshot, actor: { kind: 'user', id: USER, role: 'admin' }, via: 'api' };
  await kit.context().records.update(writer, 'company', ids.acme, data);
}

describe('history after the field changes', () => {
  test('a re-created field of a deleted one starts with an empty history, even for a role that reads it', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'codename', label: 'Codename', type: 'TEXT' });
    await kit.roles.setFieldPermission(kit.workspaceId, 'sales', 'company', 'codename', {
      canRead: false,
      canWrite: false,
    });
    await writeAsAdmin({ codename: 'quokka987654321' });
    expect((await changesSeenBy('admin')).some((c) => c.after === 'quokka987654321')).toBe(true);
    expect((await changesSeenBy('sales')).some((c) => c.field === 'codename')).toBe(false);

    await metadata.deleteField(kit.workspaceId, 'company', 'codename');
    await metadata.createField(kit.workspaceId, 'company', { name: 'codename', label: 'Codename', type: 'TEXT' });
    for (const role of ['admin', 'sales']) {
      const changes = await changesSeenBy(role);
      expect(changes.filter((c) => c.field === 'codename')).toEqual([]);
      expect(JSON.stringify(changes)).not.toContain('quokka');
    }
    const { rows } = await kit.test.opened.db.query<{ n: number }>(
      `select count(*)::int as n from relata.audit_log where workspace_id = $1 and (before::text like '%quokka%' or after::text like '%quokka%')`,
      [kit.workspaceId],
    );
    expect(rows[0]?.n).toBe(0);
  });

  test('a renamed field keeps its history under its new name', async () => {
    await metadata.createField(kit.workspaceId, 'company', { name: 'motto', label: 'Motto', type: 'TEXT' });
    await writeAsAdmin({ motto: 'Onwards' });
    await metadata.updateField(kit.workspaceId, 'company', 'motto', { name: 'slogan' });
    const changes = await changesSeenBy('admin');
    expect(changes).toContainEqual({ field: 'slogan', before: null, after: 'Onwards' });
    expect(changes.some((c) => c.field === 'motto')).toBe(false);
  });

  test('a renamed object keeps its history; a deleted one takes it along', async () => {
    const w = kit.workspaceId;
    await metadata.createObject(w, {
      nameSingular: 'memo',
      namePlural: 'memos',
      labelSingular: 'Memo',
      labelPlural: 'Memos',
    });
    await metadata.createField(w, 'memo', { name: 'body', label: 'Body', type: 'TEXT' });
    const snapshot = await loadSnapshot(kit.test.opened.db, w);
    const writer: WriteContext = { snapshot, actor: { kind: 'user', id: USER, role: 'admin' }, via: 'api' };
    const memo = (await kit.context().records.create(writer, 'memo', { body: 'kept' })).id as string;
    await metadata.updateObject(w, 'memo', { nameSingular: 'note', namePlural: 'notes' });
    const result = await (await kit.as('admin')).run(
      'query($id: ID!) { note(id: $id) { history(first: 5) { nodes { action changes { field after } } } } }',
      { id: memo },
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).toContain('"after":"kept"');
    await metadata.deleteObject(w, 'note');
    const { rows } = await kit.test.opened.db.query<{ n: number }>(
      `select count(*)::int as n from relata.audit_log where workspace_id = $1 and object_name in ('memo', 'note')`,
      [w],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
