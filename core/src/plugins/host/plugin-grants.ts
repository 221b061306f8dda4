import { z } from 'zod';
import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { ObjectPermission, RolePermissions } from '../../permissions';
import { grantedObject, type ObjectGrant, type PluginManifest } from '../manifest';

/**
 * The permissions an admin approved for a plugin, held by object and field id (never by name, so
 * a grant never follows a name to another object). `readFieldIds` / `writeFieldIds` null: every
 * field. Write implies reading what is written (the record service answers with the record).
 */
export const pluginGrantsSchema = z.object({
  objects: z.array(
    z.object({
      objectId: z.string(),
      /** The object's name in the manifest when approved: hooks name it, the grant holds its id. */
      name: z.string(),
      write: z.boolean(),
      readFieldIds: z.array(z.string()).nullable(),
      writeFieldIds: z.array(z.string()).nullable(),
    }),
  ),
  http: z.array(z.string()),
});
export type PluginGrants = z.infer<typeof pluginGrantsSchema>;

/**
 * Resolves a manifest's permissions against the workspace (after the plugin's own objects and
 * fields were added). @throws BAD_USER_INPUT naming the manifest key of an unknown object or field
 */
export function resolveGrants(manifest: PluginManifest, snapshot: WorkspaceSnapshot): PluginGrants {
  const byObject = new Map<
    string,
    { objectId: string; name: string; write: boolean; read: Set<string> | null; written: Set<string> | null }
  >();
  for (const kind of ['read', 'write'] as const) {
    for (const [index, grant] of manifest.permissions[kind].entries()) {
      const path = `relata.permissions.${kind}[${index}]`;
      const object = snapshot.objects.find((it) => it.nameSingular === grantedObject(grant));
      if (!object) throw badInput(path, `${path}: this workspace has no object "${grantedObject(grant)}".`);
      const fieldIds = fieldIdsOf(grant, object.fields, path);
      const entry = byObject.get(object.id) ?? {
        objectId: object.id,
        name: object.nameSingular,
        write: false,
        read: new Set(),
        written: null,
      };
      entry.read = union(entry.read, fieldIds);
      if (kind === 'write') {
        entry.written = entry.write ? union(entry.written, fieldIds) : fieldIds;
        entry.write = true;
      }
      byObject.set(object.id, entry);
    }
  }
  // The plugin's own objects are its to read and write whole.
  for (const contributed of manifest.contributes.objects) {
    const object = snapshot.objects.find((it) => it.nameSingular === contributed.nameSingular);
    if (object && !byObject.has(object.id)) {
      byObject.set(object.id, {
        objectId: object.id,
        name: object.nameSingular,
        write: true,
        read: null,
        written: null,
      });
    }
  }
  return {
    objects: [...byObject.values()].map((it) => ({
      objectId: it.objectId,
      name: it.name,
      write: it.write,
      readFieldIds: it.read ? [...it.read] : null,
      writeFieldIds: it.write && it.written ? [...it.written] : null,
    })),
    http: [...manifest.permissions.http],
  };
}

function fieldIdsOf(grant: ObjectGrant, fields: Array<{ id: string; name: string }>, path: string): Set<string> | null {
  if (typeof grant === 'string') return null;
  return new Set(
    grant.fields.map((name, index) => {
      const field = fields.find((it) => it.name === name);
      if (!field)
        throw badInput(
          `${path}.fields[${index}]`,
          `${path}.fields[${index}]: "${grant.object}" has no field "${name}".`,
        );
      return field.id;
    }),
  );
}

/** null stands for every field, so it absorbs any other set. */
function union(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  return a === null || b === null ? null : new Set([...a, ...b]);
}

/**
 * The role a plugin acts with: exactly its grants, every record of a granted object (plugins
 * own no records), nothing of any other object. Enforced where every role is: in the compiled
 * SQL of reads and in the record service's write checks.
 */
export function pluginPermissions(
  pluginName: string,
  grants: PluginGrants,
  snapshot: WorkspaceSnapshot,
): RolePermissions {
  const objects = new Map<string, ObjectPermission>();
  for (const grant of grants.objects) {
    const object = snapshot.objects.find((it) => it.id === grant.objectId);
    if (!object) continue;
    const readable = grant.readFieldIds && new Set(grant.readFieldIds);
    const writable = grant.writeFieldIds && new Set(grant.writeFieldIds);
    const hiddenFields = new Set(object.fields.filter((it) => readable && !readable.has(it.id)).map((it) => it.name));
    const readOnlyFields = new Set(
      object.fields
        .filter((it) => hiddenFields.has(it.name) || !grant.write || (writable && !writable.has(it.id)))
        .map((it) => it.name),
    );
    objects.set(object.nameSingular, {
      read: true,
      create: grant.write,
      update: grant.write,
      delete: grant.write,
      scope: 'all',
      condition: null,
      hiddenFields,
      readOnlyFields,
    });
  }
  return { role: `plugin:${pluginName}`, unrestricted: false, objects };
}
