import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import type { ObjectPermission, RolePermissions } from '../permissions';
import { bindConditionVariables, compileScopeCheck } from './scope-sql';

const snapshot: WorkspaceSnapshot = planBundle(
  { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
  {
    objects: [
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [{ name: 'title', label: 'Title', type: 'TEXT' }],
      },
    ],
  },
).next;
const deal = snapshot.objects[0]!;
const USER = '0190a000-0000-7000-8000-000000000001';

const role = (over: Partial<ObjectPermission>): RolePermissions => ({
  role: 'r',
  unrestricted: false,
  objects: new Map([
    [
      'deal',
      {
        read: true,
        create: true,
        update: true,
        delete: true,
        scope: 'all',
        condition: null,
        hiddenFields: new Set<string>(),
        readOnlyFields: new Set<string>(),
        ...over,
      },
    ],
  ]),
});

describe('record scope SQL', () => {
  test('scope all needs no check', () => {
    expect(compileScopeCheck(snapshot, role({}), USER, deal, [USER])).toBeNull();
  });

  test('own compares owner_id with the actor, as a bound value', () => {
    const query = compileScopeCheck(snapshot, role({ scope: 'own' }), USER, deal, ['x']);
    expect(query?.text).toContain('t."owner_id" = $1::uuid');
    expect(query?.params).toEqual([USER, ['x']]);
  });

  test('a condition compiles through the filter compiler with the user bound', () => {
    const condition = { or: [{ createdBy: { eq: { $user: 'id' } } }, { title: { startsWith: 'Public' } }] };
    const query = compileScopeCheck(snapshot, role({ scope: 'condition', condition }), USER, deal, ['x']);
    expect(query?.text).toMatch(/t\."created_by" = \$1::uuid\) or \(t\."title" like \$2\)/);
    expect(query?.params).toEqual([USER, 'Public%', ['x']]);
  });

  test('user variables: only { "$user": "id" }', () => {
    expect(bindConditionVariables({ a: [{ $user: 'id' }] }, USER, 'c')).toEqual({ a: [USER] });
    expect(() => bindConditionVariables({ a: { $user: 'email' } }, USER, 'c')).toThrow(/\$user/);
  });
});
