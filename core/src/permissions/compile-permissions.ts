import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { hideUnreadableComputed } from './computed-visibility';
import type { FieldGrantRow, ObjectGrantRow } from './role-rows';
import { ADMIN_ROLE, type DefaultAccess, type ObjectPermission, type RolePermissions, UNRESTRICTED } from './types';

const EMPTY: ReadonlySet<string> = new Set();

function defaultPermission(access: DefaultAccess): ObjectPermission | null {
  if (access === 'none') return null;
  const write = access !== 'read';
  return {
    read: true,
    create: write,
    update: write,
    delete: write,
    scope: 'all',
    condition: null,
    hiddenFields: EMPTY,
    readOnlyFields: EMPTY,
  };
}

function fieldRules(object: ObjectMetadata, grants: ReadonlyMap<string, FieldGrantRow>) {
  const hidden = new Set<string>();
  const readOnly = new Set<string>();
  for (const field of object.fields) {
    const grant = grants.get(field.id);
    if (!grant) continue;
    if (!grant.can_read) hidden.add(field.name);
    if (!grant.can_read || !grant.can_write) readOnly.add(field.name);
  }
  return { hidden, readOnly };
}

/**
 * A role's rights over the objects of `snapshot`: an object grant replaces the role's
 * default for that object; field grants narrow (or re-open) single fields. Grants are
 * matched by object and field id, so a grant never follows a name to a new field.
 */
export function compilePermissions(
  snapshot: WorkspaceSnapshot,
  role: { name: string; defaultAccess: DefaultAccess; statementTimeoutMs?: number | null },
  objectGrants: readonly ObjectGrantRow[],
  fieldGrants: readonly FieldGrantRow[],
): RolePermissions {
  const timeout = role.statementTimeoutMs ? { statementTimeoutMs: role.statementTimeoutMs } : {};
  if (role.name === ADMIN_ROLE || role.defaultAccess === 'all') return { ...UNRESTRICTED, role: role.name, ...timeout };
  const byObject = new Map(objectGrants.map((g) => [g.object_id, g]));
  const byField = new Map(fieldGrants.map((g) => [g.field_id, g]));
  const objects = new Map<string, ObjectPermission>();
  for (const object of snapshot.objects) {
    const grant = byObject.get(object.id);
    const base: ObjectPermission | null = grant
      ? {
          read: grant.can_read,
          create: grant.can_create,
          update: grant.can_update,
          delete: grant.can_delete,
          scope: grant.record_scope,
          condition: grant.record_scope === 'condition' ? grant.record_condition : null,
          hiddenFields: EMPTY,
          readOnlyFields: EMPTY,
        }
      : defaultPermission(role.defaultAccess);
    if (!base) continue;
    const { hidden, readOnly } = fieldRules(object, byField);
    objects.set(object.nameSingular, { ...base, hiddenFields: hidden, readOnlyFields: readOnly });
  }
  return { role: role.name, unrestricted: false, objects: hideUnreadableComputed(snapshot, objects), ...timeout };
}
