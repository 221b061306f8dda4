import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import { compilePermissions } from './compile-permissions';

const snapshot: WorkspaceSnapshot = planBundle(
  { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
  {
    objects: [
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'margin', label: 'Margin', type: 'NUMBER' },
        ],
      },
      { nameSingular: 'note', namePlural: 'notes', labelSingular: 'Note', labelPlural: 'Notes', fields: [] },
    ],
  },
).next;
const deal = snapshot.objects.find((o) => o.nameSingular === 'deal')!;
const margin = deal.fields.find((f) => f.name === 'margin')!;

const grant = (over: Record<string, unknown> = {}) => ({
  role_id: 'r',
  object_id: deal.id,
  can_read: true,
  can_create: false,
  can_update: true,
  can_delete: false,
  record_scope: 'condition' as const,
  record_condition: { title: { eq: 'x' } },
  ...over,
});

describe('compilePermissions', () => {
  test('admin is unrestricted whatever rows exist', () => {
    expect(compilePermissions(snapshot, { name: 'admin', defaultAccess: 'none' }, [grant()], []).unrestricted).toBe(
      true,
    );
  });

  test.each([
    ['none', undefined],
    ['read', { read: true, create: false, scope: 'all' }],
    ['crud', { read: true, create: true, update: true, delete: true, scope: 'all' }],
  ] as const)('default access %s applies to objects without a grant', (access, expected) => {
    const permissions = compilePermissions(snapshot, { name: 'r', defaultAccess: access }, [], []);
    if (expected) expect(permissions.objects.get('note')).toMatchObject(expected);
    else expect(permissions.objects.has('note')).toBe(false);
  });

  test('an object grant replaces the default; field grants hide or freeze fields by id', () => {
    const permissions = compilePermissions(
      snapshot,
      { name: 'r', defaultAccess: 'crud' },
      [grant()],
      [
        { role_id: 'r', field_id: margin.id, can_read: false, can_write: false },
        { role_id: 'r', field_id: 'a-deleted-field', can_read: true, can_write: true },
      ],
    );
    const rights = permissions.objects.get('deal');
    expect(rights).toMatchObject({ read: true, create: false, update: true, scope: 'condition' });
    expect(rights?.condition).toEqual({ title: { eq: 'x' } });
    expect([...(rights?.hiddenFields ?? [])]).toEqual(['margin']);
    expect([...(rights?.readOnlyFields ?? [])]).toEqual(['margin']);
  });
});
