import { createRequire } from 'node:module';
import {
  buildMetadataSchema,
  createMetadataService,
  isRelataError,
  loadRolePermissions,
  loadSnapshot,
  type MetadataRequestContext,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSecurityKit, type SecurityKit } from './security-kit';

// Pothos builds with graphql's CommonJS build (see test/metadata/metadata-api.test.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let kit: SecurityKit;
let context: MetadataRequestContext;

beforeAll(async () => {
  kit = await createSecurityKit('sec_roles');
  const db = kit.test.opened.db;
  context = {
    db,
    workspaceId: kit.workspaceId,
    actor: { kind: 'system', id: null, role: 'admin' },
    metadata: createMetadataService({ db }),
  };
});
afterAll(() => kit?.close());

async function run(source: string, variableValues: Record<string, unknown> = {}) {
  return graphql({ schema: buildMetadataSchema(), source, contextValue: context, variableValues });
}

function codeOf(result: Awaited<ReturnType<typeof run>>) {
  const error = result.errors?.[0]?.originalError;
  return isRelataError(error) ? { code: error.code, field: error.details.field } : result.errors?.[0]?.message;
}

const version = async () => (await loadSnapshot(kit.test.opened.db, kit.workspaceId)).version;

async function grantRows(fieldId: string): Promise<number> {
  const { rows } = await kit.test.opened.db.query<{ n: number }>(
    'select count(*)::int as n from relata.role_field_permissions where field_id = $1',
    [fieldId],
  );
  return rows[0]?.n ?? 0;
}

describe('roles through /metadata', () => {
  test('built-in roles are listed before any change', async () => {
    const result = await run('{ roles { name isBuiltin defaultAccess } }');
    expect(result.data?.roles).toEqual([
      { name: 'admin', isBuiltin: true, defaultAccess: 'ALL' },
      { name: 'member', isBuiltin: true, defaultAccess: 'CRUD' },
      { name: 'read-only', isBuiltin: true, defaultAccess: 'READ' },
    ]);
  });

  test('create a role and grant an object with a condition; each change bumps the metadata version', async () => {
    const start = await version();
    const dry = await run(
      'mutation { createRole(input: { name: "support", label: "Support" }, dryRun: true) { applied } }',
    );
    expect(dry.data?.createRole).toEqual({ applied: false });
    expect(await version()).toBe(start);
    const created = await run(
      'mutation { createRole(input: { name: "support", label: "Support" }) { applied role { name defaultAccess } } }',
    );
    expect(created.data?.createRole).toEqual({ applied: true, role: { name: 'support', defaultAccess: 'NONE' } });
    const granted = await run(
      `mutation($c: JSON) { setObjectPermission(role: "support", object: "company", input: { canRead: true, recordScope: CONDITION, recordCondition: $c }) {
        metadataVersion role { objects { object explicit canRead canUpdate recordScope recordCondition } } } }`,
      { c: { ownerId: { eq: { $user: 'id' } } } },
    );
    const change = granted.data?.setObjectPermission as { metadataVersion: number; role: { objects: unknown[] } };
    expect(change.metadataVersion).toBe(start + 2);
    expect(change.role.objects).toContainEqual({
      object: 'company',
      explicit: true,
      canRead: true,
      canUpdate: false,
      recordScope: 'CONDITION',
      recordCondition: { ownerId: { eq: { $user: 'id' } } },
    });
  });

  test.each([
    ['an unknown field', { salary: { gt: 1 } }, 'input.recordCondition.salary'],
    ['an unknown operator', { name: { near: 'x' } }, 'input.recordCondition.name.near'],
    ['a malformed user variable', { ownerId: { eq: { $user: 'email' } } }, 'input.recordCondition.ownerId.eq'],
    ['a value of the wrong type', { employees: { gt: 'many' } }, 'input.recordCondition'],
  ])('a condition with %s is BAD_USER_INPUT naming it, and nothing changes', async (_what, condition, field) => {
    const before = await version();
    const result = await run(
      'mutation($c: JSON) { setObjectPermission(role: "support", object: "company", input: { recordScope: CONDITION, recordCondition: $c }) { applied } }',
      { c: condition },
    );
    expect(codeOf(result)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await version()).toBe(before);
  });

  test('admin cannot be changed; built-ins cannot be deleted; unknown roles are NOT_FOUND', async () => {
    const admin = await run(
      'mutation { setFieldPermission(role: "admin", object: "company", field: "name", canRead: false, canWrite: false) { applied } }',
    );
    expect(codeOf(admin)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const builtin = await run('mutation { deleteRole(name: "member") { applied } }');
    expect(codeOf(builtin)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const unknown = await run('mutation { updateRole(name: "ghost", input: { label: "G" }) { applied } }');
    expect(codeOf(unknown)).toMatchObject({ code: 'NOT_FOUND' });
    const writeOnly = await run(
      'mutation { setFieldPermission(role: "support", object: "company", field: "name", canRead: false, canWrite: true) { applied } }',
    );
    expect(codeOf(writeOnly)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.canWrite' });
  });

  test('a role held by a member cannot be deleted; a free one can', async () => {
    const db = kit.test.opened.db;
    await db.query(
      `insert into relata.users (id, email, name) values ('0190a000-0000-7000-8000-0000000000c3', 'x@y.z', 'X')`,
    );
    await db.query(
      `insert into relata.workspace_members (workspace_id, user_id, role) values ($1, '0190a000-0000-7000-8000-0000000000c3', 'support')`,
      [kit.workspaceId],
    );
    expect(codeOf(await run('mutation { deleteRole(name: "support") { applied } }'))).toMatchObject({
      code: 'CONFLICT',
    });
    await run('mutation { createRole(input: { name: "temp", label: "Temp" }) { applied } }');
    const deleted = await run('mutation { deleteRole(name: "temp") { applied role { name } } }');
    expect(deleted.data?.deleteRole).toEqual({ applied: true, role: null });
  });

  test('an unknown role gets no rights at all: FORBIDDEN', async () => {
    const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
    await expect(loadRolePermissions(kit.test.opened.db, snapshot, 'ghost')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('grants follow fields by id', () => {
  test('a deleted field loses its grants; re-created under the same name it has none', async () => {
    const w = kit.workspaceId;
    await context.metadata.createField(w, 'company', { name: 'secret', label: 'Secret', type: 'TEXT' });
    const field = async () =>
      (await loadSnapshot(kit.test.opened.db, w)).objects
        .find((o) => o.nameSingular === 'company')
        ?.fields.find((f) => f.name === 'secret');
    const first = await field();
    await kit.roles.setFieldPermission(w, 'member', 'company', 'secret', { canRead: false, canWrite: false });
    expect(await grantRows(first!.id)).toBe(1);
    expect((await kit.as('member')).permissions.objects.get('company')?.hiddenFields.has('secret')).toBe(true);

    await context.metadata.deleteField(w, 'company', 'secret');
    expect(await grantRows(first!.id)).toBe(0);
    await context.metadata.createField(w, 'company', { name: 'secret', label: 'Secret', type: 'TEXT' });
    const second = await field();
    expect(second!.id).not.toBe(first!.id);
    expect(await grantRows(second!.id)).toBe(0);
    const roles = await kit.roles.listRoles(w);
    const member = roles.find((r) => r.name === 'member')?.objects.find((o) => o.object === 'company');
    expect(member?.fields).toEqual([]);
  });

  test('a deleted object loses its grants', async () => {
    const w = kit.workspaceId;
    await context.metadata.createObject(w, {
      nameSingular: 'memo',
      namePlural: 'memos',
      labelSingular: 'Memo',
      labelPlural: 'Memos',
    });
    await kit.roles.setObjectPermission(w, 'support', 'memo', { canRead: true });
    const { rows } = await kit.test.opened.db.query<{ n: number }>(
      `select count(*)::int as n from relata.role_permissions p join relata.objects o on o.id = p.object_id where o.name_singular = 'memo'`,
    );
    expect(rows[0]?.n).toBe(1);
    await context.metadata.deleteObject(w, 'memo');
    await context.metadata.createObject(w, {
      nameSingular: 'memo',
      namePlural: 'memos',
      labelSingular: 'Memo',
      labelPlural: 'Memos',
    });
    const support = (await kit.roles.listRoles(w)).find((r) => r.name === 'support');
    expect(support?.objects.find((o) => o.object === 'memo')).toMatchObject({ explicit: false, canRead: false });
  });
});
