import { describe, expect, test } from 'vitest';
import { sampleSnapshot } from '../../metadata/test-snapshot';
import { parsePluginManifest } from '../manifest';
import { pluginPermissions, resolveGrants } from './plugin-grants';

const manifestWith = (permissions: unknown) =>
  parsePluginManifest({ relata: { name: 'grants-test', version: '1.0.0', engine: '^1', permissions } });

describe('plugin grants', () => {
  const snapshot = sampleSnapshot();
  const company = snapshot.objects.find((it) => it.nameSingular === 'company')!;
  const person = snapshot.objects.find((it) => it.nameSingular === 'person')!;

  test('are held by id and become a role that sees nothing but them', () => {
    const grants = resolveGrants(manifestWith({ read: ['company'], http: ['api.example.com'] }), snapshot);
    expect(grants).toEqual({
      objects: [{ objectId: company.id, name: 'company', write: false, readFieldIds: null, writeFieldIds: null }],
      http: ['api.example.com'],
    });
    const role = pluginPermissions('grants-test', grants, snapshot);
    expect(role).toMatchObject({ role: 'plugin:grants-test', unrestricted: false });
    expect([...role.objects.keys()]).toEqual(['company']);
    expect(role.objects.get('company')).toMatchObject({ read: true, create: false, update: false, delete: false });
    expect(role.objects.get('person')).toBeUndefined();
  });

  test('field lists hide the other fields; write implies reading what is written', () => {
    const grants = resolveGrants(
      manifestWith({
        read: [{ object: 'person', fields: ['name'] }],
        write: [{ object: 'person', fields: ['email'] }],
      }),
      snapshot,
    );
    const role = pluginPermissions('grants-test', grants, snapshot).objects.get('person')!;
    const others = person.fields.map((it) => it.name).filter((it) => it !== 'name' && it !== 'email');
    expect([...role.hiddenFields].sort()).toEqual(others.sort());
    expect(role.readOnlyFields.has('name')).toBe(true);
    expect(role.readOnlyFields.has('email')).toBe(false);
    expect(role).toMatchObject({ read: true, create: true, update: true, delete: true, scope: 'all' });
  });

  test('a renamed object keeps its grant; a deleted one loses it', () => {
    const grants = resolveGrants(manifestWith({ write: ['company'] }), snapshot);
    const renamed = {
      ...snapshot,
      objects: snapshot.objects.map((it) => (it.id === company.id ? { ...it, nameSingular: 'account' } : it)),
    };
    expect([...pluginPermissions('p', grants, renamed).objects.keys()]).toEqual(['account']);
    const without = { ...snapshot, objects: snapshot.objects.filter((it) => it.id !== company.id) };
    expect(pluginPermissions('p', grants, without).objects.size).toBe(0);
  });

  test('an unknown object or field is refused naming the manifest key', () => {
    expect(() => resolveGrants(manifestWith({ read: ['company', 'invoice'] }), snapshot)).toThrow(
      expect.objectContaining({ details: { field: 'relata.permissions.read[1]' } }),
    );
    expect(() =>
      resolveGrants(manifestWith({ write: [{ object: 'person', fields: ['shoeSize'] }] }), snapshot),
    ).toThrow(expect.objectContaining({ details: { field: 'relata.permissions.write[0].fields[0]' } }));
  });
});
