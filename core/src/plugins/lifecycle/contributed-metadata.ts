import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import {
  contributedFieldKey,
  contributedObjectKey,
  grantedObject,
  ownFieldKey,
  type PluginManifest,
} from '../manifest';

interface BundleObject {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  fields: unknown[];
  [key: string]: unknown;
}

/** The bundle a plugin's contributions add, and where in the manifest each of its parts came from. */
export interface ContributedBundle {
  bundle: { objects: BundleObject[] };
  /** Per bundle object: the manifest key of the object, and of each of its fields in order. */
  origins: Array<{ object: string; fields: string[] }>;
}

/**
 * The metadata bundle that adds what a plugin contributes and the workspace lacks: its objects
 * (with their fields) and its fields on other objects. Objects and fields that exist are left
 * as they are (a reinstall or an upgrade adds only what is new). null: nothing to add.
 * @throws BAD_USER_INPUT naming the field's manifest key when it targets an object the workspace lacks
 */
export function contributedBundle(manifest: PluginManifest, snapshot: WorkspaceSnapshot): ContributedBundle | null {
  const objects = new Map<string, BundleObject>();
  const origins = new Map<string, { object: string; fields: string[] }>();
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
    origins.set(object.nameSingular, {
      object: contributedObjectKey(object.nameSingular),
      fields: missing.map((field) => ownFieldKey(object.nameSingular, field.name)),
    });
  }
  for (const { object, ...field } of manifest.contributes.fields) {
    if (hasField(object, field.name)) continue;
    let entry = objects.get(object);
    if (!entry) {
      const stored = existing(object);
      if (!stored) {
        const key = `${contributedFieldKey(object, field.name)}.object`;
        throw badInput(key, `${key}: this workspace has no object "${object}".`);
      }
      entry = { ...identityOf(stored), fields: [] };
      objects.set(object, entry);
      origins.set(object, { object: contributedObjectKey(object), fields: [] });
    }
    entry.fields.push(field);
    origins.get(object)?.fields.push(contributedFieldKey(object, field.name));
  }
  if (objects.size === 0) return null;
  return { bundle: { objects: [...objects.values()] }, origins: [...objects.keys()].map((name) => origins.get(name)!) };
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
