import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import { grantedObject, type PluginManifest } from '../manifest';

interface BundleObject {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  fields: unknown[];
  [key: string]: unknown;
}

/**
 * The metadata bundle that adds what a plugin contributes and the workspace lacks: its objects
 * (with their fields) and its fields on other objects. Objects and fields that exist are left
 * as they are (a reinstall or an upgrade adds only what is new). null: nothing to add.
 */
export function contributedBundle(
  manifest: PluginManifest,
  snapshot: WorkspaceSnapshot,
): { objects: BundleObject[] } | null {
  const objects = new Map<string, BundleObject>();
  const existing = (name: string) => snapshot.objects.find((it) => it.nameSingular === name);
  const hasField = (object: string, field: string) => existing(object)?.fields.some((it) => it.name === field) ?? false;
  for (const { fields = [], ...object } of manifest.contributes.objects) {
    const missing = fields.filter((field) => !hasField(object.nameSingular, field.name));
    if (existing(object.nameSingular) && missing.length === 0) continue;
    const stored = existing(object.nameSingular);
    objects.set(
      object.nameSingular,
      stored ? { ...identityOf(stored), fields: missing } : { ...object, fields: missing },
    );
  }
  for (const [index, { object, ...field }] of manifest.contributes.fields.entries()) {
    if (hasField(object, field.name)) continue;
    let entry = objects.get(object);
    if (!entry) {
      const stored = existing(object);
      if (!stored) {
        const path = `relata.contributes.fields[${index}].object`;
        throw badInput(path, `${path}: this workspace has no object "${object}".`);
      }
      entry = { ...identityOf(stored), fields: [] };
      objects.set(object, entry);
    }
    entry.fields.push(field);
  }
  return objects.size === 0 ? null : { objects: [...objects.values()] };
}

function identityOf(object: WorkspaceSnapshot['objects'][number]) {
  return {
    nameSingular: object.nameSingular,
    namePlural: object.namePlural,
    labelSingular: object.labelSingular,
    labelPlural: object.labelPlural,
  };
}

/** The fields (on others' objects) and objects a plugin contributed, in the order to delete them. */
export function contributedRemovals(manifest: PluginManifest, snapshot: WorkspaceSnapshot) {
  const own = new Set(manifest.contributes.objects.map((it) => it.nameSingular));
  const exists = (name: string) => snapshot.objects.some((it) => it.nameSingular === name);
  return {
    fields: manifest.contributes.fields.filter(
      (it) =>
        !own.has(it.object) &&
        snapshot.objects.find((o) => o.nameSingular === it.object)?.fields.some((f) => f.name === it.name),
    ),
    objects: [...own].filter(exists),
  };
}

/**
 * Refuses, before anything is shown for approval, permissions on an object the workspace lacks
 * and the plugin does not bring. @throws BAD_USER_INPUT naming the manifest key
 */
export function assertGrantedObjectsExist(manifest: PluginManifest, snapshot: WorkspaceSnapshot): void {
  const known = new Set([
    ...snapshot.objects.map((it) => it.nameSingular),
    ...manifest.contributes.objects.map((it) => it.nameSingular),
  ]);
  for (const kind of ['read', 'write'] as const) {
    for (const [index, grant] of manifest.permissions[kind].entries()) {
      const path = `relata.permissions.${kind}[${index}]`;
      if (!known.has(grantedObject(grant)))
        throw badInput(path, `${path}: this workspace has no object "${grantedObject(grant)}".`);
    }
  }
}
