import { describe, expect, test } from 'vitest';
import { type CreateFieldInput, planBundle, type WorkspaceSnapshot } from '../metadata';
import { portalPermissions } from './portal-permissions';

const EMPTY: WorkspaceSnapshot = Object.freeze({ workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] });

const relation = (
  name: string,
  target: string,
  kind: 'MANY_TO_ONE' | 'MANY_TO_MANY',
  inverseName: string,
  portalVisible: boolean,
): CreateFieldInput => ({
  name,
  label: name,
  type: 'RELATION',
  portalVisible,
  relation: { target, kind, inverseName },
});

const object = (name: string, plural: string, fields: CreateFieldInput[]) => ({
  nameSingular: name,
  namePlural: plural,
  labelSingular: name,
  labelPlural: plural,
  fields: [{ name: 'title', label: 'Title', type: 'TEXT' as const, portalVisible: true }, ...fields],
});

/**
 * person (linked) -> company (portal-visible many-to-one); ticket -> person (portal-visible);
 * deal -> person (not portal-visible); event <-> person (portal-visible many-to-many, owned by event).
 */
const snapshot = planBundle(EMPTY, {
  objects: [
    object('company', 'companies', []),
    object('person', 'people', [
      { name: 'secret', label: 'Secret', type: 'TEXT' },
      relation('company', 'company', 'MANY_TO_ONE', 'people', true),
    ]),
    object('ticket', 'tickets', [relation('contact', 'person', 'MANY_TO_ONE', 'tickets', true)]),
    object('deal', 'deals', [relation('contact', 'person', 'MANY_TO_ONE', 'deals', false)]),
    object('event', 'events', [relation('guests', 'person', 'MANY_TO_MANY', 'events', true)]),
  ],
}).next;

const LINKED = { $user: 'id' };

describe('portal rights of a user linked to a person', () => {
  const permissions = portalPermissions(snapshot, 'person');

  test('named portal:person, never unrestricted', () => {
    expect(permissions).toMatchObject({ role: 'portal:person', unrestricted: false });
  });

  test.each([
    ['the linked object itself', 'person', { id: { eq: LINKED } }],
    ['a many-to-one to it', 'ticket', { contactId: { eq: LINKED } }],
    ['the target of its many-to-one (inverse side)', 'company', { people: { id: { eq: LINKED } } }],
    ['a many-to-many to it', 'event', { guests: { id: { eq: LINKED } } }],
  ])('reads %s, read-only, through a condition', (_case, name, condition) => {
    expect(permissions.objects.get(name)).toMatchObject({
      read: true,
      create: false,
      update: false,
      delete: false,
      scope: 'condition',
      condition,
    });
  });

  test('an object whose relation is not portal-visible stays invisible', () => {
    expect(permissions.objects.has('deal')).toBe(false);
  });

  test('hides fields not marked portal-visible and standard fields but id', () => {
    const person = permissions.objects.get('person')!;
    expect(person.hiddenFields.has('secret')).toBe(true);
    expect(person.hiddenFields.has('ownerId')).toBe(true);
    expect(person.hiddenFields.has('createdAt')).toBe(true);
    expect(person.hiddenFields.has('id')).toBe(false);
    expect(person.hiddenFields.has('title')).toBe(false);
    expect(person.hiddenFields.has('company')).toBe(false);
    expect([...person.readOnlyFields].sort()).toEqual(['company', 'secret', 'title']);
  });

  test('a link to an object that no longer exists grants nothing', () => {
    expect(portalPermissions(snapshot, 'gone').objects.size).toBe(0);
  });
});
