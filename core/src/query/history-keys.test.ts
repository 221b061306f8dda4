import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import { type ObjectPermission, type RolePermissions, UNRESTRICTED } from '../permissions';
import { historyKeys } from './history-keys';

const snapshot: WorkspaceSnapshot = planBundle(
  { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
  {
    objects: [
      {
        nameSingular: 'company',
        namePlural: 'companies',
        labelSingular: 'Company',
        labelPlural: 'Companies',
        fields: [{ name: 'name', label: 'Name', type: 'TEXT' }],
      },
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'amount', label: 'Amount', type: 'CURRENCY' },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'deals' },
          },
          {
            name: 'partners',
            label: 'Partners',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'partnerDeals' },
          },
        ],
      },
    ],
  },
).next;
const deal = snapshot.objects.find((o) => o.nameSingular === 'deal')!;

const full: ObjectPermission = {
  read: true,
  create: false,
  update: false,
  delete: false,
  scope: 'all',
  condition: null,
  hiddenFields: new Set(),
  readOnlyFields: new Set(),
};

const role = (objects: Record<string, Partial<ObjectPermission>>): RolePermissions => ({
  role: 'r',
  unrestricted: false,
  objects: new Map(Object.entries(objects).map(([name, over]) => [name, { ...full, ...over }])),
});

describe('historyKeys', () => {
  test('the admin sees every field key and the owner and deletion changes', () => {
    expect(historyKeys(snapshot, UNRESTRICTED, deal).sort()).toEqual(
      ['amount', 'companyId', 'deletedAt', 'ownerId', 'partnersIds', 'title'].sort(),
    );
  });

  test('hidden fields are left out; a many-to-many set needs its target readable too', () => {
    const keys = historyKeys(snapshot, role({ deal: { hiddenFields: new Set(['amount']) } }), deal);
    expect(keys.sort()).toEqual(['companyId', 'deletedAt', 'ownerId', 'title'].sort());
    const withCompany = historyKeys(snapshot, role({ deal: {}, company: {} }), deal);
    expect(withCompany).toContain('partnersIds');
  });
});
