import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import { readPortalSettings, storedPortalSettings } from './portal-settings';

const EMPTY: WorkspaceSnapshot = Object.freeze({ workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] });

const snapshot = planBundle(EMPTY, {
  objects: [
    {
      nameSingular: 'person',
      namePlural: 'people',
      labelSingular: 'Person',
      labelPlural: 'People',
      fields: [{ name: 'name', label: 'Name', type: 'TEXT', portalVisible: true }],
    },
    {
      nameSingular: 'ticket',
      namePlural: 'tickets',
      labelSingular: 'Ticket',
      labelPlural: 'Tickets',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT', portalVisible: true },
        { name: 'secret', label: 'Secret', type: 'TEXT' },
        {
          name: 'contact',
          label: 'Contact',
          type: 'RELATION',
          portalVisible: true,
          relation: { target: 'person', kind: 'MANY_TO_ONE', inverseName: 'tickets' },
        },
      ],
    },
  ],
}).next;

const ticket = {
  object: 'ticket',
  contactField: 'contact',
  statusField: null,
  allowCreate: true,
  createFields: ['title'],
};

describe('portal settings against the metadata', () => {
  test('are stored by ids and read back by names', () => {
    const stored = storedPortalSettings(snapshot, { enabled: true, contactObject: 'person', objects: [ticket] });
    const object = snapshot.objects.find((o) => o.nameSingular === 'ticket')!;
    expect(stored.objects[0]).toMatchObject({
      objectId: object.id,
      contactFieldId: object.fields.find((f) => f.name === 'contact')!.id,
    });
    expect(readPortalSettings(snapshot, stored)).toEqual({ enabled: true, contactObject: 'person', objects: [ticket] });
  });

  test.each([
    ['an unknown key', { extra: 1 }, 'input'],
    [
      'a hidden create field',
      { objects: [{ ...ticket, createFields: ['secret'] }] },
      'input.objects[0].createFields[0]',
    ],
    [
      'a relation as create field',
      { objects: [{ ...ticket, createFields: ['contact'] }] },
      'input.objects[0].createFields[0]',
    ],
    [
      'a contact field that is not a relation',
      { objects: [{ ...ticket, contactField: 'title' }] },
      'input.objects[0].contactField',
    ],
    ['an object listed twice', { objects: [ticket, ticket] }, 'input.objects[1].object'],
  ])('refuse %s, naming the input path', (_case, change, field) => {
    const input = { enabled: true, contactObject: 'person', objects: [ticket], ...change };
    expect(() => storedPortalSettings(snapshot, input)).toThrow(expect.objectContaining({ details: { field } }));
  });

  test('an object gone since drops out; a contact object gone switches the portal off', () => {
    const stored = storedPortalSettings(snapshot, { enabled: true, contactObject: 'person', objects: [ticket] });
    const withoutTicket = { ...snapshot, objects: snapshot.objects.filter((o) => o.nameSingular !== 'ticket') };
    expect(readPortalSettings(withoutTicket, stored).objects).toEqual([]);
    const withoutPerson = { ...snapshot, objects: snapshot.objects.filter((o) => o.nameSingular !== 'person') };
    expect(readPortalSettings(withoutPerson, stored)).toEqual({ enabled: false, contactObject: null, objects: [] });
  });
});
