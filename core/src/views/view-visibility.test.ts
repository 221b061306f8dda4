import { describe, expect, test } from 'vitest';
import type { ObjectPermission, RolePermissions } from '../permissions';
import { UNRESTRICTED } from '../permissions';
import { unitSnapshot } from '../records/test-snapshot';
import { viewSettings } from './view-input';
import { readableFieldNames, visibleSettings } from './view-visibility';

const grant = (hidden: string[]): ObjectPermission => ({
  read: true,
  create: false,
  update: false,
  delete: false,
  scope: 'all',
  condition: null,
  hiddenFields: new Set(hidden),
  readOnlyFields: new Set(hidden),
});

/** Reads companies without `domain` and opportunities without `amount`. */
const seller: RolePermissions = {
  role: 'seller',
  unrestricted: false,
  objects: new Map([
    ['company', grant(['domain'])],
    ['opportunity', grant(['amount'])],
  ]),
};
/** Reads opportunities only: their relations to companies lead nowhere. */
const loner: RolePermissions = { role: 'loner', unrestricted: false, objects: new Map([['opportunity', grant([])]]) };

const opportunity = unitSnapshot.objects.find((o) => o.nameSingular === 'opportunity')!;
const visible = (permissions: RolePermissions, settings: unknown) =>
  visibleSettings(unitSnapshot, permissions, opportunity, viewSettings.parse(settings));

describe('readableFieldNames', () => {
  test('drops hidden fields, and relations whose target the role cannot read', () => {
    expect([...readableFieldNames(unitSnapshot, seller, opportunity)].sort()).toEqual(
      ['closeDate', 'company', 'payload', 'tags', 'title'].sort(),
    );
    expect([...readableFieldNames(unitSnapshot, loner, opportunity)].sort()).toEqual([
      'amount',
      'closeDate',
      'payload',
      'title',
    ]);
  });
});

describe('visibleSettings', () => {
  test('the admin gets the settings as saved', () => {
    const settings = { filter: { amount: { amount: { gt: 1 } } }, columns: [{ field: 'amount' }] };
    expect(visible(UNRESTRICTED, settings)).toEqual({ settings: viewSettings.parse(settings), restricted: false });
  });

  test('readable settings pass unchanged, relation filters included', () => {
    const settings = {
      filter: {
        or: [{ title: { eq: 'a' } }, { not: { company: { name: { eq: 'Acme' } } } }],
        tags: { name: { eq: 'x' } },
      },
      columns: [{ field: 'title', width: 200 }],
      orderBy: [{ field: 'closeDate', direction: 'AscNullsLast' }],
      groupBy: 'title',
    };
    expect(visible(seller, settings)).toEqual({ settings: viewSettings.parse(settings), restricted: false });
  });

  test('hidden columns, sort keys, groupBy and sumField are cut one by one', () => {
    const result = visible(seller, {
      columns: [{ field: 'title' }, { field: 'amount' }],
      orderBy: [{ field: 'amount', direction: 'DescNullsLast' }],
      groupBy: 'amount',
      sumField: 'amount',
    });
    expect(result).toEqual({
      settings: { columns: [{ field: 'title' }], orderBy: [], groupBy: null, sumField: null },
      restricted: true,
    });
  });

  test('hidden card fields and a hidden weight field are cut one by one', () => {
    const result = visible(seller, { cardFields: ['amount', 'title'], weightField: 'amount', groupBy: 'title' });
    expect(result).toEqual({
      settings: { columns: [], orderBy: [], groupBy: 'title', cardFields: ['title'], weightField: null },
      restricted: true,
    });
    expect(visible(seller, { cardFields: ['title'] }).restricted).toBe(false);
  });

  test.each([
    ['at the top', { amount: { amount: { gt: 1 } } }],
    ['inside and/or/not', { and: [{ title: { eq: 'a' } }, { or: [{ not: { amount: { amount: { gt: 1 } } } }] }] }],
    ['through a relation', { company: { domain: { eq: 'quokka' } } }],
    ['an unknown field', { company: { nothingHere: { eq: 'quokka' } } }],
    ['a malformed and', { and: { amount: { amount: { gt: 1 } } } }],
  ])('a filter naming a hidden field %s is dropped whole', (_where, filter) => {
    expect(visible(seller, { filter, columns: [{ field: 'title' }] })).toEqual({
      settings: { filter: null, columns: [{ field: 'title' }], orderBy: [] },
      restricted: true,
    });
  });

  test('a filter through a relation to an object the role cannot read is dropped', () => {
    expect(visible(loner, { filter: { company: { name: { eq: 'Acme' } } } }).restricted).toBe(true);
  });
});
