import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import {
  contributedFieldKey,
  contributedObjectKey,
  grantedObject,
  ownFieldKey,
  type PluginManifest,
  requiredFieldKey,
  requiredObjectKey,
} from '../manifest';

interface BundleObject {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  fields: Array<{ name: string; type: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** The bundle a plugin's contributions add, and where in the manifest each of its parts came from. */
export interface ContributedBundle {
  bundle: { objects: BundleObject[] };
  /** Per bundle object: the manifest key of the object, and of each of its fields in order. */
  origins: Array<{ object: string; fields: string[] }>;
  /** What it adds, one line an object: `new object Case (case): subject, priority` / `new fields on Customer (customer): rfmScore`. */
  adds: string[];
}

type DeclaredObject = PluginManifest['requires']['objects'][number];

/**
 * The metadata bundle that adds what a plugin needs and the workspace lacks: the objects it
 * requires and its own objects (with their fields), then its fields on other objects. Objects and
 * fields that exist are reused as they are (a template's, an earlier version's); a field that
 * exists with another type is refused, since the plugin's code would misread it. null: nothing
 * to add.
 * @throws BAD_USER_INPUT naming the manifest key (`relata.requires.objects.case.fields.priority.type`)
 */
export function contributedBundle(manifest: PluginManifest, snapshot: WorkspaceSnapshot): ContributedBundle | null {
  const entries = new Map<string, { object: BundleObject; origin: { object: string; fields: string[] } }>();
  const existing = (name: string) => snapshot.objects.find((it) => it.nameSingular === name);
  const entryOf = (name: string, key: string, declared?: DeclaredObject) => {
    let entry = entries.get(name);
    if (!entry) {
      const stored = existing(name);
      const { fields: _fields, ...identity } = declared ?? ({} as Partial<DeclaredObject>);
      // A new object: the identity the manifest declares (parsed: the four names are there).
      const object: BundleObject = { ...(stored ? identityOf(stored) : (identity as BundleObject)), fields: [] };
      entry = { object, origin: { object: key, fields: [] } };
      entries.set(name, entry);
    }
    return entry;
  };
  /** Adds `field` unless the object has it (then its type must match); false when it had it. */
  const add = (object: string, objectKey: string, field: BundleObject['fields'][number], key: string) => {
    const stored = existing(object)?.fields.find((it) => it.name === field.name);
    if (stored && stored.type !== field.type) {
      throw badInput(
        `${key}.type`,
        `${key}.type: this workspace's ${object}.${field.name} is a ${stored.type} field; the plugin needs ${field.type}.`,
      );
    }
    if (stored || entries.get(object)?.object.fields.some((it) => it.name === field.name)) return;
    const entry = entryOf(object, objectKey);
    entry.object.fields.push(field);
    entry.origin.fields.push(key);
  };
  const declare = (
    objects: DeclaredObject[],
    objectKey: (o: string) => string,
    fieldKey: (o: string, f: string) => string,
  ) => {
    for (const declared of objects) {
      const name = declared.nameSingular;
      if (!existing(name)) entryOf(name, objectKey(name), declared);
      for (const field of declared.fields ?? []) add(name, objectKey(name), field, fieldKey(name, field.name));
    }
  };
  declare(manifest.requires.objects, requiredObjectKey, requiredFieldKey);
  declare(manifest.contributes.objects, contributedObjectKey, ownFieldKey);
  for (const { object, ...field } of manifest.contributes.fields) {
    if (!existing(object) && !entries.has(object)) {
      const key = `${contributedFieldKey(object, field.name)}.object`;
      throw badInput(key, `${key}: this workspace has no object "${object}".`);
    }
    add(object, contributedObjectKey(object), field, contributedFieldKey(object, field.name));
  }
  if (entries.size === 0) return null;
  const list = [...entries.values()];
  return {
    bundle: { objects: list.map((it) => it.object) },
    origins: list.map((it) => it.origin),
    adds: list.map(({ object }) => {
      const what = existing(object.nameSingular) ? 'new fields on' : 'new object';
      const fields = object.fields.map((it) => it.name).join(', ');
      return `${what} ${object.labelSingular} (${object.nameSingular})${fields ? `: ${fields}` : ''}`;
    }),
  };
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
 * and the plugin neither brings nor requires. @throws BAD_USER_INPUT naming the manifest key
 */
export function assertGrantedObjectsExist(manifest: PluginManifest, snapshot: WorkspaceSnapshot): void {
  const known = new Set([
    ...snapshot.objects.map((it) => it.nameSingular),
    ...manifest.contributes.objects.map((it) => it.nameSingular),
    ...manifest.requires.objects.map((it) => it.nameSingular),
  ]);
  for (const kind of ['read', 'write'] as const) {
    for (const [index, grant] of manifest.permissions[kind].entries()) {
      const path = `relata.permissions.${kind}[${index}]`;
      if (!known.has(grantedObject(grant)))
        throw badInput(path, `${path}: this workspace has no object "${grantedObject(grant)}".`);
    }
  }
}
